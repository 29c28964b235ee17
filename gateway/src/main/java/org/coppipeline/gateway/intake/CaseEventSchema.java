package org.coppipeline.gateway.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.coppipeline.gateway.api.Problem.FieldError;

/**
 * The contract's JSON Schema (a byte-for-byte copy of shared/contract/case-event.schema.json on the
 * classpath), compiled once. The one source of truth for what a valid case event is.
 */
public final class CaseEventSchema {

    public static final String RESOURCE = "contract/case-event.schema.json";

    private final JsonSchema schema;
    private final JsonNode document;

    private CaseEventSchema(JsonSchema schema, JsonNode document) {
        this.schema = schema;
        this.document = document;
    }

    public static CaseEventSchema load(ObjectMapper mapper) {
        JsonNode document;
        try (InputStream in = CaseEventSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            document = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                // 2020-12 treats "format" as an annotation unless asked: the contract means it (uuid, date-time).
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .failFast(false)
                .build();
        // The schema's $id is relative; it resolves against where the copy lives, and nothing is fetched.
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("classpath:" + RESOURCE), document, config);
        schema.initializeValidators();
        return new CaseEventSchema(schema, document);
    }

    /** The schema document itself (for the OpenAPI description). */
    public JsonNode document() {
        return document;
    }

    /** Every violation, one entry per field, each with a JSON Pointer to the offending (or missing) field. */
    public List<FieldError> violations(JsonNode body) {
        List<FieldError> beyondDouble = new ArrayList<>();
        beyondDouble(body, "", beyondDouble);
        if (!beyondDouble.isEmpty()) {
            // The validator's enum, const and range rules throw on an infinite number (a 500, found by the fuzzing tier).
            return beyondDouble;
        }
        Set<ValidationMessage> messages = schema.validate(body);
        Set<FieldError> errors = new LinkedHashSet<>();
        for (ValidationMessage message : messages) {
            String pointer = pointer(message.getInstanceLocation());
            String text = message.getError();
            switch (message.getType()) {
                case "additionalProperties" -> {
                    pointer = pointer + "/" + escape(message.getProperty());
                    text = "unknown field: not in the case-event contract";
                }
                case "required" -> {
                    pointer = pointer + "/" + escape(message.getProperty());
                    text = "required field is missing";
                }
                default -> {
                    // message.getError() names the rule (type, range, enum, pattern), never the value sent.
                }
            }
            errors.add(FieldError.at(pointer, text));
        }
        List<FieldError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::message));
        return sorted;
    }

    /**
     * A number literal beyond a double's range (1E+400) is read as infinity: out of range wherever it stands. Walked
     * with a stack of its own, not by recursion: a body may nest up to the parser's limit (1,000 levels).
     */
    private static void beyondDouble(JsonNode root, String rootPointer, List<FieldError> errors) {
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry(rootPointer, root));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            String pointer = next.getKey();
            JsonNode node = next.getValue();
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                errors.add(FieldError.at(pointer, "number out of range"));
            } else if (node.isObject()) {
                node.fields().forEachRemaining(f -> pending.push(Map.entry(pointer + "/" + escape(f.getKey()), f.getValue())));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    pending.push(Map.entry(pointer + "/" + i, node.get(i)));
                }
            }
        }
        errors.sort(Comparator.comparing(FieldError::pointer));
    }

    static String pointer(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return pointer.toString();
    }

    /** RFC 6901: '~' and '/' inside a member name are escaped. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
