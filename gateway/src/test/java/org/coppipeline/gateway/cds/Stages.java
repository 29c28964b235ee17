package org.coppipeline.gateway.cds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;

import org.coppipeline.gateway.support.StageResults;

/**
 * Plays the three stages for the CDS tests: watches what the gateway publishes on the (in-memory) case-events channel
 * and answers each event of a case that has a scripted outcome on case-scored, case-assessed and case-planned, as the
 * stage services would (the event plus each section so far). A case without a script is left unanswered: its hook
 * waits and answers "in progress".
 */
final class Stages implements AutoCloseable {

    private final InMemoryConnector connector;
    private final Map<String, Plans.Outcome> script = new ConcurrentHashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService player = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cds-test-stages");
        thread.setDaemon(true);
        return thread;
    });

    Stages(InMemoryConnector connector) {
        this.connector = connector;
        player.scheduleWithFixedDelay(this::answer, 0, 10, TimeUnit.MILLISECONDS);
    }

    /** The outcome the stages give every event of this case from now on. */
    void plan(String caseId, Plans.Outcome outcome) {
        script.put(caseId, outcome);
    }

    /** The events the gateway published for a case, in order. */
    List<JsonNode> events(String caseId) {
        List<JsonNode> events = new ArrayList<>();
        for (Message<String> message : sink().received()) {
            JsonNode event = read(message.getPayload());
            if (caseId.equals(event.path("caseId").asText())) {
                events.add(event);
            }
        }
        return events;
    }

    private InMemorySink<String> sink() {
        return connector.sink("case-events");
    }

    private void answer() {
        try {
            for (Message<String> message : sink().received()) {
                JsonNode event = read(message.getPayload());
                Plans.Outcome outcome = script.get(event.path("caseId").asText());
                String eventId = event.path("eventId").asText();
                if (outcome == null || !answered.add(eventId)) {
                    continue;
                }
                ObjectNode record = (ObjectNode) event.deepCopy();
                ObjectNode symptoms = record.putObject("symptomAssessment");
                symptoms.put("suspicionScore", 9).put("suspicion", "high").put("evidenceLevel", "histology")
                        .put("knowledgeVersion", Plans.V2);
                send("case-scored", record.toString());
                record.set("causeAssessment", outcome.causeAssessment());
                send("case-assessed", record.toString());
                record.set("treatmentPlan", outcome.treatmentPlan());
                send("case-planned", record.toString());
            }
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }

    private void send(String topic, String record) {
        StageResults.send(connector, topic, record);
    }

    private static JsonNode read(String json) {
        try {
            return Prefetch.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        player.shutdownNow();
    }
}
