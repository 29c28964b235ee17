package org.coppipeline.treatment.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

import org.coppipeline.treatment.TreatmentStage;
import org.coppipeline.treatment.domain.KnowledgeVersion;

/** case-assessed in, case-planned out, through the real processor with in-memory channels (default configuration: v2). */
@QuarkusTest
@WithTestResource(InMemoryChannels.class)
class TreatmentProcessorTest {

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    ObjectMapper mapper;

    private InMemorySource<Object> in;
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

    /** The classic-cop-moderate example as the exclusion stage would forward it. */
    private ObjectNode assessedRecord() throws Exception {
        JsonNode example = mapper.readTree(Files.readString(Path.of("src/test/resources/contract/examples/classic-cop-moderate.json"),
                StandardCharsets.UTF_8));
        ObjectNode record = example.path("event").deepCopy();
        record.putObject("symptomAssessment").put("suspicionScore", 17).put("suspicion", "high")
                .put("knowledgeVersion", "cop-knowledge-v1");
        ObjectNode cause = record.putObject("causeAssessment");
        cause.put("conclusion", "cop-confirmed").put("opEvidence", "confirmed").put("knowledgeVersion", "cop-knowledge-v1");
        ObjectNode categories = cause.putObject("categories");
        example.path("expected").path("categories").fieldNames().forEachRemaining(name -> categories.putObject(name)
                .put("status", "excluded").set("evidence", mapper.createArrayNode()));
        cause.putArray("alternativeDiagnoses");
        return record;
    }

    @Test
    void recordInRecordOutWithTheTreatmentPlanAdded() throws Exception {
        ObjectNode record = assessedRecord();
        in.send(StageRecords.poll(mapper.writeValueAsString(record)));

        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<byte[]> message = out.received().get(0);
        ObjectNode planned = (ObjectNode) mapper.readTree(message.getPayload());

        JsonNode plan = planned.path(TreatmentStage.SECTION);
        assertEquals("moderate", plan.path("severity").asText());
        assertEquals("oral-glucocorticoid", plan.path("recommendation").asText());
        assertTrue(plan.path("glucocorticoidRecommended").asBoolean());
        assertEquals("oral-prednisone-taper", plan.path("regimen").path("name").asText());
        assertEquals(50, plan.path("regimen").path("steps").path(0).path("dose").path("amount").asInt());
        assertEquals("cop-knowledge-v2", plan.path("knowledgeVersion").asText());
        // v2 always carries the field; no cause is present here
        assertTrue(plan.path("causeActions").isArray());
        assertEquals(0, plan.path("causeActions").size());

        // everything else passes through untouched
        planned.remove(TreatmentStage.SECTION);
        assertEquals(record, planned);

        OutgoingKafkaRecordMetadata<?> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("hosp-a/PUB-001", metadata.getKey());
        assertEquals("cop-knowledge-v2",
                new String(metadata.getHeaders().lastHeader("knowledgeVersion").value(), StandardCharsets.UTF_8));
        assertNull(metadata.getHeaders().lastHeader("replayId"), "a live record is no replay");
        assertEquals(record.path("eventId").asText(),
                new String(metadata.getHeaders().lastHeader("eventId").value(), StandardCharsets.UTF_8));
    }

    @Test
    void recordsOfSeveralCasesFlowInOrderWithTheirOwnKeys() throws Exception {
        ObjectNode pending = assessedRecord();
        pending.put("caseId", "PUB-003");
        ObjectNode cause = (ObjectNode) pending.path("causeAssessment");
        cause.put("conclusion", "workup-incomplete").put("opEvidence", "probable");
        ((ObjectNode) cause.path("categories").path("infection")).put("status", "incomplete");
        ObjectNode severe = assessedRecord();
        severe.put("caseId", "PUB-006").put("hospitalId", "hosp-b");
        ((ObjectNode) severe.path("measurements")).put("spo2RestPercent", 86).put("respiratorySupport", "high-flow");

        in.send(StageRecords.poll(mapper.writeValueAsString(pending)));
        in.send(StageRecords.poll(mapper.writeValueAsString(severe)));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 2);

