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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemBounds;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.query.Cursor;

/**
 * The intake's parser as it was before the body was parsed once (commit 392e6fe), kept verbatim but for its names and
 * result: the "before" of {@link IntakeCostTest}, and the reference its answers are compared with.
 */
final class LegacyCaseEventParser {

    /** RFC 3339 allows a lower-case 't' and 'z'. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    /** Deepest nesting of objects and arrays a body may have; the contract's deepest is 5. */
    static final int MAX_NESTING = 32;

    private final ObjectMapper strict;
    private final ObjectMapper output;
    private final LegacyCaseEventSchema schema;
    private final int maxBodyBytes;

    LegacyCaseEventParser(ObjectMapper mapper, GatewayConfig config) {
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
        this.output = mapper;
        this.schema = LegacyCaseEventSchema.load(mapper);
        this.maxBodyBytes = config.maxBodyBytes();
    }

    Parsed parse(byte[] bytes) {
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

        LegacyCaseEventSchema.Violations violations = schema.violations(tree, ProblemBounds.MAX_ERRORS);
        List<FieldError> errors = new ArrayList<>(violations.errors());
        boolean truncated = violations.truncated();
        if (!truncated) {
            // Over what was validated only: what was left out is reported already.
            truncated = unstorableText(violations.looked(), "", errors, ProblemBounds.MAX_ERRORS);
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
        try {
            String canonical = output.writeValueAsString(canonical(body));
            return new Parsed(
                    UUID.fromString(body.path("eventId").asText()),
                    occurredAt,
                    canonical,
                    sha256(canonical),
                    output.writeValueAsString(body));
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

    ProblemException tooLarge() {
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
                String child = pointer + "/" + LegacyCaseEventSchema.escape(field.getKey());
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

    /** The same tree with every object's members in name order: equal bodies hash equal whatever the key order. */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            sorted.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return node;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** What the intake took from a valid body. */
    record Parsed(UUID eventId, Instant occurredAt, String canonicalJson, String bodySha256, String compactJson) {
    }
}
