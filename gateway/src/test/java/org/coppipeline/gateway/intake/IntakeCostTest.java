package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.support.TestConfigs;

/**
 * The intake's parse, validate and serialise path against the one it replaced ({@link LegacyCaseEventParser}, the
 * code of commit 392e6fe): the same hash and stored JSON for every valid body, the same problem for every refused one,
 * and the CPU each spends per valid POST, measured A/B/A/B in this one JVM and printed (never asserted: timings go in
 * figures, not in tests). {@code -Dintake.cost.rounds=N} runs more rounds for a steadier figure.
 */
class IntakeCostTest {

    static final Path EXAMPLES = CaseEventSchemaTest.EXAMPLES;

    final CaseEventParser parser = new CaseEventParser(CaseEventParserTest.JSON, TestConfigs.defaults());
    final LegacyCaseEventParser legacy = new LegacyCaseEventParser(CaseEventParserTest.JSON, TestConfigs.defaults());

    static List<ObjectNode> examples() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(EXAMPLES), "shared/ is not beside the repository");
        List<ObjectNode> events = new ArrayList<>();
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            for (Path file : listing.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                events.add((ObjectNode) CaseEventParserTest.JSON.readTree(file.toFile()).get("event"));
            }
        }
        assertThat(events).isNotEmpty();
        return events;
    }

    @Test
    void validBodiesHashAndStoreAsBeforeAndThePublishedValueIsThatJson() throws IOException {
        for (ObjectNode example : examples()) {
            for (String body : List.of(example.toString(), example.toPrettyString(), reversed(example).toString())) {
                CaseEvent event = parse(body);
                LegacyCaseEventParser.Parsed before = legacy.parse(body.getBytes(StandardCharsets.UTF_8));
                assertThat(event.canonicalJson()).isEqualTo(before.canonicalJson());
                assertThat(event.bodySha256()).isEqualTo(before.bodySha256());
                assertThat(event.eventId()).isEqualTo(before.eventId());
                assertThat(event.occurredAt()).isEqualTo(before.occurredAt());
                // One serialisation: what is published is the stored JSON, whatever order the members came in.
                assertThat(event.compactJson()).isSameAs(event.canonicalJson());
                assertThat(CaseEventParserTest.JSON.readTree(event.compactJson())).isEqualTo(example);
            }
        }
    }

    @Test
    void everyRefusedBodyGetsTheProblemItGotBefore() throws IOException {
        List<String> bodies = new ArrayList<>(List.of("", " ", "null", "[]", "[1]", "7", "\"x\"", "{}", "{\"a\":1,\"a\":2}",
                "{} {}", "{\"patient\":", "{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}"));
        ObjectNode minimal = CaseEventParserTest.minimal();
        bodies.add(minimal.deepCopy().put("occurredAt", "2016-12-31T23:59:60Z").toString());
        bodies.add(minimal.deepCopy().put("occurredAt", "0000-01-01T00:00:00Z").toString());
        // Format only (no pattern): the quick pass must assert formats as the full account does.
        bodies.add(minimal.deepCopy().put("occurredAt", "2025-13-01T00:00:00Z").toString());
        bodies.add(minimal.deepCopy().put("occurredAt", "yesterday").toString());
        bodies.add(minimal.deepCopy().put("eventId", "3f0c8a56-1b2d-4c5e-8f90-123456789abz").toString());
        bodies.add(minimal.deepCopy().put("caseId", "a\u0000b").toString());
        bodies.add(minimal.deepCopy().put("a\uD800", 1).toString());
        bodies.add(inMinimal("\"patient\":{\"ageYears\":3.5}"));
        bodies.add(inMinimal("\"patient\":{\"ageYears\":1E+400}"));
        bodies.add(inMinimal("\"schemaVersion\":2"));
        ObjectNode manyItems = minimal.deepCopy();
        ArrayNode symptoms = manyItems.putArray("symptoms");
        for (int i = 0; i < 300; i++) {
            symptoms.addObject().put("code", i % 2 == 0 ? "fever" : "sneezing");
        }
        bodies.add(manyItems.toString());
        ObjectNode manyMembers = minimal.deepCopy();
        for (int i = 0; i < 300; i++) {
            manyMembers.put("m" + i, i);
        }
        bodies.add(manyMembers.toString());
        // Every leaf of every example given a value of the wrong kind, one at a time and all at once.
        for (ObjectNode example : examples()) {
            List<ObjectNode> broken = new ArrayList<>();
            ObjectNode all = example.deepCopy();
            breakEachLeaf(example, example, broken, true);
            breakEachLeaf(all, all, new ArrayList<>(), false);
            broken.forEach(b -> bodies.add(b.toString()));
            bodies.add(all.toString());
        }
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ProblemException now = catchThrowableOfType(ProblemException.class, () -> parser.parse(bytes));
            ProblemException before = catchThrowableOfType(ProblemException.class, () -> legacy.parse(bytes));
            assertThat(before).as("refused before: %s", body).isNotNull();
            assertThat(now).as("refused now: %s", body).isNotNull();
            Problem answer = now.toProblem();
            assertThat(answer).as(body).isEqualTo(before.toProblem());
        }
        assertThat(bodies).hasSizeGreaterThan(100);
    }

    /**
     * CPU per valid POST of parse + validate + serialise, before and after, on the contract's examples as a platform
     * would send them (compact, members in the examples' order). Printed for the record; asserts only that both agree.
     */
    @Test
    void cpuPerValidBodyBeforeAndAfter() throws IOException {
        List<byte[]> bodies = examples().stream().map(e -> e.toString().getBytes(StandardCharsets.UTF_8)).toList();
        int rounds = Integer.getInteger("intake.cost.rounds", 2);
        int perRound = Integer.getInteger("intake.cost.iterations", 100);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        // Warm-up of both, so the JIT has compiled each before its first measured round.
        for (int i = 0; i < perRound * 2; i++) {
            sink += legacyOnce(bodies) + newOnce(bodies);
        }
        long legacyNanos = 0;
        long newNanos = 0;
        for (int round = 0; round < rounds; round++) {
            // A/B then B/A, so neither side always runs first.
            boolean legacyFirst = round % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean runLegacy = legacyFirst == (side == 0);
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    sink += runLegacy ? legacyOnce(bodies) : newOnce(bodies);
                }
                long spent = threads.getCurrentThreadCpuTime() - start;
                if (runLegacy) {
                    legacyNanos += spent;
                } else {
                    newNanos += spent;
                }
            }
        }
        double posts = (double) rounds * perRound * bodies.size();
        System.out.printf("intake parse+validate+serialise, CPU per valid POST over %.0f POSTs each: before %.1f us, after %.1f us,"
                + " after/before %.2f (sink %d)%n", posts, legacyNanos / posts / 1000, newNanos / posts / 1000,
                (double) newNanos / legacyNanos, sink & 1);
        assertThat(parser.parse(bodies.get(0)).bodySha256()).isEqualTo(legacy.parse(bodies.get(0)).bodySha256());
    }

    private long legacyOnce(List<byte[]> bodies) {
        long sink = 0;
        for (byte[] body : bodies) {
            LegacyCaseEventParser.Parsed parsed = legacy.parse(body);
            sink += parsed.bodySha256().charAt(0) + parsed.compactJson().length();
        }
        return sink;
    }

    private long newOnce(List<byte[]> bodies) {
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
            ObjectNode copy = CaseEventParserTest.JSON.createObjectNode();
            for (int i = members.size() - 1; i >= 0; i--) {
                copy.set(members.get(i).getKey(), reversedNode(members.get(i).getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = CaseEventParserTest.JSON.createArrayNode();
            node.forEach(element -> copy.add(reversedNode(element)));
            return copy;
        }
        return node;
    }

    private static ObjectNode reversed(ObjectNode event) {
        return (ObjectNode) reversedNode(event);
    }

    /**
     * For each leaf under {@code node}: a copy of {@code root} with that leaf of the wrong kind (a text for a number or
     * boolean, a number for a text), added to {@code broken}; each leaf is put back after its copy when
     * {@code restore}, else {@code root} ends with all of them broken.
     */
    private static void breakEachLeaf(ObjectNode root, JsonNode node, List<ObjectNode> broken, boolean restore) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                JsonNode was = member.getValue();
                if (was.isContainerNode()) {
                    breakEachLeaf(root, was, broken, restore);
                } else {
                    member.setValue(wrongKind(was));
                    broken.add(root.deepCopy());
                    if (restore) {
                        member.setValue(was);
                    }
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode was = array.get(i);
                if (was.isContainerNode()) {
                    breakEachLeaf(root, was, broken, restore);
                } else {
                    array.set(i, wrongKind(was));
                    broken.add(root.deepCopy());
                    if (restore) {
                        array.set(i, was);
                    }
                }
            }
        }
    }

    private static JsonNode wrongKind(JsonNode value) {
        return value.isTextual() ? CaseEventParserTest.JSON.getNodeFactory().numberNode(7)
                : CaseEventParserTest.JSON.getNodeFactory().textNode("seven");
    }
}
