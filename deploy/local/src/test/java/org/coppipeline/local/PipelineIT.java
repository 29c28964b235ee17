package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * End to end through a real broker and the three packaged stage services: every contract example sent to
 * case-events comes out of case-planned with the three sections appended, its own fields untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {
    private static final List<String> SECTIONS = List.of("symptomAssessment", "causeAssessment", "treatmentPlan");
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(90);

    private final Map<String, JsonNode> examples = TestSupport.examples();
    private final Map<String, String> traceparents = new ConcurrentHashMap<>();
    private final Map<String, ConsumerRecord<String, String>> plannedByEventId = new ConcurrentHashMap<>();
    private Path stateDir;
    private LocalStack stack;

    @BeforeAll
    void startStackAndRunEveryExample() throws Exception {
        stateDir = TestSupport.stateDir("pipeline");
        stack = LocalStack.start(TestSupport.stagesOnly(stateDir), TestSupport.repo(), stateDir);
        String bootstrap = stack.broker().bootstrapServers();

        try (var producer = TestSupport.producer(bootstrap)) {
            for (var example : examples.entrySet()) {
                JsonNode event = example.getValue().get("event");
                String traceparent = TestSupport.newTraceparent();
                traceparents.put(example.getKey(), traceparent);
                producer.send(TestSupport.record(Topics.CASE_EVENTS, key(event), JSON.writeValueAsString(event), Map.of(
                        "eventId", event.get("eventId").asText(),
                        "hospitalId", event.get("hospitalId").asText(),
                        "schemaVersion", "1",
                        "traceparent", traceparent))).get();
            }
        }

        try (KafkaConsumer<String, String> consumer = TestSupport.consumerFromStart(bootstrap, Topics.CASE_PLANNED)) {
            Awaitility.await("every example on case-planned")
                    .atMost(PIPELINE_TIMEOUT)
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                            JsonNode value = JSON.readTree(r.value());
                            plannedByEventId.put(value.path("eventId").asText(), r);
                        }
                        return plannedByEventId.size() >= examples.size();
                    });
        } catch (ConditionTimeoutException e) {
            // Each test below names the examples that did not come through.
        }
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    Stream<String> exampleNames() {
        return examples.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleNames")
    void sectionsFollowTheUntouchedEventFieldsUnderTheSameKey(String name) throws Exception {
        JsonNode event = examples.get(name).get("event");
        ConsumerRecord<String, String> planned = planned(name);
        JsonNode out = JSON.readTree(planned.value());

        List<String> expectedOrder = new ArrayList<>(TestSupport.fieldNames(event));
        expectedOrder.addAll(SECTIONS);
        assertEquals(expectedOrder, TestSupport.fieldNames(out), "event fields first, then the three sections in stage order");
        assertAll(TestSupport.fieldNames(event).stream().map(field ->
                () -> assertEquals(event.get(field), out.get(field), "/" + field + " passed through untouched")));
        for (String section : SECTIONS) {
            assertTrue(out.get(section).isObject(), section + " is an object");
        }

        String traceparent = traceparents.get(name);
        assertAll(
                () -> assertEquals(key(event), planned.key(), "key hospitalId/caseId kept"),
                () -> assertEquals(event.get("eventId").asText(), TestSupport.header(planned, "eventId")),
                () -> assertEquals(event.get("hospitalId").asText(), TestSupport.header(planned, "hospitalId")),
                () -> assertEquals(event.path("schemaVersion").asText("1"), TestSupport.header(planned, "schemaVersion")),
                () -> assertTrue(notBlank(TestSupport.header(planned, "knowledgeVersion")), "knowledgeVersion header"),
                () -> assertNotNull(TestSupport.header(planned, "traceparent"), "traceparent header"),
                () -> assertEquals(traceId(traceparent), traceId(TestSupport.header(planned, "traceparent")),
                        "the trace id of the incoming traceparent is kept"));
    }

    /** The expected outcome of each example under the stack's default knowledge (v2); needs the real rule cores of the three stages. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleNames")
    void producesTheContractsExpectedOutcome(String name) throws Exception {
        JsonNode expected = ContractExpectations.v2().get(name);
        ConsumerRecord<String, String> planned = planned(name);
        JsonNode out = JSON.readTree(planned.value());
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>(ContractExpectations.checks(expected, out));
        for (String section : SECTIONS) {
            checks.add(() -> assertEquals(ContractExpectations.V2, out.path(section).path("knowledgeVersion").asText(null),
                    section + ".knowledgeVersion"));
        }
        checks.add(() -> assertEquals(ContractExpectations.V2, TestSupport.header(planned, "knowledgeVersion"), "knowledgeVersion header"));
        assertAll(name, checks.stream());
    }

    private ConsumerRecord<String, String> planned(String name) {
        String eventId = examples.get(name).get("event").get("eventId").asText();
        ConsumerRecord<String, String> planned = plannedByEventId.get(eventId);
        assertNotNull(planned, name + " (eventId " + eventId + ") did not reach case-planned within "
                + PIPELINE_TIMEOUT.toSeconds() + " s; " + TestSupport.logsHint(stateDir));
        return planned;
    }

    private static String key(JsonNode event) {
        return event.get("hospitalId").asText() + "/" + event.get("caseId").asText();
    }

    private static String traceId(String traceparent) {
        String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
        return parts.length == 4 ? parts[1] : traceparent;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
