package org.coppipeline.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The workload: cases built from the contract examples (copied into the test resources), each with a unique case id
 * under a scenario prefix, spread over several hospitals. Some cases get two events with increasing occurredAt and
 * different clinical pictures (so the newer one's outcome is recognisable in the view); half of those are posted
 * newest first, so the older one arrives late and must not replace the picture.
 */
final class CasePlans {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> HOSPITALS = List.of("hosp-north", "hosp-south", "hosp-east", "hosp-west");
    /** One case in this many gets two events. */
    static final int TWO_EVENTS_EVERY = 8;

    /** One event to post; the load generator may replace its eventId (a client that abandons a 503'd id). */
    record PlannedEvent(String example, Instant occurredAt, String expectedRecommendation, String expectedConclusion) {
    }

    /** A case: its hospital, id, and events in posting order. */
    record CasePlan(int index, String hospitalId, String caseId, List<PlannedEvent> events) {
        String key() {
            return hospitalId + "/" + caseId;
        }
    }

    private static final Map<String, JsonNode> EXAMPLES = load();
    /** The outcome each example must have under the stack's default knowledge (v2, CONTRACT 9); the examples' own blocks are v1. */
    private static final JsonNode EXPECTED_V2 = loadExpectedV2();

    private CasePlans() {
    }

    /** A case-id prefix unique to one scenario run, e.g. "BKILL-3f9a". */
    static String prefix(String scenario) {
        return scenario + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    }

    static List<CasePlan> plans(String prefix, int cases) {
        List<String> names = new ArrayList<>(EXAMPLES.keySet());
        List<CasePlan> plans = new ArrayList<>(cases);
        for (int i = 0; i < cases; i++) {
            String hospital = HOSPITALS.get(i % HOSPITALS.size());
            String caseId = String.format(java.util.Locale.ROOT, "%s-%06d", prefix, i);
            String first = names.get(i % names.size());
            Instant base = Instant.parse("2026-11-01T09:30:00Z").plusSeconds(i);
            List<PlannedEvent> events = new ArrayList<>();
            events.add(event(first, base));
            if (i % TWO_EVENTS_EVERY == TWO_EVENTS_EVERY - 1) {
                String second = differentOutcome(names, first, i);
                PlannedEvent newer = event(second, base.plus(Duration.ofHours(1)));
                if ((i / TWO_EVENTS_EVERY) % 2 == 0) {
                    events.add(newer);
                } else {
                    events.add(0, newer); // newest first: the older one arrives late ("stale")
                }
            }
            plans.add(new CasePlan(i, hospital, caseId, List.copyOf(events)));
        }
        return plans;
    }

    private static String differentOutcome(List<String> names, String first, int i) {
        String firstRecommendation = expected(first, "recommendation");
        for (int step = 1; step < names.size(); step++) {
            String candidate = names.get((names.indexOf(first) + step + i) % names.size());
            if (!expected(candidate, "recommendation").equals(firstRecommendation)) {
                return candidate;
            }
        }
        throw new IllegalStateException("every example has the same recommendation");
    }

    private static PlannedEvent event(String example, Instant occurredAt) {
        return new PlannedEvent(example, occurredAt, expected(example, "recommendation"), expected(example, "conclusion"));
    }

    static String expected(String example, String field) {
        return EXPECTED_V2.get(example).get(field).asText();
    }

    private static JsonNode loadExpectedV2() {
        try (var in = CasePlans.class.getResourceAsStream("/contract/expected-v2.json")) {
            if (in == null) {
                throw new IllegalStateException("contract/expected-v2.json missing from the test resources");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body to POST: the example's event with this case's ids, time and the given event id. */
    static ObjectNode body(CasePlan plan, PlannedEvent event, String eventId) {
        ObjectNode body = EXAMPLES.get(event.example()).get("event").deepCopy();
        body.put("eventId", eventId)
                .put("caseId", plan.caseId())
                .put("hospitalId", plan.hospitalId())
                .put("occurredAt", event.occurredAt().toString());
        return body;
    }

    static String newEventId() {
        return UUID.randomUUID().toString();
    }

    static Map<String, JsonNode> examples() {
        return EXAMPLES;
    }

    static Path examplesDir() {
        try {
            return Path.of(CasePlans.class.getResource("/contract/examples").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("contract/examples missing from the test resources", e);
        }
    }

    private static Map<String, JsonNode> load() {
        try (Stream<Path> files = Files.list(examplesDir())) {
            Map<String, JsonNode> examples = new TreeMap<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                examples.put(file.getFileName().toString().replaceFirst("\\.json$", ""), JSON.readTree(file.toFile()));
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
