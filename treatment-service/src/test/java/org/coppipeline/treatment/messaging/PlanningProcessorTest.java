package org.coppipeline.treatment.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
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

import org.coppipeline.treatment.TreatmentStage;

/** case-assessed in, case-planned out, through the real processor with in-memory channels. */
@QuarkusTest
@WithTestResource(InMemoryChannels.class)
class PlanningProcessorTest {

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

        await().atMost(Duration.ofSeconds(20)).until(() -> out.received().size() == 1);
        Message<String> message = out.received().get(0);
        ObjectNode planned = (ObjectNode) mapper.readTree(message.getPayload());

        JsonNode plan = planned.path(TreatmentStage.SECTION);
        assertEquals("moderate", plan.path("severity").asText());
        assertEquals("oral-glucocorticoid", plan.path("recommendation").asText());
        assertTrue(plan.path("glucocorticoidRecommended").asBoolean());
        assertEquals("oral-prednisone-taper", plan.path("regimen").path("name").asText());
        assertEquals(50, plan.path("regimen").path("steps").path(0).path("dose").path("amount").asInt());
        assertEquals("cop-knowledge-v1", plan.path("knowledgeVersion").asText());

        // everything else passes through untouched
        planned.remove(TreatmentStage.SECTION);
        assertEquals(record, planned);

        OutgoingKafkaRecordMetadata<?> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("hosp-a/PUB-001", metadata.getKey());
        assertEquals("cop-knowledge-v1",
                new String(metadata.getHeaders().lastHeader("knowledgeVersion").value(), StandardCharsets.UTF_8));
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
        await().atMost(Duration.ofSeconds(20)).until(() -> out.received().size() == 2);

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

    @Inject
    CaseRecords records;

    @Inject
    TreatmentStage stage;

    /**
     * What the processor throws for records it cannot process, and so the reason a nack carries to the DLQ: it
     * names the problem, never a value of the record.
     */
    @Test
    void unprocessableRecordsThrowAPhiFreeReason() throws Exception {
        UnprocessableRecordException notJson = assertThrows(UnprocessableRecordException.class, () -> records.read("{not json"));
        assertTrue(notJson.getMessage().startsWith("value is not valid JSON"), notJson.getMessage());

        ObjectNode withoutConclusion = assessedRecord();
        ((ObjectNode) withoutConclusion.path("causeAssessment")).remove("conclusion");
        assertEquals("missing /causeAssessment/conclusion",
                assertThrows(UnprocessableRecordException.class, () -> stage.assess(withoutConclusion)).getMessage());

        ObjectNode wrongType = assessedRecord();
        ((ObjectNode) wrongType.path("measurements")).put("spo2RestPercent", "ninety-three");
        assertEquals("cannot bind /measurements/spo2RestPercent",
                assertThrows(UnprocessableRecordException.class, () -> stage.assess(wrongType)).getMessage());
    }

    @Test
    void knowledgeVersionOfTheStage() {
        assertEquals("cop-knowledge-v1", stage.knowledgeVersion());
    }
}
