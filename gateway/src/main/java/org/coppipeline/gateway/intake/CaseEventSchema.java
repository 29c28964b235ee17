package org.coppipeline.gateway.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
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
    static final String UNKNOWN_FIELD = "unknown field: not in the case-event contract";

    private final JsonSchema schema;
    private final JsonNode document;
    private final IntegerFields integers;

    private CaseEventSchema(JsonSchema schema, JsonNode document) {
        this.schema = schema;
        this.document = document;
        this.integers = IntegerFields.of(document);
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

    /**
     * Whether the body is a valid event, found without building a pointer or a message: the cheap answer for the
     * common case, a valid body. Exactly when this is false {@link #violations(JsonNode, int)} finds violations; that
     * (costlier) walk is only for a body that is refused. A schema-valid body is within every maxItems and has no
     * undeclared member, so nothing of it would have been left out of the validated copy.
     */
    public boolean conforms(JsonNode body) {
        // The validator's enum, const and range rules throw on an infinite number (see validate).
        return finite(body) && Boolean.TRUE.equals(schema.validate(body, OutputFormat.BOOLEAN));
    }

    private static boolean finite(JsonNode node) {
        if (node.isContainerNode()) {
            // Recursion is bounded: the parser refuses a body nested deeper than CaseEventParser.MAX_NESTING.
            for (JsonNode child : node) {
                if (!finite(child)) {
                    return false;
                }
            }
            return true;
        }
        return !node.isFloatingPointNumber() || Double.isFinite(node.doubleValue());
    }

    /**
     * Writes every integral number standing in a field the schema types "integer" (or whose const is an integer) as
     * an integer: JSON Schema counts 3.0 as the integer 3, so the event goes on as {@code 3}, and a stage never has to
     * tell the two apart. Only for a body that {@link #conforms}: such a number is integral by then. Numbers of
     * "number" fields keep their decimals (68.0 stays 68.0).
     */
    public void normaliseIntegers(JsonNode body) {
        integers.normalise(body);
    }

    /**
     * Whether a floating-point number stands in a field the schema types "integer". Such a number was read as a
     * double, which can have lost what made its literal a non-integer (1E-400 underflows to 0, 1.0000000000000001
     * rounds to 1): see {@link #keepNonIntegers}. A body with none (nearly every one) needs nothing more.
     */
    public boolean floatInIntegerField(JsonNode body) {
        return integers.holdsFloat(body);
    }

    /**
     * Puts in {@code body}, for every integer field whose double reads as a whole number but whose literal, read
     * exactly into {@code exact} (the same body parsed with BigDecimal floats), is not one, that exact value: the body
     * is then refused like any other non-integer there, with the same message.
     */
    public void keepNonIntegers(JsonNode body, JsonNode exact) {
        integers.keepNonIntegers(body, exact);
    }

    /**
     * The violations found, at most {@code limit}; truncated when there were more, or when a part of the body was not
     * looked at (the items of an array beyond its maxItems) and may hold more. {@code looked} is the part of the body
     * that was validated: no larger than the schema allows (see {@link #prune}).
     */
    public record Violations(List<FieldError> errors, boolean truncated, JsonNode looked) {
    }

    /** Every violation (see {@link #violations(JsonNode, int)}), for callers that want them all. */
    public List<FieldError> violations(JsonNode body) {
        return violations(body, Integer.MAX_VALUE).errors();
    }

    /**
     * The violations of a body, one entry per violated rule and field, each with a JSON Pointer to the offending (or
     * missing) field, in pointer order, at most {@code limit} of them.
     * <p>
     * The work is bounded whatever the body: a 256 KiB body can hold 87,000 array items or members, and the validator
     * would build an error for each. So the body is first walked alongside the schema ({@link #prune}): an array
     * longer than its maxItems, and a member that a closed object (additionalProperties false) does not declare, are
     * reported here, once each and up to the limit, and left out of the copy the validator then checks. That copy is
     * no larger than the schema allows, so neither is the validator's work; nothing left out could have been valid.
     */
    public Violations violations(JsonNode body, int limit) {
        Collector early = new Collector(limit);
        JsonNode bounded = prune(document, body, "", early);
        if (early.full()) {
            return new Violations(sorted(early.errors), true, bounded);
        }
        List<FieldError> errors = new ArrayList<>(early.errors);
        errors.addAll(validate(bounded));
        List<FieldError> all = sorted(errors);
        return all.size() > limit ? new Violations(all.subList(0, limit), true, bounded)
                : new Violations(all, early.truncated(), bounded);
    }

    private static List<FieldError> sorted(List<FieldError> errors) {
        List<FieldError> sorted = new ArrayList<>(new LinkedHashSet<>(errors));
        sorted.sort(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::message));
        return sorted;
    }

    /** Errors up to a limit; beyond it they are only counted. */
    private static final class Collector {
        final int limit;
        final List<FieldError> errors = new ArrayList<>();
        long seen;
        /** Items beyond an array's maxItems were not looked at: they may hold errors of their own. */
        boolean skipped;

        Collector(int limit) {
            this.limit = limit;
        }

        void add(String pointer, String message) {
            seen++;
            if (errors.size() < limit) {
                errors.add(FieldError.at(pointer, message));
            }
        }

        /** No room left: further work could only find errors that would not be listed. */
        boolean full() {
            return seen > limit;
        }

        boolean truncated() {
            return skipped || seen > errors.size();
        }
    }

    /**
     * A copy of {@code node} without what {@code schema} (an object or array schema of this contract's kind: type,
     * properties, additionalProperties, items, maxItems) forbids outright, reporting each such item or member. Where the
     * schema says nothing of these keywords the value is kept as it is, for the validator to judge.
     */
    private static JsonNode prune(JsonNode schema, JsonNode node, String pointer, Collector errors) {
        if (schema == null || !schema.isObject() || errors.full()) {
            return node;
        }
        if (node.isObject()) {
            JsonNode properties = schema.path("properties");
            boolean closed = schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").booleanValue();
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                String child = pointer + "/" + escape(member.getKey());
                JsonNode declared = properties.get(member.getKey());
                if (declared == null && closed) {
                    errors.add(child, UNKNOWN_FIELD);
                    if (errors.full()) {
                        return copy;
                    }
                } else {
                    copy.set(member.getKey(), prune(declared, member.getValue(), child, errors));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            int max = schema.path("maxItems").canConvertToInt() ? schema.path("maxItems").intValue() : Integer.MAX_VALUE;
            if (node.size() > max) {
                errors.add(pointer, "must have at most " + max + " items but found " + node.size());
                errors.skipped = true;
            }
            JsonNode items = schema.get("items");
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < Math.min(max, node.size()) && !errors.full(); i++) {
                copy.add(prune(items, node.get(i), pointer + "/" + i, errors));
            }
            return copy;
        }
        return node;
    }

    private List<FieldError> validate(JsonNode body) {
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
                    text = UNKNOWN_FIELD;
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
        return new ArrayList<>(errors);
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

    /**
     * Where the schema has integer fields: its object properties and array items that lead to one, computed once from
     * the document (the contract uses neither $ref nor combinators, so properties and items are all there is to follow).
     */
    private record IntegerFields(boolean integer, Map<String, IntegerFields> properties, IntegerFields items) {

        static IntegerFields of(JsonNode schema) {
            if (schema == null || !schema.isObject()) {
                return null;
            }
            JsonNode constant = schema.get("const");
            boolean integer = "integer".equals(schema.path("type").asText())
                    || constant != null && constant.isIntegralNumber();
            Map<String, IntegerFields> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                IntegerFields child = of(property.getValue());
                if (child != null) {
                    properties.put(property.getKey(), child);
                }
            }
            IntegerFields items = of(schema.get("items"));
            return integer || !properties.isEmpty() || items != null ? new IntegerFields(integer, Map.copyOf(properties), items)
                    : null;
        }

        void normalise(JsonNode node) {
            if (node instanceof ObjectNode object) {
                properties.forEach((name, field) -> {
                    JsonNode value = object.get(name);
                    if (value != null) {
                        JsonNode integral = field.integral(value);
                        if (integral != value) {
                            object.set(name, integral);
                        }
                    }
                });
            } else if (node instanceof ArrayNode array && items != null) {
                for (int i = 0; i < array.size(); i++) {
                    JsonNode value = array.get(i);
                    JsonNode integral = items.integral(value);
                    if (integral != value) {
                        array.set(i, integral);
                    }
                }
            }
        }

        boolean holdsFloat(JsonNode node) {
            if (node instanceof ObjectNode object) {
                for (Map.Entry<String, IntegerFields> field : properties.entrySet()) {
                    JsonNode value = object.get(field.getKey());
                    if (value != null && field.getValue().floatAt(value)) {
                        return true;
                    }
                }
            } else if (node instanceof ArrayNode array && items != null) {
                for (JsonNode value : array) {
                    if (items.floatAt(value)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean floatAt(JsonNode value) {
            return integer && value.isFloatingPointNumber() || holdsFloat(value);
        }

        void keepNonIntegers(JsonNode node, JsonNode exact) {
            if (node instanceof ObjectNode object && exact instanceof ObjectNode exactObject) {
                properties.forEach((name, field) -> {
                    JsonNode value = object.get(name);
                    JsonNode exactValue = exactObject.get(name);
                    if (value != null && exactValue != null) {
                        JsonNode kept = field.nonInteger(value, exactValue);
                        if (kept != value) {
                            object.set(name, kept);
                        }
                    }
                });
            } else if (node instanceof ArrayNode array && exact instanceof ArrayNode exactArray && items != null) {
                for (int i = 0; i < Math.min(array.size(), exactArray.size()); i++) {
                    JsonNode value = array.get(i);
                    JsonNode kept = items.nonInteger(value, exactArray.get(i));
                    if (kept != value) {
                        array.set(i, kept);
                    }
                }
            }
        }

        /** The exact value when the double is whole but the literal is not; else the value, kept within. */
        private JsonNode nonInteger(JsonNode value, JsonNode exact) {
            if (integer && value.isFloatingPointNumber()) {
                if (value.canConvertToExactIntegral() && exact.isBigDecimal()) {
                    BigDecimal literal = exact.decimalValue();
                    if (literal.signum() != 0 && literal.stripTrailingZeros().scale() > 0) {
                        return exact;
                    }
                }
                return value;
            }
            keepNonIntegers(value, exact);
            return value;
        }

        /** The value written as an integer when it is an integral number in an integer field; else normalised within. */
        private JsonNode integral(JsonNode value) {
            if (integer && value.isNumber() && !value.isIntegralNumber()) {
                BigInteger whole;
                try {
                    whole = value.decimalValue().toBigIntegerExact();
                } catch (ArithmeticException notIntegral) {
                    // Only a refused body can hold one (the schema says "integer"): left as it is.
                    return value;
                }
                if (whole.bitLength() < 32) {
                    return IntNode.valueOf(whole.intValue());
                }
                return whole.bitLength() < 64 ? LongNode.valueOf(whole.longValue()) : BigIntegerNode.valueOf(whole);
            }
            normalise(value);
            return value;
        }
    }
}
