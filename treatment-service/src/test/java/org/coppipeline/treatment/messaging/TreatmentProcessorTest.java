package org.coppipeline.treatment.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
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
    private InMemorySink<String> out;

    @BeforeEach
    void channels() {
        in = connector.source(Topics.IN);
        out = connector.sink(Topics.OUT);
        out.clear();
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
        in.send(mapper.writeValueAsString(record));

        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<String> message = out.received().get(0);
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

        in.send(mapper.writeValueAsString(pending));
        in.send(mapper.writeValueAsString(severe));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 2);

        Message<String> first = out.received().get(0);
        JsonNode pendingPlan = mapper.readTree(first.getPayload()).path(TreatmentStage.SECTION);
        assertEquals("hosp-a/PUB-003", first.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
        assertEquals("complete-workup", pendingPlan.path("recommendation").asText());
        assertEquals(false, pendingPlan.path("glucocorticoidRecommended").asBoolean());
        assertTrue(pendingPlan.path("regimen").isNull());
        assertEquals("critical", pendingPlan.path("warnings").path(0).path("level").asText());
        assertEquals("infection-not-excluded", pendingPlan.path("warnings").path(0).path("code").asText());

        Message<String> second = out.received().get(1);
        JsonNode severePlan = mapper.readTree(second.getPayload()).path(TreatmentStage.SECTION);
        assertEquals("hosp-b/PUB-006", second.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
        assertEquals("severe", severePlan.path("severity").asText());
        assertEquals("iv-glucocorticoid", severePlan.path("recommendation").asText());
    }

    @Test
    void aNonJsonPayloadIsNackedAndTheStreamGoesOn() throws Exception {
        Throwable reason = sendAndAwaitNack("{not json");
        assertInstanceOf(UnprocessableRecordException.class, reason);
        assertTrue(reason.getMessage().startsWith("value is not valid JSON"), reason.getMessage());
        assertEquals(0, out.received().size());

        in.send(mapper.writeValueAsString(assessedRecord()));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        assertEquals("oral-glucocorticoid",
                mapper.readTree(out.received().get(0).getPayload()).at("/treatmentPlan/recommendation").asText());
    }

    @Test
    void aRecordWithoutConclusionIsNackedAsAnUpstreamFault() throws Exception {
        ObjectNode record = assessedRecord();
        ((ObjectNode) record.path("causeAssessment")).remove("conclusion");
        Throwable reason = sendAndAwaitNack(mapper.writeValueAsString(record));
        assertInstanceOf(UnprocessableRecordException.class, reason);
        assertEquals("missing /causeAssessment/conclusion", reason.getMessage());
        assertEquals(0, out.received().size());
    }

    @Test
    void aWrongTypeIsNackedNamingThePointerNotTheValue() throws Exception {
        ObjectNode record = assessedRecord();
        ((ObjectNode) record.path("measurements")).put("spo2RestPercent", "ninety-three");
        Throwable reason = sendAndAwaitNack(mapper.writeValueAsString(record));
        assertEquals("cannot bind /measurements/spo2RestPercent", reason.getMessage());
        assertTrue(!reason.getMessage().contains("ninety-three"));
    }

    @Test
    void aLiveSecondaryOpOnAmiodaroneIsPlannedWithV2() throws Exception {
        in.send(mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper)));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<String> message = out.received().get(0);
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
        Message<String> message = out.received().get(0);
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
        Message<String> message = out.received().get(0);
        assertEquals("cop-knowledge-v2", mapper.readTree(message.getPayload()).at("/treatmentPlan/knowledgeVersion").asText());
        assertEquals("replay-2", StageRecords.header(message, "replayId"));
        assertEquals("cop-knowledge-v2", StageRecords.header(message, "replayKnowledgeVersion"));
    }

    @ParameterizedTest(name = "replayKnowledgeVersion {0}")
    @ValueSource(strings = { "cop-knowledge-v3", "", "COP-KNOWLEDGE-V1" })
    void aReplayRecordWithAnUnknownVersionIsDeadLettered(String version) throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        Throwable reason = sendAndAwaitNack(StageRecords.fromKafka(payload, StageRecords.replayHeaders("replay-x", version)));
        assertInstanceOf(UnprocessableRecordException.class, reason);
        assertEquals("replay record with an unknown replayKnowledgeVersion (expected cop-knowledge-v1 or cop-knowledge-v2)",
                reason.getMessage());
        assertEquals(0, out.received().size());
    }

    @Test
    void aReplayRecordWithoutAVersionIsDeadLettered() throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        Throwable reason = sendAndAwaitNack(StageRecords.fromKafka(payload, Map.of("replayId", "replay-y")));
        assertEquals("replay record without a replayKnowledgeVersion header", reason.getMessage());
        assertEquals(0, out.received().size());
    }

    @Test
    void aVersionHeaderWithoutReplayIdIsALiveRecord() throws Exception {
        // only replayId makes a replay: a stray version header does not change the version of a live record
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        in.send(StageRecords.fromKafka(payload, Map.of("replayKnowledgeVersion", "cop-knowledge-v1")));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<String> message = out.received().get(0);
        assertEquals("cop-knowledge-v2", mapper.readTree(message.getPayload()).at("/treatmentPlan/knowledgeVersion").asText());
        assertNull(StageRecords.header(message, "replayKnowledgeVersion"));
    }

    /** Sends a payload and returns the nack reason; the dead-letter metadata names this stage. */
    private Throwable sendAndAwaitNack(String payload) throws Exception {
        return sendAndAwaitNack(Message.of(payload));
    }

    private Throwable sendAndAwaitNack(Message<String> message) throws Exception {
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        CompletableFuture<Metadata> nackMetadata = new CompletableFuture<>();
        in.send(message.withNackWithMetadata((reason, metadata) -> {
            nackMetadata.complete(metadata);
            nacked.complete(reason);
            return CompletableFuture.completedFuture(null);
        }));
        Throwable reason = nacked.get(60, TimeUnit.SECONDS);
        OutgoingKafkaRecordMetadata<?> deadLetter = nackMetadata.get().get(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("treatment-service",
                new String(deadLetter.getHeaders().lastHeader("dead-letter-stage").value(), StandardCharsets.UTF_8));
        return reason;
    }

    @Inject
    TreatmentStage stage;

    @Test
    void liveRecordsArePlannedWithV2ByDefault() {
        assertEquals(KnowledgeVersion.V2, stage.configuredVersion());
    }
}
