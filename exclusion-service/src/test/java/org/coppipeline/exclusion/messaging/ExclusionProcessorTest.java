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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

import org.coppipeline.exclusion.binding.Examples;

/**
 * case-scored in, case-assessed out, through the real processor, CaseRecords and ExclusionStage beans, with the default
 * configuration (knowledge v2) and replay records that name their own version.
 */
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

    /** A record as the Kafka connector hands it over: with its topic, offset and headers (name, value pairs). */
    static Message<String> fromKafka(String payload, String... headers) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.IN, 0, 42L, "hosp-a/PUB-001", payload);
        for (int i = 0; i < headers.length; i += 2) {
            record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return Message.of(payload).addMetadata(new IncomingKafkaRecordMetadata<>(record, Topics.IN));
    }

    /** Sends a payload and returns the reason it was nacked with, checking the stage named for the DLQ. */
    private Throwable nackReason(String payload) throws Exception {
        return nackReason(Message.of(payload));
    }

    private Throwable nackReason(Message<String> message) throws Exception {
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        CompletableFuture<Metadata> nackMetadata = new CompletableFuture<>();
        in.send(message.withNackWithMetadata((reason, metadata) -> {
            nackMetadata.complete(metadata);
            nacked.complete(reason);
            return CompletableFuture.completedFuture(null);
        }));
        Throwable reason = nacked.get(60, TimeUnit.SECONDS);
        OutgoingKafkaRecordMetadata<?> deadLetter = nackMetadata.get().get(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("exclusion-service",
                new String(deadLetter.getHeaders().lastHeader("dead-letter-stage").value(), StandardCharsets.UTF_8));
        return reason;
    }

    @Test
    void addsCauseAssessmentAndPassesEverythingElseThrough() throws Exception {
        ObjectNode record = classicRecord();
        in.send(Message.of(Examples.JSON.writeValueAsString(record)));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);

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
    void aLiveRecordFromKafkaIsAssessedWithTheConfiguredVersionAndCarriesNoReplayHeaders() throws Exception {
        in.send(fromKafka(Examples.JSON.writeValueAsString(classicRecord()), "knowledgeVersion", "cop-knowledge-v1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<String> sent = out.received().get(0);
        assertEquals("cop-knowledge-v2", Examples.JSON.readTree(sent.getPayload()).at("/causeAssessment/knowledgeVersion").asText(),
                "an upstream knowledgeVersion header does not choose the version: only a replay does");
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> meta = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("cop-knowledge-v2", header(meta, "knowledgeVersion"));
        assertEquals(null, header(meta, "replayId"));
        assertEquals(null, header(meta, "replayKnowledgeVersion"));
    }

    @Test
    void aReplayRecordIsAssessedWithTheVersionItNamesAndCarriesBothHeadersOn() throws Exception {
        ObjectNode record = classicRecord();
        in.send(fromKafka(Examples.JSON.writeValueAsString(record), "replayId", "rp-7f3a", "replayKnowledgeVersion",
                "cop-knowledge-v1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<String> sent = out.received().get(0);
        ObjectNode result = (ObjectNode) Examples.JSON.readTree(sent.getPayload());
        ObjectNode cause = (ObjectNode) result.remove("causeAssessment");
        assertEquals(record, result);
        assertEquals("cop-knowledge-v1", cause.get("knowledgeVersion").asText());
        assertEquals(90, cause.at("/thresholds/drugWindowDays").asInt(), "v1's own thresholds");
        assertEquals("cop-confirmed", cause.get("conclusion").asText());
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> meta = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("rp-7f3a", header(meta, "replayId"));
        assertEquals("cop-knowledge-v1", header(meta, "replayKnowledgeVersion"));
        assertEquals("cop-knowledge-v1", header(meta, "knowledgeVersion"));
        assertEquals("hosp-a/PUB-001", meta.getKey());
    }

    @Test
    void aReplayRecordWithAnUnknownOrMissingVersionGoesToTheDlqWithTheReason() throws Exception {
        String payload = Examples.JSON.writeValueAsString(classicRecord());
        Throwable unknown = nackReason(fromKafka(payload, "replayId", "rp-1", "replayKnowledgeVersion", "cop-knowledge-v9"));
        assertInstanceOf(UnprocessableRecordException.class, unknown);
        assertEquals("replay record with an unknown replayKnowledgeVersion (expected cop-knowledge-v1 or cop-knowledge-v2)",
                unknown.getMessage());
        Throwable missing = nackReason(fromKafka(payload, "replayId", "rp-2"));
        assertEquals("replay record without a replayKnowledgeVersion header", missing.getMessage());
        assertEquals(List.of(), out.received());
    }

    @Test
    void aRecordWithoutSymptomAssessmentIsAssessedWithAWarning() throws Exception {
        ObjectNode record = classicRecord();
        record.remove("symptomAssessment");
        in.send(Message.of(Examples.JSON.writeValueAsString(record)));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
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
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        assertEquals("hosp-a/PUB-001",
                out.received().get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
    }
}
