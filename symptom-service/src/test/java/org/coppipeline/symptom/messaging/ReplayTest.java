package org.coppipeline.symptom.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

/**
 * Knowledge version per record (CONTRACT section 9), with the stage wired as it runs and the default configuration
 * (v2): a live record is scored with v2; a replay record with the version its header names, carries its replay
 * headers out and moves no rule-outcome counter; a replay record without a valid version is dead-lettered.
 */
@QuarkusTest
@WithTestResource(InMemoryChannels.class)
class ReplayTest {

    private static final String STAGE = "symptom-service";

    @Inject
    @Connector(InMemoryConnector.CONNECTOR)
    InMemoryConnector connector;

    @Inject
    ObjectMapper mapper;

    private InMemorySource<Message<?>> in;
    private InMemorySink<byte[]> out;
    private InMemorySink<byte[]> dlq;

    @BeforeEach
    void channels() {
        in = connector.source(Topics.IN);
        out = connector.sink(Topics.OUT);
        dlq = connector.sink(Topics.DLQ);
        out.clear();
        dlq.clear();
    }

    /** Seven typical symptoms and age 48, nothing else: 8 points, high in v1, capped at moderate in v2. */
    private String symptomsOnlyEightPoints() throws Exception {
        String example = Files.readString(Paths.get(getClass().getResource(
                "/contract/examples/symptoms-only.json").toURI()), StandardCharsets.UTF_8);
        ObjectNode event = (ObjectNode) mapper.readTree(example).get("event");
        event.withArray("symptoms").addObject().put("code", "weight-loss");
        event.withArray("symptoms").addObject().put("code", "crackles");
        return mapper.writeValueAsString(event);
    }

    /** A poll of one record as the Kafka connector hands it over, with these headers. */
    private static Message<?> consumed(String payload, Headers headers) {
        return new Poll().add(payload, headers).batch();
    }

