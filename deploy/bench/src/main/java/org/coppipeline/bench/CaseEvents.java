package org.coppipeline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Realistic case events: the contract's worked examples (a copy in src/main/resources/contract/examples), each
 * sent with a fresh eventId, its own case id and one of several hospitals, in turn.
 */
public final class CaseEvents {

    /** The contract's example files, copied byte for byte (CaseEventsCopyTest compares them with ../shared). */
    public static final List<String> EXAMPLES = List.of(
            "amiodarone-secondary-op.json", "antibiotics-worked.json", "classic-cop-moderate.json",
            "infection-pending.json", "mild-improving.json", "post-breast-radiotherapy.json",
            "severe-respiratory-failure.json", "symptoms-only.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> templates;
    private final List<String> hospitals;
    private final String runId;

    public CaseEvents(List<String> hospitals, String runId) {
        if (hospitals.isEmpty()) {
            throw new IllegalArgumentException("at least one hospital");
        }
        this.templates = loadExamples();
        this.hospitals = List.copyOf(hospitals);
        this.runId = runId;
    }

    /** One case to post: its hospital, case id and JSON body. */
    public record CaseEvent(String hospitalId, String caseId, UUID eventId, byte[] body) {
        public String key() {
            return hospitalId + "/" + caseId;
        }
    }

    /** The n-th case of this run: example n mod 8, hospital n mod H, case id unique within the run. */
    public CaseEvent next(long n) {
        ObjectNode event = templates.get((int) (n % templates.size())).deepCopy();
        String hospital = hospitals.get((int) (n % hospitals.size()));
        String caseId = "b" + runId + "-" + n;
        UUID eventId = UUID.randomUUID();
        event.put("eventId", eventId.toString());
        event.put("caseId", caseId);
        event.put("hospitalId", hospital);
        event.put("occurredAt", Instant.now().toString());
        try {
            return new CaseEvent(hospital, caseId, eventId, JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int exampleCount() {
        return templates.size();
    }

    static List<ObjectNode> loadExamples() {
        List<ObjectNode> events = new ArrayList<>();
        for (String name : EXAMPLES) {
            try (InputStream in = CaseEvents.class.getResourceAsStream("/contract/examples/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("classpath resource contract/examples/" + name + " is missing");
                }
                JsonNode example = JSON.readTree(in);
                if (!(example.get("event") instanceof ObjectNode event)) {
                    throw new IllegalStateException(name + " has no event object");
                }
                events.add(event);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read example " + name, e);
            }
        }
        return events;
    }
}
