package org.coppipeline.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mutated requests for the gateway: case-event bodies derived from the contract examples, query strings and headers.
 * Request {@code i} of a stream depends only on (seed, stream, i), so any one of them is made again from the seed and
 * its index, whatever the threads did. Every string the fuzzer writes into a clinical section (anything but eventId,
 * caseId, hospitalId, occurredAt, schemaVersion) carries {@link #MARKER}: no log line may ever contain it.
 */
final class GatewayFuzzer {
    /** Starts every PHI value the fuzzer invents; mixed case and never produced by ids, trace ids or timestamps. */
    static final String MARKER = "PhiMark";
    static final List<String> NOT_PHI = List.of("eventId", "caseId", "hospitalId", "occurredAt", "schemaVersion");

    enum Stream { BODY, QUERY, HEADER }

    /** What was done to a body; several may apply to one. */
    enum Kind {
        VALID, TYPE_SWAP, DELETION, HUGE_NUMBER, DEEP_NESTING, LONG_STRING, UNICODE, DUPLICATE_KEY, UNKNOWN_FIELD,
        ENUM_VARIANT, EMPTY_CONTAINER, RAW_TOKEN, TRUNCATION, BYTE_FLIP, WRONG_ROOT
    }

    /** One request: method, raw request target (path and query as sent), headers (name, value pairs), body bytes. */
    record Request(Stream stream, long index, String kinds, String method, String target, List<String[]> headers,
            byte[] body, boolean carriesMarker, boolean wellFormedHttp) {
        String describe() {
            String text = new String(body, StandardCharsets.UTF_8);
            return stream + " #" + index + " [" + kinds + "] " + method + " " + abbreviate(target, 200) + " headers "
                    + headers.stream().map(h -> h[0] + ": " + abbreviate(h[1], 80)).toList() + " body " + body.length + " bytes: "
                    + abbreviate(text, 300);
        }
    }

    /** What a request needs of the environment: a good token of the hospital that request i uses, and for a mutation a token of another. */
    interface Tokens {
        String token(String hospital);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Kind[] TREE_KINDS = { Kind.TYPE_SWAP, Kind.DELETION, Kind.HUGE_NUMBER, Kind.DEEP_NESTING,
        Kind.LONG_STRING, Kind.UNICODE, Kind.DUPLICATE_KEY, Kind.UNKNOWN_FIELD, Kind.ENUM_VARIANT, Kind.EMPTY_CONTAINER };
    private static final Kind[] TEXT_KINDS = { Kind.RAW_TOKEN, Kind.TRUNCATION, Kind.BYTE_FLIP, Kind.WRONG_ROOT };
    private static final String[] UNICODE = { "\u00e9\u00e8", "\u4e2d\u6587", "\ud83d\udc8a\ud83e\udec1", "\u202eevil\u202c",
        "\u200b\u200d\ufeff", "a\u0301\u0302\u0303", "\u0000", "\u0007\u001b[31m", "\r\n", "\\", "\"", "\ud800", "\udfff",
        "\uffff", "\u2028\u2029", "\u0130\u0131" };
    private static final String[] RAW_TOKENS = { "NaN", "Infinity", "-Infinity", "1e99999999", "-1e-99999999", "0x1F", "01",
        "-0", "1.", ".5", "+1", "1e", "--1", "undefined", "True", "nul", "9".repeat(400), "1" + "0".repeat(5000) };

    private final long seed;
    private final List<JsonNode> examples;
    private final List<String> hospitals;

    GatewayFuzzer(long seed, List<JsonNode> exampleEvents, List<String> hospitals) {
        this.seed = seed;
        this.examples = List.copyOf(exampleEvents);
        this.hospitals = List.copyOf(hospitals);
    }

    static String hospitalFor(List<String> hospitals, long index) {
        return hospitals.get((int) Math.floorMod(index, (long) hospitals.size()));
    }

    private SplittableRandom random(Stream stream, long index) {
        long mixed = seed * 0x9E3779B97F4A7C15L + (stream.ordinal() + 1L) * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        return new SplittableRandom(mixed);
    }

    // ---------------------------------------------------------------- bodies

    Request body(long index, Tokens tokens) {
        SplittableRandom r = random(Stream.BODY, index);
        String hospital = hospitalFor(hospitals, index);
        ObjectNode event = baseEvent(r, index, hospital);
        List<Kind> kinds = new ArrayList<>();
        Map<String, String> raw = new LinkedHashMap<>();
        if (r.nextInt(10) == 0) {
            kinds.add(Kind.VALID);
        } else {
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                kinds.add(r.nextInt(5) == 0 ? TEXT_KINDS[r.nextInt(TEXT_KINDS.length)] : TREE_KINDS[r.nextInt(TREE_KINDS.length)]);
            }
        }
        for (Kind kind : kinds) {
            if (isTreeKind(kind)) {
                mutateTree(r, event, kind, raw);
            }
        }
        String text = write(event);
        for (var placeholder : raw.entrySet()) {
            text = text.replace(placeholder.getKey(), placeholder.getValue());
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (Kind kind : kinds) {
            if (!isTreeKind(kind) && kind != Kind.VALID) {
                bytes = mutateText(r, bytes, kind, index);
            }
        }
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] { "Authorization", "Bearer " + tokens.token(hospital) });
        headers.add(new String[] { "Content-Type", "application/json" });
        return new Request(Stream.BODY, index, kinds.toString(), "POST", "/api/v1/case-events", headers, bytes, true, true);
    }

    /** An example with this request's own ids (so it is a new event of its own case) and PHI values of the fuzzer's. */
    private ObjectNode baseEvent(SplittableRandom r, long index, String hospital) {
        ObjectNode event = examples.get(r.nextInt(examples.size())).deepCopy();
        event.put("eventId", uuid(r).toString());
        event.put("caseId", String.format(Locale.ROOT, "FZ-%x-%d", seed, index));
        event.put("hospitalId", hospital);
        ObjectNode history = event.has("history") && event.get("history").isObject() ? (ObjectNode) event.get("history")
                : event.putObject("history");
        ArrayNode medications = history.has("medications") && history.get("medications").isArray()
                ? (ArrayNode) history.get("medications") : history.putArray("medications");
        medications.addObject().put("name", marker(r, index)).put("current", false);
        JsonNode microbiology = event.path("tests").path("microbiology");
        if (microbiology.isArray() && microbiology.size() > 0 && microbiology.get(0).isObject()) {
            ((ObjectNode) microbiology.get(0)).put("organism", marker(r, index));
        }
        return event;
    }

    private static boolean isTreeKind(Kind kind) {
        for (Kind k : TREE_KINDS) {
            if (k == kind) {
                return true;
            }
        }
        return false;
    }

    /** A place in the tree: its container, its key (object) or index (array), and its JSON pointer. */
    private record Slot(JsonNode container, String key, int position, String pointer) {
        boolean phi() {
            return isPhi(pointer);
        }

        JsonNode get() {
            return key != null ? container.get(key) : container.get(position);
        }

        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) container).set(key, value);
            } else {
                ((ArrayNode) container).set(position, value);
            }
        }

        void remove() {
            if (key != null) {
                ((ObjectNode) container).remove(key);
            } else {
                ((ArrayNode) container).remove(position);
            }
        }
    }

    /** Whether a JSON pointer lies in a clinical section (PHI): anything but the event's ids and times. */
    static boolean isPhi(String pointer) {
        String first = pointer.length() <= 1 ? "" : pointer.substring(1).split("/", 2)[0];
        return !first.isEmpty() && !NOT_PHI.contains(first);
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, "", slots);
        return slots;
    }

    private static void collect(JsonNode node, String pointer, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                slots.add(new Slot(node, name, -1, child));
                collect(node.get(name), child, slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = pointer + "/" + i;
                slots.add(new Slot(node, null, i, child));
                collect(node.get(i), child, slots);
            }
        }
    }

    private void mutateTree(SplittableRandom r, ObjectNode event, Kind kind, Map<String, String> raw) {
        List<Slot> slots = slots(event);
        if (slots.isEmpty()) {
            return;
        }
        Slot slot = slots.get(r.nextInt(slots.size()));
        boolean phi = slot.phi();
        switch (kind) {
            case TYPE_SWAP -> slot.set(anyValue(r, phi, 0));
            case DELETION -> slot.remove();
            case HUGE_NUMBER -> slot.set(hugeNumber(r));
            case DEEP_NESTING -> {
                String placeholder = placeholder(raw);
                int depth = switch (r.nextInt(4)) {
                    case 0 -> 10 + r.nextInt(50);
                    case 1 -> 500 + r.nextInt(600); // around Jackson's default limit (1,000)
                    case 2 -> 5_000 + r.nextInt(20_000);
                    default -> 100 + r.nextInt(400);
                };
                boolean arrays = r.nextBoolean();
                StringBuilder nested = new StringBuilder();
                for (int d = 0; d < depth; d++) {
                    nested.append(arrays ? "[" : "{\"a\":");
                }
                nested.append(phi ? "\"" + marker(r, depth) + "\"" : "1");
                for (int d = 0; d < depth; d++) {
                    nested.append(arrays ? "]" : "}");
                }
                raw.put("\"" + placeholder + "\"", nested.toString());
                slot.set(NODES.textNode(placeholder));
            }
            case LONG_STRING -> slot.set(NODES.textNode(longString(r, phi)));
            case UNICODE -> slot.set(NODES.textNode(unicodeString(r, phi)));
            case DUPLICATE_KEY -> {
                Slot object = objectSlot(r, slots);
                ObjectNode target = object == null ? event : (ObjectNode) object.get();
                List<String> names = new ArrayList<>();
                target.fieldNames().forEachRemaining(names::add);
                if (names.isEmpty()) {
                    return;
                }
                String name = names.get(r.nextInt(names.size()));
                String placeholder = placeholder(raw);
                raw.put("\"" + placeholder + "\"", quote(name));
                String pointer = (object == null ? "" : object.pointer()) + "/" + name;
                target.set(placeholder, anyValue(r, isPhi(pointer), 0));
            }
            case UNKNOWN_FIELD -> {
                Slot object = objectSlot(r, slots);
                ObjectNode target = object == null ? event : (ObjectNode) object.get();
                String name = r.nextBoolean() ? "x" + r.nextInt(1000) : switch (r.nextInt(4)) {
                    case 0 -> "ageyears";
                    case 1 -> "__proto__";
                    case 2 -> "";
                    default -> "$ref";
                };
                // An unknown field anywhere is sender content: its value is treated as PHI.
                target.set(name, anyValue(r, true, 0));
            }
            case ENUM_VARIANT -> {
                JsonNode value = slot.get();
                if (value.isTextual()) {
                    String text = value.asText();
                    String variant = switch (r.nextInt(5)) {
                        case 0 -> text.toUpperCase(Locale.ROOT);
                        case 1 -> " " + text;
                        case 2 -> text + "\u0000";
                        case 3 -> text.replace('-', '_');
                        default -> text.isEmpty() ? "x" : text.substring(0, text.length() - 1);
                    };
                    slot.set(NODES.textNode(phi ? variant + marker(r, 0) : variant));
                } else {
                    slot.set(anyValue(r, phi, 0));
                }
            }
            case EMPTY_CONTAINER -> slot.set(r.nextBoolean() ? NODES.objectNode() : NODES.arrayNode());
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    private static Slot objectSlot(SplittableRandom r, List<Slot> slots) {
        List<Slot> objects = slots.stream().filter(s -> s.get() != null && s.get().isObject()).toList();
        return objects.isEmpty() || r.nextInt(4) == 0 ? null : objects.get(r.nextInt(objects.size()));
    }

    private static String placeholder(Map<String, String> raw) {
        return "@@fuzz" + raw.size() + "@@";
    }

    private JsonNode anyValue(SplittableRandom r, boolean phi, int depth) {
        return switch (r.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(r.nextInt(-1000, 1000));
            case 3 -> NODES.numberNode(r.nextDouble() * 1000 - 500);
            case 4 -> NODES.textNode(phi ? marker(r, depth) : shortString(r));
            case 5 -> hugeNumber(r);
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    array.add(anyValue(r, phi, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    object.set("k" + r.nextInt(100), anyValue(r, phi, depth + 1));
                }
                yield object;
            }
        };
    }

    private static JsonNode hugeNumber(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> NODES.numberNode(Long.MAX_VALUE);
            case 1 -> NODES.numberNode(Long.MIN_VALUE);
            case 2 -> NODES.numberNode(new java.math.BigInteger("9".repeat(30 + r.nextInt(300))));
            case 3 -> NODES.numberNode(new java.math.BigDecimal("1e" + (300 + r.nextInt(100_000))));
            case 4 -> NODES.numberNode(Double.MAX_VALUE);
            case 5 -> NODES.numberNode(-Double.MAX_VALUE);
            case 6 -> NODES.numberNode(new java.math.BigDecimal("1e-" + (300 + r.nextInt(100_000))));
            default -> NODES.numberNode((double) Integer.MAX_VALUE + 1);
        };
    }

    private static String marker(SplittableRandom r, long salt) {
        return MARKER + Long.toString(Math.abs(r.nextLong() ^ salt) % 1_000_000_000L, 36);
    }

    private static String shortString(SplittableRandom r) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-._ ";
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String longString(SplittableRandom r, boolean phi) {
        // Mostly up to 64 KiB; now and then beyond the contract's 256 KiB body limit (413).
        int length = r.nextInt(50) == 0 ? 262_144 + r.nextInt(40_000) : r.nextInt(10) == 0 ? 201 + r.nextInt(65_000) : 150 + r.nextInt(100);
        String unit = phi ? marker(r, length) + " " : "abcdefghij";
        StringBuilder s = new StringBuilder(length + unit.length());
        while (s.length() < length) {
            s.append(unit);
        }
        return s.toString();
    }

    private static String unicodeString(SplittableRandom r, boolean phi) {
        StringBuilder s = new StringBuilder(phi ? marker(r, 7) : "");
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            s.append(UNICODE[r.nextInt(UNICODE.length)]);
        }
        return s.toString();
    }

    private static byte[] mutateText(SplittableRandom r, byte[] bytes, Kind kind, long index) {
        return switch (kind) {
            case RAW_TOKEN -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                java.util.regex.Matcher number = java.util.regex.Pattern.compile("(?<=[:\\[,])-?\\d+(\\.\\d+)?(?=[,\\]}])").matcher(text);
                List<int[]> spans = new ArrayList<>();
                while (number.find()) {
                    spans.add(new int[] { number.start(), number.end() });
                }
                if (spans.isEmpty()) {
                    yield bytes;
                }
                int[] span = spans.get(r.nextInt(spans.size()));
                yield (text.substring(0, span[0]) + RAW_TOKENS[r.nextInt(RAW_TOKENS.length)] + text.substring(span[1]))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case TRUNCATION -> java.util.Arrays.copyOf(bytes, r.nextInt(Math.max(1, bytes.length)));
            case BYTE_FLIP -> {
                byte[] flipped = bytes.clone();
                for (int i = 1 + r.nextInt(8); i > 0 && flipped.length > 0; i--) {
                    int at = r.nextInt(flipped.length);
                    // Invalid UTF-8 (lone continuation bytes, 0xFF), structure characters, or a random byte.
                    byte[] choices = { (byte) 0x80, (byte) 0xC3, (byte) 0xFF, (byte) 0xF0, '{', '}', '[', ']', '"', ',', ':', '\\', 0 };
                    flipped[at] = r.nextBoolean() ? choices[r.nextInt(choices.length)] : (byte) r.nextInt(256);
                }
                yield flipped;
            }
            case WRONG_ROOT -> (switch (r.nextInt(9)) {
                case 0 -> "";
                case 1 -> "null";
                case 2 -> "[]";
                case 3 -> "[" + new String(bytes, StandardCharsets.UTF_8) + "]";
                case 4 -> "\"" + MARKER + index + "\"";
                case 5 -> "12345";
                case 6 -> "   \n\t ";
                case 7 -> "{}";
                default -> new String(bytes, StandardCharsets.UTF_8) + new String(bytes, StandardCharsets.UTF_8);
            }).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    // ---------------------------------------------------------------- query strings and paths

    private static final String[] LIST_PARAMETERS = { "conclusion", "recommendation", "stage", "updatedAfter", "limit", "cursor" };
    private static final String[] AUDIT_PARAMETERS = { "caseId", "actor", "after", "limit", "cursor" };

    Request query(long index, Tokens tokens) {
        SplittableRandom r = random(Stream.QUERY, index);
        String hospital = hospitalFor(hospitals, index);
        String caseId = r.nextBoolean() ? String.format(Locale.ROOT, "FZ-%x-%d", seed, r.nextInt(1000)) : pathSegment(r);
        String target = switch (r.nextInt(6)) {
            case 0, 1 -> "/api/v1/cases" + queryString(r, LIST_PARAMETERS);
            case 2 -> "/api/v1/cases/" + caseId + (r.nextInt(3) == 0 ? queryString(r, LIST_PARAMETERS) : "");
            case 3 -> "/api/v1/cases/" + caseId + "/history" + queryString(r, new String[] { "limit", "cursor" });
            case 4 -> "/api/v1/audit-events" + queryString(r, AUDIT_PARAMETERS);
            default -> switch (r.nextInt(6)) {
                case 0 -> "/api/v1/cases/";
                case 1 -> "/api/v1/cases/" + caseId + "/history/x";
                case 2 -> "/api/v1//cases";
                case 3 -> "/api/v1/cases/%2e%2e/%2e%2e/q/metrics";
                case 4 -> "/api/v1/case-events" + queryString(r, LIST_PARAMETERS);
                default -> "/" + pathSegment(r);
            };
        };
        String method = r.nextInt(12) == 0 ? new String[] { "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE" }[r.nextInt(6)] : "GET";
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] { "Authorization", "Bearer " + tokens.token(hospital) });
        if (r.nextInt(4) == 0) {
            headers.add(new String[] { "If-None-Match", r.nextBoolean() ? "\"" + shortString(r) + "\"" : "*" });
        }
        boolean wellFormed = target.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return new Request(Stream.QUERY, index, "query", method, target, headers, new byte[0], false, wellFormed);
    }

    private static String queryString(SplittableRandom r, String[] parameters) {
        if (r.nextInt(8) == 0) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            String name = r.nextInt(10) == 0 ? shortString(r) : parameters[r.nextInt(parameters.length)];
            q.append(q.length() > 1 ? "&" : "").append(encode(name)).append('=').append(queryValue(r, name));
        }
        return r.nextInt(20) == 0 ? q + "&&=&" + "x".repeat(r.nextInt(3)) : q.toString();
    }

    private static String queryValue(SplittableRandom r, String name) {
        return switch (r.nextInt(10)) {
            case 0 -> "";
            case 1 -> encode(unicodeString(r, false));
            case 2 -> "%" + (r.nextBoolean() ? "zz" : "") + (r.nextBoolean() ? "%00" : "%");
            case 3 -> "x".repeat(r.nextInt(10) == 0 ? 9_000 + r.nextInt(20_000) : 300 + r.nextInt(2000));
            case 4 -> encode(String.valueOf(switch (r.nextInt(6)) {
                case 0 -> Long.MAX_VALUE;
                case 1 -> Long.MIN_VALUE;
                case 2 -> -1;
                case 3 -> 0;
                case 4 -> 501;
                default -> "1e9999";
            }));
            case 5 -> encode(date(r));
            case 6 -> encode(cursor(r));
            case 7 -> encode(switch (name) {
                case "conclusion" -> new String[] { "cop-confirmed", "COP-CONFIRMED", "cop-confirmed ", "op-unlikely,cop-probable" }[r.nextInt(4)];
                case "recommendation" -> new String[] { "oral-glucocorticoid", "oral_glucocorticoid", "*" }[r.nextInt(3)];
                case "stage" -> new String[] { "planned", "PLANNED", "scored", "nothing", "planned\u0000" }[r.nextInt(5)];
                default -> shortString(r);
            });
            case 8 -> encode("' OR 1=1 --");
            default -> String.valueOf(r.nextInt(-5, 600));
        };
    }

    private static String date(SplittableRandom r) {
        return new String[] { "2026-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
            "+10000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "2026-13-45T25:61:61Z",
            "2016-12-31T23:59:60Z", "2026-01-01T00:00:00+25:00", "2026-01-01", "1970-01-01T00:00:00Z", "4713-01-01T00:00:00Z",
            "294277-01-01T00:00:00Z", "-4714-11-24T00:00:00Z", "2026-01-01T00:00:00.1234567890123Z", "now" }[r.nextInt(16)];
    }

    private static String cursor(SplittableRandom r) {
        byte[] bytes = new byte[r.nextInt(1, 120)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) r.nextInt(256);
        }
        String json = switch (r.nextInt(6)) {
            case 0 -> "{\"u\":\"" + date(r) + "\",\"h\":\"x\",\"c\":\"y\"}";
            case 1 -> "{\"updatedAt\":" + Long.MAX_VALUE + ",\"hospitalId\":null}";
            case 2 -> "[" + "9".repeat(400) + "]";
            case 3 -> date(r) + "|hosp|case";
            case 4 -> "\u0000\u0001";
            default -> null;
        };
        byte[] content = json == null ? bytes : json.getBytes(StandardCharsets.UTF_8);
        String encoded = r.nextBoolean() ? Base64.getUrlEncoder().withoutPadding().encodeToString(content)
                : Base64.getEncoder().encodeToString(content);
        return r.nextInt(5) == 0 ? encoded.substring(0, encoded.length() / 2) : encoded;
    }

    private static String pathSegment(SplittableRandom r) {
        return switch (r.nextInt(7)) {
            case 0 -> "..";
            case 1 -> encode("a/b");
            case 2 -> "x".repeat(65 + r.nextInt(3000));
            case 3 -> encode(unicodeString(r, false));
            case 4 -> "%00";
            case 5 -> "\u00e9t\u00e9"; // raw non-ASCII in the request line
            default -> encode(shortString(r));
        };
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- headers

    Request header(long index, Tokens tokens) {
        SplittableRandom r = random(Stream.HEADER, index);
        String hospital = hospitalFor(hospitals, index);
        boolean post = r.nextInt(3) != 0;
        ObjectNode event = baseEvent(r, index, hospital);
        byte[] body = post ? write(event).getBytes(StandardCharsets.UTF_8) : new byte[0];
        String token = tokens.token(hospital);
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] { "Authorization", "Bearer " + token });
        if (post) {
            headers.add(new String[] { "Content-Type", "application/json" });
        }
        List<String> kinds = new ArrayList<>();
        boolean wellFormed = true;
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            int kind = r.nextInt(12);
            switch (kind) {
                case 0 -> {
                    kinds.add("authorization");
                    String[] parts = token.split("\\.");
                    String value = switch (r.nextInt(10)) {
                        case 0 -> "";
                        case 1 -> "Bearer";
                        case 2 -> "Bearer " + shortString(r);
                        case 3 -> "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8));
                        case 4 -> "Bearer " + token.substring(0, r.nextInt(token.length()));
                        case 5 -> "Bearer " + parts[0].replace('e', 'f') + "." + parts[1] + "." + parts[2];
                        case 6 -> "Bearer " + Base64.getUrlEncoder().withoutPadding().encodeToString(
                                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
                        case 7 -> "bearer " + token;
                        case 8 -> "Bearer " + tokens.token(hospitalFor(hospitals, index + 1));
                        default -> "Bearer " + token + "x".repeat(r.nextInt(9_000, 30_000));
                    };
                    replace(headers, "Authorization", value, r.nextInt(8) == 0);
                }
                case 1 -> {
                    kinds.add("content-type");
                    replace(headers, "Content-Type", new String[] { "", "text/plain", "application/json; charset=ISO-8859-1",
                        "application/json; charset=nonsense", "application/json, text/plain", "*/*", "application/problem+json",
                        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json;;;",
                        "APPLICATION/JSON" }[r.nextInt(11)], r.nextInt(6) == 0);
                }
                case 2 -> {
                    kinds.add("accept");
                    headers.add(new String[] { "Accept", new String[] { "application/xml", "text/html", "*/*;q=abc",
                        "application/json;q=0", "image/png", "" }[r.nextInt(6)] });
                }
                case 3 -> {
                    kinds.add("traceparent");
                    headers.add(new String[] { "traceparent", new String[] { "garbage", "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
                        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz",
                        "00-" + "a".repeat(3000), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra" }[r.nextInt(6)] });
                }
                case 4 -> {
                    kinds.add("baggage");
                    headers.add(new String[] { r.nextBoolean() ? "baggage" : "tracestate",
                        new String[] { "k=v;;;", "=,=,=", "a=" + "b".repeat(9000), "k=%zz", "\u00e9=\u00e9", ",,,,", "k=v,k=v,k=v" }[r.nextInt(7)] });
                    wellFormed = false;
                }
                case 5 -> {
                    kinds.add("if-none-match");
                    headers.add(new String[] { "If-None-Match", new String[] { "*", "W/\"x\"", "\"", "\"" + "a".repeat(5000) + "\"",
                        "\"a\", \"b\", W/\"c\"" }[r.nextInt(5)] });
                }
                case 6 -> {
                    kinds.add("content-encoding");
                    headers.add(new String[] { "Content-Encoding", new String[] { "gzip", "deflate", "br", "identity, gzip", "x" }[r.nextInt(5)] });
                }
                case 7 -> {
                    kinds.add("forwarded");
                    headers.add(new String[] { new String[] { "X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "X-Forwarded-Proto",
                        "X-Forwarded-Prefix" }[r.nextInt(5)], new String[] { "999.1.1.1", "evil.example", "for=\"[::1]:x\";proto=gopher",
                        "javascript:", "/q" }[r.nextInt(5)] });
                }
                case 8 -> {
                    kinds.add("many-headers");
                    for (int i = 0; i < 50 + r.nextInt(300); i++) {
                        headers.add(new String[] { "X-F" + i, shortString(r) });
                    }
                }
                case 9 -> {
                    kinds.add("raw-bytes");
                    headers.add(new String[] { "X-Note", "\u00ff\u00fe" + unicodeString(r, false).replaceAll("[\\r\\n]", "") });
                    wellFormed = false;
                }
                case 10 -> {
                    kinds.add("bad-name");
                    headers.add(new String[] { new String[] { "X Bad", "X:Bad", "(x)", "X\u00e9" }[r.nextInt(4)], "v" });
                    wellFormed = false;
                }
                default -> {
                    kinds.add("expect-or-method");
                    headers.add(new String[] { r.nextBoolean() ? "Expect" : "X-HTTP-Method-Override",
                        new String[] { "100-continue", "DELETE", "nonsense" }[r.nextInt(3)] });
                }
            }
        }
        String target = post ? "/api/v1/case-events" : r.nextBoolean() ? "/api/v1/cases?limit=5"
                : "/api/v1/cases/" + event.get("caseId").asText();
        return new Request(Stream.HEADER, index, String.join(",", kinds), post ? "POST" : "GET", target, headers, body, post,
                wellFormed);
    }

    private static void replace(List<String[]> headers, String name, String value, boolean twice) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        headers.add(new String[] { name, value });
        if (twice) {
            headers.add(new String[] { name, value });
        }
    }

    // ---------------------------------------------------------------- helpers

    private static UUID uuid(SplittableRandom r) {
        long most = (r.nextLong() & ~0xF000L) | 0x4000L;
        long least = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String name) {
        return write(NODES.textNode(name));
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " chars)";
    }
}