        Message<byte[]> first = out.received().get(0);
        JsonNode pendingPlan = mapper.readTree(first.getPayload()).path(TreatmentStage.SECTION);
        assertEquals("hosp-a/PUB-003", first.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
        assertEquals("complete-workup", pendingPlan.path("recommendation").asText());
        assertEquals(false, pendingPlan.path("glucocorticoidRecommended").asBoolean());
        assertTrue(pendingPlan.path("regimen").isNull());
        assertEquals("critical", pendingPlan.path("warnings").path(0).path("level").asText());
        assertEquals("infection-not-excluded", pendingPlan.path("warnings").path(0).path("code").asText());

        Message<byte[]> second = out.received().get(1);
        JsonNode severePlan = mapper.readTree(second.getPayload()).path(TreatmentStage.SECTION);
        assertEquals("hosp-b/PUB-006", second.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
        assertEquals("severe", severePlan.path("severity").asText());
        assertEquals("iv-glucocorticoid", severePlan.path("recommendation").asText());
    }

    @Test
    void aNonJsonPayloadIsNackedAndTheStreamGoesOn() throws Exception {
        String reason = sendAndAwaitDeadLetter("{not json");
        assertTrue(reason.startsWith("value is not valid JSON"), reason);
        assertEquals(0, out.received().size());

        in.send(StageRecords.poll(mapper.writeValueAsString(assessedRecord())));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        assertEquals("oral-glucocorticoid",
                mapper.readTree(out.received().get(0).getPayload()).at("/treatmentPlan/recommendation").asText());
    }

    @Test
    void aRecordWithoutConclusionIsNackedAsAnUpstreamFault() throws Exception {
        ObjectNode record = assessedRecord();
        ((ObjectNode) record.path("causeAssessment")).remove("conclusion");
        String reason = sendAndAwaitDeadLetter(mapper.writeValueAsString(record));
        assertEquals("missing /causeAssessment/conclusion", reason);
        assertEquals(0, out.received().size());
    }

    @Test
    void aWrongTypeIsNackedNamingThePointerNotTheValue() throws Exception {
        ObjectNode record = assessedRecord();
        ((ObjectNode) record.path("measurements")).put("spo2RestPercent", "ninety-three");
        String reason = sendAndAwaitDeadLetter(mapper.writeValueAsString(record));
        assertEquals("cannot bind /measurements/spo2RestPercent", reason);
        assertTrue(!reason.contains("ninety-three"));
    }

    /** A literal a double rounds to a whole number (1E-400 reads as 0) is no count: refused like 3.5 (v2 reads it). */
    @Test
    void aNonIntegerLiteralThatADoubleRoundsToAWholeNumberIsNacked() throws Exception {
        for (String literal : new String[] { "1E-400", "3.00000000000000001" }) {
            ObjectNode record = assessedRecord();
            ((ObjectNode) record.path("imaging").path("ct")).put("lobesInvolved", 4711);
            String payload = mapper.writeValueAsString(record)
                    .replace("\"lobesInvolved\":4711", "\"lobesInvolved\":" + literal);
            assertTrue(payload.contains(literal), payload);
            assertEquals("cannot bind /imaging/ct/lobesInvolved", sendAndAwaitDeadLetter(payload), literal);
        }
        assertEquals(0, out.received().size());
        // A record as the gateway writes it (68.0, ids with "e-" inside strings) is not read twice.
        assertFalse(CaseRecords.mayHaveLostAFraction(mapper.writeValueAsBytes(assessedRecord())));
    }

    @Test
    void aLiveSecondaryOpOnAmiodaroneIsPlannedWithV2() throws Exception {
        in.send(StageRecords.poll(mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper))));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<byte[]> message = out.received().get(0);
        JsonNode plan = mapper.readTree(message.getPayload()).path(TreatmentStage.SECTION);

