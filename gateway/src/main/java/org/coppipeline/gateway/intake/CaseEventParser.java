package org.coppipeline.gateway.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemBounds;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.query.Cursor;

/**
 * Turns request bytes into a {@link CaseEvent} or a 400/413 problem. Never throws anything else for any body.
 * Nothing here logs: the body is PHI, and so may be any parser message quoting it.
 */
@ApplicationScoped
public class CaseEventParser {

    /** RFC 3339 allows a lower-case 't' and 'z'. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    /** Deepest nesting of objects and arrays a body may have; the contract's deepest is 5. */
    static final int MAX_NESTING = 32;

    private final ObjectMapper strict;
    /** As {@link #strict}, with every non-integer number read exactly (BigDecimal), not as a double. */
    private final ObjectMapper exact;
    /** Keys sorted at every level, no whitespace: the one serialisation of an event (see {@link CaseEvent}). */
    private final ObjectWriter canonicalWriter;
    private final CaseEventSchema schema;
    private final int maxBodyBytes;

    public CaseEventParser(ObjectMapper mapper, GatewayConfig config) {
        // A duplicate member or trailing garbage makes a body ambiguous: refuse it rather than pick a reading.
        // No valid event nests deeper than 5 levels (every object of the schema is closed): a body nested deeper than
        // MAX_NESTING is refused by the parser, before any recursive walk (ours, the schema validator's) can overflow
        // a worker's stack (-Xss512k) on Jackson's default limit of 1,000 levels (GatewayFuzzIT found 500s there).
        this.strict = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.exact = strict.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.canonicalWriter = mapper.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
        this.schema = CaseEventSchema.load(mapper);
        this.maxBodyBytes = config.maxBodyBytes();
    }

    public CaseEventSchema schema() {
        return schema;
    }

    public CaseEvent parse(byte[] bytes) {
        if (bytes != null && bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        if (bytes == null || bytes.length == 0) {
            throw malformed("The body is empty.", "body is empty");
        }
        JsonNode tree;
        try {
            tree = strict.readTree(bytes);
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the body: only the position goes out.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw malformed("The body is not well-formed JSON" + where + ".", "not well-formed JSON" + where);
        } catch (IOException | RuntimeException e) {
            throw malformed("The body cannot be read as JSON.", "not readable as JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw malformed("The body is empty.", "body is empty");
        }
        if (schema.floatInIntegerField(tree)) {
            // Rare (a 3.0 in an integer field): the double may have lost a non-integer's fraction (1E-400 reads as 0),
            // so such fields are judged on their literals, read again exactly.
            try {
                schema.keepNonIntegers(tree, exact.readTree(bytes));
            } catch (IOException | RuntimeException e) {
                throw malformed("The body cannot be read as JSON.", "not readable as JSON");
            }
        }

        List<FieldError> errors;
        boolean truncated;
        if (schema.conforms(tree) && storableTree(tree)) {
            // The common case costs no pointer and no message; a refused body gets the full account below.
            errors = new ArrayList<>(1);
            truncated = false;
        } else {
            CaseEventSchema.Violations violations = schema.violations(tree, ProblemBounds.MAX_ERRORS);
            errors = new ArrayList<>(violations.errors());
            truncated = violations.truncated();
            if (!truncated) {
                // Over what was validated only: what was left out is reported already.
                truncated = unstorableText(violations.looked(), "", errors, ProblemBounds.MAX_ERRORS);
            }
        }
        Instant occurredAt = null;
        if (errors.stream().noneMatch(e -> e.pointer().equals("/occurredAt")) && tree.path("occurredAt").isTextual()) {
            try {
                occurredAt = OffsetDateTime.parse(tree.path("occurredAt").asText(), RFC_3339).toInstant()
                        .truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeException e) {
                // e.g. a leap second: valid RFC 3339 syntax, but not an instant the store can keep.
                errors.add(FieldError.at("/occurredAt", "not a representable RFC 3339 date-time"));
            }
            if (occurredAt != null && !Cursor.inRange(occurredAt)) {
                // Year 0000 is RFC 3339, but before the first instant the gateway stores.
                errors.add(FieldError.at("/occurredAt", "not between 0001-01-01 and 9999-12-31"));
                occurredAt = null;
            }
        }
        if (!errors.isEmpty()) {
            errors = onePerField(errors);
            if (errors.size() > ProblemBounds.MAX_ERRORS) {
                errors = errors.subList(0, ProblemBounds.MAX_ERRORS);
                truncated = true;
            }
            String detail;
            if (truncated) {
                detail = "The case event violates the contract at more than " + errors.size() + " places; the first "
                        + errors.size() + " are listed.";
            } else if (errors.size() == 1) {
                detail = "The case event violates the contract at " + errors.get(0).pointer() + ".";
            } else {
                detail = "The case event violates the contract at " + errors.size() + " places.";
            }
            throw ProblemException.validation(detail, errors, truncated);
        }

        ObjectNode body = (ObjectNode) tree;
        schema.normaliseIntegers(body);
        try {
            byte[] canonical = canonicalWriter.writeValueAsBytes(body);
            return new CaseEvent(
                    UUID.fromString(body.path("eventId").asText()),
                    body.path("caseId").asText(),
                    body.path("hospitalId").asText(),
                    occurredAt,
                    body.path("schemaVersion").asInt(1),
                    body,
                    new String(canonical, StandardCharsets.UTF_8),
                    sha256(canonical));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw malformed("The body cannot be re-encoded as JSON.", "not encodable as JSON");
        }
    }

    /** One entry per pointer (a value can break several rules at once, e.g. format and pattern), in pointer order. */
    static List<FieldError> onePerField(List<FieldError> errors) {
        Map<String, String> byPointer = new TreeMap<>();
        for (FieldError error : errors) {
            byPointer.merge(error.pointer(), error.message(), (a, b) -> a.equals(b) ? a : a + "; " + b);
        }
        List<FieldError> merged = new ArrayList<>();
        byPointer.forEach((pointer, message) -> merged.add(FieldError.at(pointer, message)));
        return merged;
    }

    public ProblemException tooLarge() {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "The body exceeds " + (maxBodyBytes / 1024) + " KiB.", null, Map.of());
    }

    private static ProblemException malformed(String detail, String message) {
        return new ProblemException(ProblemType.MALFORMED_JSON, detail, List.of(FieldError.at("", message)), Map.of());
    }

    /**
     * PostgreSQL text and jsonb cannot hold U+0000, and an unpaired surrogate is not Unicode: both would
     * fail (or be silently altered) at the database, so they are refused here with their pointer. Stops once
     * {@code errors} holds {@code limit} entries; returns true when it stopped early.
     */
    private static boolean unstorableText(JsonNode node, String pointer, List<FieldError> errors, int limit) {
        if (node.isTextual()) {
            if (!storable(node.textValue())) {
                if (errors.size() >= limit) {
                    return true;
                }
                errors.add(FieldError.at(pointer, "text contains U+0000 or an unpaired surrogate"));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = pointer + "/" + CaseEventSchema.escape(field.getKey());
                if (!storable(field.getKey())) {
                    if (errors.size() >= limit) {
                        return true;
                    }
                    errors.add(FieldError.at(child, "member name contains U+0000 or an unpaired surrogate"));
                }
                if (unstorableText(field.getValue(), child, errors, limit)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (unstorableText(node.get(i), pointer + "/" + i, errors, limit)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link #unstorableText} without the pointers: whether every text and member name of the body is storable. */
    static boolean storableTree(JsonNode node) {
        if (node.isTextual()) {
            return storable(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!storable(field.getKey()) || !storableTree(field.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!storableTree(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
