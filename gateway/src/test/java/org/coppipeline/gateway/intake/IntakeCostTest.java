package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.support.TestConfigs;

/**
 * The intake's parse, validate and serialise path against golden files recorded from it (commit of issue 15's
 * parse-once intake, after the legacy validator it replaced had been checked to give every one of them word for word):
 * the same hash, and so the same stored JSON, for every valid body (src/test/resources/intake/valid-bodies.json), the
 * same problem for every refused one (intake/refused-bodies.json); and the CPU spent per valid POST, printed (never
 * asserted: timings go in figures, not in tests). {@code -Dintake.cost.rounds=N} runs more rounds for a steadier figure.
 * <p>
 * {@code -Dintake.golden.write=true} writes the files anew from the code as it is (the tests then stop, skipped): only
 * for a deliberate change of an answer, whose every line of difference is then read before it is committed.
 */
class IntakeCostTest {

    static final Path EXAMPLES = CaseEventSchemaTest.EXAMPLES;
    static final Path GOLDEN = Path.of("src/test/resources/intake");
    static final ObjectMapper JSON = CaseEventParserTest.JSON;

    final CaseEventParser parser = new CaseEventParser(JSON, TestConfigs.defaults());

    static Map<String, ObjectNode> examples() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(EXAMPLES), "shared/ is not beside the repository");
        Map<String, ObjectNode> events = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            for (Path file : listing.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                events.put(file.getFileName().toString(), (ObjectNode) JSON.readTree(file.toFile()).get("event"));
            }
        }
        assertThat(events).isNotEmpty();
        return events;
    }

    @Test
    void validBodiesHashAsRecordedAndThePublishedValueIsTheStoredJson() throws IOException {
        ObjectNode hashes = JSON.createObjectNode();
        for (Map.Entry<String, ObjectNode> example : examples().entrySet()) {
            ObjectNode event = example.getValue();
            String hash = null;
            for (String body : List.of(event.toString(), event.toPrettyString(), reversed(event).toString())) {
                CaseEvent parsed = parse(body);
                // One serialisation: the hash is of the stored JSON, and what is published is that JSON, whatever
                // order the members came in.
                assertThat(parsed.bodySha256()).isEqualTo(sha256(parsed.canonicalJson()));
                assertThat(parsed.compactJson()).isSameAs(parsed.canonicalJson());
                assertThat(JSON.readTree(parsed.compactJson())).isEqualTo(event);
                assertThat(parsed.eventId()).hasToString(event.get("eventId").asText());
                assertThat(parsed.occurredAt()).isEqualTo(Instant.parse(event.get("occurredAt").asText()));
                assertThat(hash == null || hash.equals(parsed.bodySha256())).as("one hash for every form").isTrue();
                hash = parsed.bodySha256();
            }
            hashes.put(example.getKey(), hash);
        }
        assertAsRecorded("valid-bodies.json", hashes);
    }

    /** Short bodies and bodies built from the minimal event: run wherever the repository is. */
    @Test
    void everyRefusedBodyGetsTheProblemRecordedForIt() throws IOException {
        assertAsRecorded("refused-bodies.json", problems(refusedBodies()));
    }

    /** Every leaf of every contract example given a value of the wrong kind, one at a time and all at once. */
    @Test
    void everyBrokenExampleGetsTheProblemRecordedForIt() throws IOException {
        Map<String, String> bodies = brokenExamples();
        assertThat(bodies).hasSizeGreaterThan(100);
        assertAsRecorded("refused-examples.json", problems(bodies));
    }

    static Map<String, String> brokenExamples() throws IOException {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectNode> example : examples().entrySet()) {
            Map<String, ObjectNode> broken = new LinkedHashMap<>();
            ObjectNode all = example.getValue().deepCopy();
            breakEachLeaf(example.getValue(), example.getValue(), "", broken, true);
            breakEachLeaf(all, all, "", new LinkedHashMap<>(), false);
            broken.forEach((pointer, body) -> bodies.put(example.getKey() + " " + pointer, body.toString()));
            bodies.put(example.getKey() + " every leaf", all.toString());
        }
        return bodies;
    }

    static Map<String, String> refusedBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String body : List.of("", " ", "null", "[]", "[1]", "7", "\"x\"", "{}", "{\"a\":1,\"a\":2}", "{} {}",
                "{\"patient\":")) {
            bodies.put("literal " + body, body);
        }
        bodies.put("40 levels under an unknown member", "{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}");
        ObjectNode minimal = CaseEventParserTest.minimal();
        bodies.put("leap second", minimal.deepCopy().put("occurredAt", "2016-12-31T23:59:60Z").toString());
        bodies.put("year 0000", minimal.deepCopy().put("occurredAt", "0000-01-01T00:00:00Z").toString());
        // Format only (no pattern): the quick pass must assert formats as the full account does.
        bodies.put("month 13", minimal.deepCopy().put("occurredAt", "2025-13-01T00:00:00Z").toString());
        bodies.put("occurredAt yesterday", minimal.deepCopy().put("occurredAt", "yesterday").toString());
        bodies.put("eventId not hex", minimal.deepCopy().put("eventId", "3f0c8a56-1b2d-4c5e-8f90-123456789abz").toString());
        bodies.put("U+0000 in caseId", minimal.deepCopy().put("caseId", "a\u0000b").toString());
        bodies.put("unpaired surrogate in a member name", minimal.deepCopy().put("a\uD800", 1).toString());
        bodies.put("ageYears 3.5", inMinimal("\"patient\":{\"ageYears\":3.5}"));
        bodies.put("ageYears 1E+400", inMinimal("\"patient\":{\"ageYears\":1E+400}"));
        bodies.put("ageYears 1E-400", inMinimal("\"patient\":{\"ageYears\":1E-400}"));
        bodies.put("schemaVersion 2", inMinimal("\"schemaVersion\":2"));
        ObjectNode manyItems = minimal.deepCopy();
        ArrayNode symptoms = manyItems.putArray("symptoms");
        for (int i = 0; i < 300; i++) {
            symptoms.addObject().put("code", i % 2 == 0 ? "fever" : "sneezing");
        }
        bodies.put("300 symptoms, half unknown", manyItems.toString());
        ObjectNode manyMembers = minimal.deepCopy();
        for (int i = 0; i < 300; i++) {
            manyMembers.put("m" + i, i);
        }
        bodies.put("300 unknown members", manyMembers.toString());
        return bodies;
    }

    /** The problem each body is refused with, as the API writes it, by name. */
    ObjectNode problems(Map<String, String> bodies) {
        ObjectNode problems = JSON.createObjectNode();
        bodies.forEach((name, body) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ProblemException refused = catchThrowableOfType(ProblemException.class, () -> parser.parse(bytes));
            assertThat(refused).as("refused: %s", name).isNotNull();
            problems.set(name, JSON.valueToTree(refused.toProblem()));
        });
        return problems;
    }

    /** Equal to the golden file, entry by entry (so that a failure names the body), and with the same entries. */
    static void assertAsRecorded(String file, ObjectNode actual) throws IOException {
        Path golden = GOLDEN.resolve(file);
        if (Boolean.getBoolean("intake.golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
            Assumptions.abort("written " + golden + ": read every changed line before committing it");
        }
        JsonNode recorded = JSON.readTree(golden.toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            assertThat(entry.getValue()).as("%s: %s", file, entry.getKey()).isEqualTo(recorded.get(entry.getKey()));
        }
        List<String> names = new ArrayList<>();
        recorded.fieldNames().forEachRemaining(names::add);
        List<String> actualNames = new ArrayList<>();
        actual.fieldNames().forEachRemaining(actualNames::add);
        assertThat(actualNames).as("%s: the bodies recorded", file).isEqualTo(names);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU per valid POST of parse + validate + serialise on the contract's examples as a platform would send them
     * (compact, members in the examples' order). Printed for the record.
     */
    @Test
    void cpuPerValidBody() throws IOException {
        List<byte[]> bodies = examples().values().stream().map(e -> e.toString().getBytes(StandardCharsets.UTF_8)).toList();
        int rounds = Integer.getInteger("intake.cost.rounds", 2);
        int perRound = Integer.getInteger("intake.cost.iterations", 100);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        // Warm-up, so the JIT has compiled the path before the measured rounds.
        for (int i = 0; i < perRound * 2; i++) {
            sink += once(bodies);
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds * perRound; i++) {
            sink += once(bodies);
        }
        long spent = threads.getCurrentThreadCpuTime() - start;
        double posts = (double) rounds * perRound * bodies.size();
        System.out.printf("intake parse+validate+serialise, CPU per valid POST over %.0f POSTs: %.1f us (sink %d)%n", posts,
                spent / posts / 1000, sink & 1);
        assertThat(sink).isPositive();
    }

    private long once(List<byte[]> bodies) {
        long sink = 0;
        for (byte[] body : bodies) {
            CaseEvent event = parser.parse(body);
            sink += event.bodySha256().charAt(0) + event.compactJson().length();
        }
        return sink;
    }

    private CaseEvent parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String inMinimal(String member) {
        String body = CaseEventParserTest.minimal().without("patient").toString();
        return body.substring(0, body.length() - 1) + "," + member + "}";
    }

    /** The same members in reverse order, at every level. */
    private static JsonNode reversedNode(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
            node.fields().forEachRemaining(members::add);
            ObjectNode copy = JSON.createObjectNode();
            for (int i = members.size() - 1; i >= 0; i--) {
                copy.set(members.get(i).getKey(), reversedNode(members.get(i).getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(reversedNode(element)));
            return copy;
        }
        return node;
    }

    private static ObjectNode reversed(ObjectNode event) {
        return (ObjectNode) reversedNode(event);
    }

    /**
     * For each leaf under {@code node} (at {@code pointer}): a copy of {@code root} with that leaf of the wrong kind (a
     * text for a number or boolean, a number for a text), put in {@code broken} under the leaf's pointer; each leaf is
     * put back after its copy when {@code restore}, else {@code root} ends with all of them broken.
     */
    private static void breakEachLeaf(ObjectNode root, JsonNode node, String pointer, Map<String, ObjectNode> broken,
            boolean restore) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                String at = pointer + "/" + member.getKey();
                JsonNode was = member.getValue();
                if (was.isContainerNode()) {
                    breakEachLeaf(root, was, at, broken, restore);
                } else {
                    member.setValue(wrongKind(was));
                    broken.put(at, root.deepCopy());
                    if (restore) {
                        member.setValue(was);
                    }
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String at = pointer + "/" + i;
                JsonNode was = array.get(i);
                if (was.isContainerNode()) {
                    breakEachLeaf(root, was, at, broken, restore);
                } else {
                    array.set(i, wrongKind(was));
                    broken.put(at, root.deepCopy());
                    if (restore) {
                        array.set(i, was);
                    }
                }
            }
        }
    }

    private static JsonNode wrongKind(JsonNode value) {
        return value.isTextual() ? JSON.getNodeFactory().numberNode(7)
                : JSON.getNodeFactory().textNode("seven");
    }
}