    private static Headers replayHeaders(String replayId, String version) {
        Headers headers = new RecordHeaders().add("replayId", replayId.getBytes(StandardCharsets.UTF_8));
        if (version != null) {
            headers.add("replayKnowledgeVersion", version.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private Message<byte[]> sendAndAwaitOne(Message<?> message) {
        in.send(message);
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        return out.received().get(0);
    }

    @Test
    void aLiveRecordIsScoredWithTheConfiguredV2() throws Exception {
        Message<byte[]> sent = sendAndAwaitOne(consumed(symptomsOnlyEightPoints(), new RecordHeaders()));
        JsonNode section = mapper.readTree(sent.getPayload()).get("symptomAssessment");
        assertEquals("cop-knowledge-v2", section.get("knowledgeVersion").asText());
        assertEquals(8, section.get("suspicionScore").asInt());
        assertEquals("moderate", section.get("suspicion").asText());
        assertEquals("SX-CAP-SYMPTOMS-ONLY", section.at("/suspicionReason/source/ruleId").asText());
        Headers headers = outgoingHeaders(sent);
        assertEquals("cop-knowledge-v2", header(headers, "knowledgeVersion"));
        assertNull(headers.lastHeader("replayId"));
    }

    @Test
    void aReplayRecordIsScoredWithItsOwnVersionAndCarriesItsHeadersOut() throws Exception {
        Message<byte[]> sent = sendAndAwaitOne(consumed(symptomsOnlyEightPoints(),
                replayHeaders("replay-17", "cop-knowledge-v1")));
        JsonNode section = mapper.readTree(sent.getPayload()).get("symptomAssessment");
        assertEquals("cop-knowledge-v1", section.get("knowledgeVersion").asText());
        assertEquals(8, section.get("suspicionScore").asInt());
        assertEquals("high", section.get("suspicion").asText());
        Headers headers = outgoingHeaders(sent);
        assertEquals("cop-knowledge-v1", header(headers, "knowledgeVersion"));
        assertEquals("replay-17", header(headers, "replayId"));
        assertEquals("cop-knowledge-v1", header(headers, "replayKnowledgeVersion"));
        assertEquals(1, count(headers, "replayId"));
    }

    @Test
    void aV1ReplayAcceptsTheV12Additions() throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(symptomsOnlyEightPoints());
        ((ObjectNode) event.get("patient")).put("immunocompromised", true);
        event.putObject("imaging").putObject("ct").put("performed", true).putArray("findings").add("nodules")
                .add("consolidation").add("op-pattern").add("reversed-halo");
        event.putObject("tests").putArray("microbiology").addObject().put("test", "bal-stains").put("result",
                "negative");
        Message<byte[]> sent = sendAndAwaitOne(consumed(mapper.writeValueAsString(event),
                replayHeaders("replay-18", "cop-knowledge-v1")));
        JsonNode section = mapper.readTree(sent.getPayload()).get("symptomAssessment");
        // v1: the new findings score nothing, the reversed halo counts whatever the immune state.
        assertEquals(8 + 2, section.get("suspicionScore").asInt());
        assertEquals("cop-knowledge-v1", section.get("knowledgeVersion").asText());
    }

    @Test
    void aReplayRecordWithAnUnknownVersionIsDeadLetteredWithAReason() throws Exception {
        String reason = sendAndAwaitDeadLetter(consumed(symptomsOnlyEightPoints(),
                replayHeaders("replay-19", "cop-knowledge-v9")));
        assertEquals("replay record with an unknown replayKnowledgeVersion", reason);
        assertEquals(0, out.received().size());
    }

    @Test
    void aReplayRecordWithoutAVersionIsDeadLetteredWithAReason() throws Exception {
        String reason = sendAndAwaitDeadLetter(consumed(symptomsOnlyEightPoints(), replayHeaders("replay-20", null)));
        assertEquals("replay record without a replayKnowledgeVersion header", reason);
        assertEquals(0, out.received().size());
    }

    /** Issue 15: in one poll, each record is scored with its own version and keeps its own headers, in order. */
    @Test
    void replayRecordsInABatchKeepTheirOwnVersions() throws Exception {
        String event = symptomsOnlyEightPoints();
        Poll poll = new Poll().add(event, new RecordHeaders())
                .add(event, replayHeaders("replay-31", "cop-knowledge-v1"))
                .add(event, replayHeaders("replay-32", "cop-knowledge-v2"))
                .add(event, replayHeaders("replay-33", "cop-knowledge-v1"))
                .add(event, new RecordHeaders());
        in.send(poll.batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 5);

        List<String> versions = List.of("cop-knowledge-v2", "cop-knowledge-v1", "cop-knowledge-v2", "cop-knowledge-v1",
                "cop-knowledge-v2");
        List<String> bands = List.of("moderate", "high", "moderate", "high", "moderate");
        List<String> replayIds = java.util.Arrays.asList(null, "replay-31", "replay-32", "replay-33", null);
        for (int i = 0; i < 5; i++) {
            Message<byte[]> sent = out.received().get(i);
            JsonNode section = mapper.readTree(sent.getPayload()).get("symptomAssessment");
            assertEquals(versions.get(i), section.get("knowledgeVersion").asText(), "record " + i);
            assertEquals(bands.get(i), section.get("suspicion").asText(), "record " + i);
            Headers headers = outgoingHeaders(sent);
            assertEquals(versions.get(i), header(headers, "knowledgeVersion"), "record " + i);
            if (replayIds.get(i) == null) {
                assertNull(headers.lastHeader("replayId"), "record " + i);
            } else {
                assertEquals(replayIds.get(i), header(headers, "replayId"), "record " + i);
                assertEquals(versions.get(i), header(headers, "replayKnowledgeVersion"), "record " + i);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
    }

    @Test
    void replayRecordsCountAsReplayedAndMoveNoRuleOutcome() throws Exception {
        double processed = metric("cop_stage_records_total", "outcome=\"processed\"");
        double replayed = metric("cop_stage_records_total", "outcome=\"replayed\"");
        List<Double> bands = List.of(metric("cop_symptom_suspicion_total", "band=\"low\""),
                metric("cop_symptom_suspicion_total", "band=\"moderate\""),
                metric("cop_symptom_suspicion_total", "band=\"high\""));

        sendAndAwaitOne(consumed(symptomsOnlyEightPoints(), replayHeaders("replay-21", "cop-knowledge-v1")));
        in.send(consumed(symptomsOnlyEightPoints(), replayHeaders("replay-21", "cop-knowledge-v2")));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 2);

        assertEquals(replayed + 2, metric("cop_stage_records_total", "outcome=\"replayed\""));
        assertEquals(processed, metric("cop_stage_records_total", "outcome=\"processed\""));
        assertEquals(bands, List.of(metric("cop_symptom_suspicion_total", "band=\"low\""),
                metric("cop_symptom_suspicion_total", "band=\"moderate\""),
                metric("cop_symptom_suspicion_total", "band=\"high\"")));

        // A live record after them still counts.
        in.send(consumed(symptomsOnlyEightPoints(), new RecordHeaders()));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 3);
        assertEquals(processed + 1, metric("cop_stage_records_total", "outcome=\"processed\""));
        assertEquals(bands.get(1) + 1, metric("cop_symptom_suspicion_total", "band=\"moderate\""));
    }

    /** Sends the poll and returns the reason of its one dead letter, which names this stage. */
    private String sendAndAwaitDeadLetter(Message<?> message) {
        in.send(message);
        await().atMost(Duration.ofSeconds(60)).until(() -> dlq.received().size() == 1);
        Headers deadLetter = dlq.received().get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow()
                .getHeaders();
        assertEquals(STAGE, header(deadLetter, "dead-letter-stage"));
        assertEquals(UnprocessableRecordException.class.getName(), header(deadLetter, "dead-letter-exception-class-name"));
        return header(deadLetter, "dead-letter-reason");
    }

    private static Headers outgoingHeaders(Message<byte[]> sent) {
        return sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static int count(Headers headers, String name) {
        int n = 0;
        for (var h : headers.headers(name)) {
            n++;
        }
        return n;
    }

    /** The value of the one sample of {@code name} with this stage's tag and {@code label}, from /q/metrics (management port). */
    private static double metric(String name, String label) {
        String metrics = given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class))
                .get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> samples = metrics.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label)
                        && (!name.startsWith("cop_stage_") || l.contains("stage=\"" + STAGE + "\"")))
                .toList();
        assertEquals(1, samples.size(), name + " " + label + " in " + samples);
        String sample = samples.get(0);
        return Double.parseDouble(sample.substring(sample.indexOf("} ") + 2).split(" ")[0]);
    }
}