        assertEquals("cop-knowledge-v2", plan.path("knowledgeVersion").asText());
        assertEquals("moderate", plan.path("severity").asText());
        assertEquals("oral-glucocorticoid", plan.path("recommendation").asText());
        assertTrue(plan.path("glucocorticoidRecommended").asBoolean());
        assertEquals(1, plan.path("causeActions").size());
        JsonNode action = plan.path("causeActions").path(0);
        assertEquals("drug", action.path("category").asText());
        assertEquals("withdraw amiodarone and avoid re-exposure", action.path("action").asText());
        assertEquals("TX-CAUSE-ACTIONS", action.path("source").path("ruleId").asText());
        assertEquals("cop-knowledge-v2", StageRecords.header(message, "knowledgeVersion"));
    }

    @Test
    void aReplayRecordIsPlannedWithTheVersionItNamesAndKeepsItsHeaders() throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        in.send(StageRecords.fromKafka(payload, StageRecords.replayHeaders("replay-7f3a", "cop-knowledge-v1")));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<byte[]> message = out.received().get(0);
        JsonNode plan = mapper.readTree(message.getPayload()).path(TreatmentStage.SECTION);

        // v1: secondary OP never gets a glucocorticoid, and there is no causeActions field
        assertEquals("cop-knowledge-v1", plan.path("knowledgeVersion").asText());
        assertEquals("treat-underlying-cause", plan.path("recommendation").asText());
        assertEquals(false, plan.path("glucocorticoidRecommended").asBoolean());
        assertTrue(plan.path("causeActions").isMissingNode());
        assertEquals("cop-knowledge-v1", StageRecords.header(message, "knowledgeVersion"));
        assertEquals("replay-7f3a", StageRecords.header(message, "replayId"));
        assertEquals("cop-knowledge-v1", StageRecords.header(message, "replayKnowledgeVersion"));
    }

    @Test
    void aReplayRecordNamingV2IsPlannedWithV2() throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        in.send(StageRecords.fromKafka(payload, StageRecords.replayHeaders("replay-2", "cop-knowledge-v2")));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<byte[]> message = out.received().get(0);
        assertEquals("cop-knowledge-v2", mapper.readTree(message.getPayload()).at("/treatmentPlan/knowledgeVersion").asText());
        assertEquals("replay-2", StageRecords.header(message, "replayId"));
        assertEquals("cop-knowledge-v2", StageRecords.header(message, "replayKnowledgeVersion"));
    }

    @ParameterizedTest(name = "replayKnowledgeVersion {0}")
    @ValueSource(strings = { "cop-knowledge-v3", "", "COP-KNOWLEDGE-V1" })
    void aReplayRecordWithAnUnknownVersionIsDeadLettered(String version) throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        String reason = sendAndAwaitDeadLetter(StageRecords.fromKafka(payload, StageRecords.replayHeaders("replay-x", version)));
        assertEquals("replay record with an unknown replayKnowledgeVersion (expected cop-knowledge-v1 or cop-knowledge-v2)",
                reason);
        assertEquals(0, out.received().size());
    }

    @Test
    void aReplayRecordWithoutAVersionIsDeadLettered() throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        String reason = sendAndAwaitDeadLetter(StageRecords.fromKafka(payload, Map.of("replayId", "replay-y")));
        assertEquals("replay record without a replayKnowledgeVersion header", reason);
        assertEquals(0, out.received().size());
    }

    @Test
    void aVersionHeaderWithoutReplayIdIsALiveRecord() throws Exception {
        // only replayId makes a replay: a stray version header does not change the version of a live record
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        in.send(StageRecords.fromKafka(payload, Map.of("replayKnowledgeVersion", "cop-knowledge-v1")));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<byte[]> message = out.received().get(0);
        assertEquals("cop-knowledge-v2", mapper.readTree(message.getPayload()).at("/treatmentPlan/knowledgeVersion").asText());
        assertNull(StageRecords.header(message, "replayKnowledgeVersion"));
    }

    /** Sends a payload and returns the dead letter's reason; its headers name this stage and the exception. */
    private String sendAndAwaitDeadLetter(String payload) throws Exception {
        return sendAndAwaitDeadLetter(StageRecords.poll(payload));
    }

    private String sendAndAwaitDeadLetter(Message<?> poll) throws Exception {
        int before = dlq.received().size();
        in.send(poll);
        await().atMost(Duration.ofSeconds(60)).until(() -> dlq.received().size() == before + 1);
        Headers headers = dlq.received().get(before).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow()
                .getHeaders();
        assertEquals("treatment-service", value(headers, "dead-letter-stage"));
        assertEquals(UnprocessableRecordException.class.getName(), value(headers, "dead-letter-exception-class-name"));
        return value(headers, "dead-letter-reason");
    }

    private static String value(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Inject
    TreatmentStage stage;

    @Test
    void liveRecordsArePlannedWithV2ByDefault() {
        assertEquals(KnowledgeVersion.V2, stage.configuredVersion());
    }
    @Inject
    TreatmentProcessor processor;

    private String record(String eventId) throws Exception {
        return mapper.writeValueAsString(assessedRecord().put("eventId", eventId));
    }

    /** Issue 15: one poison record in the middle of a poll goes to the DLQ alone; the others go on in their order. */
    @Test
    void aPoisonRecordInTheMiddleOfABatchGoesAloneToTheDlqWithItsHeadersAndTheOthersGoOnInOrder() throws Exception {
        Headers consumedHeaders = new RecordHeaders()
                .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8))
                .add("hospitalId", "hosp-a".getBytes(StandardCharsets.UTF_8));
        String poison = "{ \"eventId\": \"ZZPHI\", not json";
        Poll poll = Poll.of(record("first")).add(poison, consumedHeaders).add(record("third"));
        in.send(poll.batch());

        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 2 && dlq.received().size() == 1);
        List<String> forwarded = out.received().stream().map(m -> read(m.getPayload()).path("eventId").asText()).toList();
        assertEquals(List.of("first", "third"), forwarded);
        for (Message<byte[]> sent : out.received()) {
            assertTrue(read(sent.getPayload()).has(TreatmentStage.SECTION));
        }

        Message<byte[]> dead = dlq.received().get(0);
        assertArrayEquals(poison.getBytes(StandardCharsets.UTF_8), dead.getPayload(), "the consumed value, unchanged");
        OutgoingKafkaRecordMetadata<?> letter = dead.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertArrayEquals(poll.key(1), (byte[]) letter.getKey(), "the consumed key, unchanged");
        Headers headers = letter.getHeaders();
        assertEquals(UnprocessableRecordException.class.getName(), value(headers, "dead-letter-exception-class-name"));
        assertTrue(value(headers, "dead-letter-reason").startsWith("value is not valid JSON (line 1, column "),
                value(headers, "dead-letter-reason"));
        assertEquals(Topics.IN, value(headers, "dead-letter-topic"));
        assertEquals("0", value(headers, "dead-letter-partition"));
        assertEquals(Long.toString(poll.offset(1)), value(headers, "dead-letter-offset"));
        assertEquals("treatment-service", value(headers, "dead-letter-stage"));
        assertNull(headers.lastHeader("dead-letter-cause"), "the reason has no cause");
        // The consumed record's own headers travel with it, its traceparent once (dlq.sh replays it in its trace).
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", value(headers, "traceparent"));
        assertEquals(1, java.util.stream.StreamSupport.stream(headers.headers("traceparent").spliterator(), false).count());
        assertEquals("hosp-a", value(headers, "hospitalId"));
        for (Header h : headers) {
            assertFalse(new String(h.value(), StandardCharsets.UTF_8).contains("ZZPHI"), h.key() + " quotes the value");
        }

        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
        assertEquals(List.of(), poll.nacked(), "no record is handed to the connector's failure strategy");
    }

    /** Issue 15: an offset is never committed before its output exists. */
    @Test
    void aBatchWhoseOutputIsRefusedIsNotAcknowledged() throws Exception {
        Poll poll = Poll.of(record("a"), record("b"), record("c"));
        List<Message<byte[]>> outgoing = processor.process(poll.batch()).collect().asList()
                .await().atMost(Duration.ofSeconds(60));
        assertEquals(3, outgoing.size());

        outgoing.get(0).ack().toCompletableFuture().join();
        outgoing.get(1).nack(new RecordTooLargeException("refused by the broker")).toCompletableFuture().join();
        assertFalse(poll.acknowledgedAnything(), "two of three settled, one refused");
        outgoing.get(2).ack().toCompletableFuture().join();
        assertFalse(poll.acknowledgedAnything(), "one output refused: the batch stays unacknowledged");
        assertEquals(List.of(), poll.nacked(), "nor is it nacked, which would dead-letter all three");
    }

    @Test
    void aBatchIsAcknowledgedOnlyWhenItsLastOutputIs() throws Exception {
        Poll poll = Poll.of(record("a"), record("b"));
        List<Message<byte[]>> outgoing = processor.process(poll.batch()).collect().asList()
                .await().atMost(Duration.ofSeconds(60));
        outgoing.get(1).ack().toCompletableFuture().join();
        assertFalse(poll.acknowledgedAnything(), "the first output is not acknowledged yet");
        outgoing.get(0).ack().toCompletableFuture().join();
        assertTrue(poll.acknowledged());
    }

    /** Issue 15: in one poll, each record is planned with its own version and keeps its own headers, in order. */
    @Test
    void replayRecordsInABatchKeepTheirOwnVersions() throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        Poll poll = new Poll().add(payload)
                .add(payload, replay("replay-31", "cop-knowledge-v1"))
                .add(payload, replay("replay-32", "cop-knowledge-v2"))
                .add(payload, replay("replay-33", "cop-knowledge-v1"))
                .add(payload);
        in.send(poll.batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 5);

        List<String> versions = List.of("cop-knowledge-v2", "cop-knowledge-v1", "cop-knowledge-v2", "cop-knowledge-v1",
                "cop-knowledge-v2");
        List<String> replayIds = java.util.Arrays.asList(null, "replay-31", "replay-32", "replay-33", null);
        for (int i = 0; i < 5; i++) {
            Message<byte[]> message = out.received().get(i);
            JsonNode plan = read(message.getPayload()).path(TreatmentStage.SECTION);
            boolean v1 = versions.get(i).equals("cop-knowledge-v1");
            assertEquals(versions.get(i), plan.path("knowledgeVersion").asText(), "record " + i);
            // v1: secondary OP is treated at its cause; v2: an oral glucocorticoid with the drug withdrawn
            assertEquals(v1 ? "treat-underlying-cause" : "oral-glucocorticoid", plan.path("recommendation").asText(),
                    "record " + i);
            assertEquals(versions.get(i), StageRecords.header(message, "knowledgeVersion"), "record " + i);
            assertEquals(replayIds.get(i), StageRecords.header(message, "replayId"), "record " + i);
            assertEquals(replayIds.get(i) == null ? null : versions.get(i),
                    StageRecords.header(message, "replayKnowledgeVersion"), "record " + i);
        }
        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
    }

    private static Headers replay(String replayId, String version) {
        return new RecordHeaders().add("replayId", replayId.getBytes(StandardCharsets.UTF_8))
                .add("replayKnowledgeVersion", version.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode read(byte[] payload) {
        try {
            return mapper.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
