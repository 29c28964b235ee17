package org.coppipeline.exclusion.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

import org.coppipeline.exclusion.binding.Examples;

/** case-scored in, case-assessed out, through the real processor, CaseRecords and CauseStage beans. */
@QuarkusTest
@QuarkusTestResource(InMemoryChannels.class)
class ExclusionProcessorTest {

    @Inject
    @jakarta.enterprise.inject.Any
    InMemoryConnector connector;

    private InMemorySource<Message<String>> in;
    private InMemorySink<String> out;

    @BeforeEach
    void channels() {
        in = connector.source(Topics.IN);
        out = connector.sink(Topics.OUT);
        out.clear();
    }

    private static ObjectNode classicRecord() {
        ObjectNode record = Examples.scoredRecord(Examples.read(Examples.files().stream()
                .filter(p -> p.getFileName().toString().equals("classic-cop-moderate.json")).findFirst().orElseThrow()));
        ((ObjectNode) record.get("symptomAssessment")).put("suspicionScore", 13).putArray("contributions").addObject()
                .put("finding", "fever");
        record.putObject("extension").put("kept", true);
        return record;
    }

    private static String header(OutgoingKafkaRecordMetadata<?> meta, String name) {
        Header header = meta.getHeaders().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sends a payload and returns the reason it was nacked with, checking the stage named for the DLQ. */
    private Throwable nackReason(String payload) throws Exception {
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        CompletableFuture<Metadata> nackMetadata = new CompletableFuture<>();
        in.send(Message.of(payload).withNackWithMetadata((reason, metadata) -> {
            nackMetadata.complete(metadata);
            nacked.complete(reason);
            return CompletableFuture.completedFuture(null);
        }));
        Throwable reason = nacked.get(30, TimeUnit.SECONDS);
        OutgoingKafkaRecordMetadata<?> deadLetter = nackMetadata.get().get(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("exclusion-service",
                new String(deadLetter.getHeaders().lastHeader("dead-letter-stage").value(), StandardCharsets.UTF_8));
        return reason;
    }

    @Test
    void addsCauseAssessmentAndPassesEverythingElseThrough() throws Exception {
        ObjectNode record = classicRecord();
        in.send(Message.of(Examples.JSON.writeValueAsString(record)));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.received().size() == 1);

        Message<String> sent = out.received().get(0);
        ObjectNode result = (ObjectNode) Examples.JSON.readTree(sent.getPayload());
        ObjectNode cause = (ObjectNode) result.remove("causeAssessment");
        assertEquals(record, result, "every other field, symptomAssessment included, is untouched");
        assertEquals("cop-confirmed", cause.get("conclusion").asText());
        assertEquals("confirmed", cause.get("opEvidence").asText());
        assertEquals("cop-knowledge-v2", cause.get("knowledgeVersion").asText(), "the configured default");

        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> meta = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("hosp-a/PUB-001", meta.getKey());
        assertEquals("fb77c237-0d46-5a67-8588-f2af4a69dac1", header(meta, "eventId"));
        assertEquals("hosp-a", header(meta, "hospitalId"));
        assertEquals("cop-knowledge-v2", header(meta, "knowledgeVersion"));
    }

    @Test
    void aRecordWithoutSymptomAssessmentIsAssessedWithAWarning() throws Exception {
        ObjectNode record = classicRecord();
        record.remove("symptomAssessment");
        in.send(Message.of(Examples.JSON.writeValueAsString(record)));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.received().size() == 1);
        ObjectNode cause = (ObjectNode) Examples.JSON.readTree(out.received().get(0).getPayload()).get("causeAssessment");
        assertEquals("suspicion-unknown", cause.path("warnings").path(0).path("code").asText());
        assertEquals("cop-confirmed", cause.get("conclusion").asText());
    }

    @Test
    void aNonJsonPayloadIsNackedAndNothingIsWritten() throws Exception {
        Throwable reason = nackReason("this is { not json");
        assertInstanceOf(UnprocessableRecordException.class, reason);
        assertTrue(reason.getMessage().startsWith("value is not valid JSON"), reason.getMessage());
        assertEquals(List.of(), out.received());
    }

    @Test
    void anUnbindableRecordIsNackedWithItsPointerOnly() throws Exception {
        ObjectNode record = classicRecord();
        ((ObjectNode) record.get("history")).put("medicationsReviewed", "secret-value");
        Throwable reason = nackReason(Examples.JSON.writeValueAsString(record));
        assertEquals("cannot bind /history/medicationsReviewed", reason.getMessage());
        assertEquals(List.of(), out.received());
    }

    @Test
    void aPoisonRecordDoesNotStopTheStream() throws Exception {
        assertEquals("value is not a JSON object", nackReason("[1,2,3]").getMessage());
        in.send(Message.of(Examples.JSON.writeValueAsString(classicRecord())));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.received().size() == 1);
        assertEquals("hosp-a/PUB-001",
                out.received().get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
    }
}
