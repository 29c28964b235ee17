package org.coppipeline.symptom.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
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

import org.coppipeline.symptom.SymptomStage;

/**
 * The stage wired as it runs, with in-memory channels instead of Kafka: record in, record out; an unprocessable
 * record is nacked (the Kafka connector's failure strategy then dead-letters it) and the channel keeps going.
 */
@QuarkusTest
@WithTestResource(InMemoryChannels.class)
class SymptomProcessorTest {

    @Inject
    @Connector(InMemoryConnector.CONNECTOR)
    InMemoryConnector connector;

    @Inject
    ObjectMapper mapper;

    private InMemorySource<Message<String>> in;
    private InMemorySink<String> out;

    @BeforeEach
    void channels() {
        in = connector.source(Topics.IN);
        out = connector.sink(Topics.OUT);
        out.clear();
    }

    private ObjectNode classicEvent() throws Exception {
        String example = Files.readString(Paths.get(getClass().getResource(
                "/contract/examples/classic-cop-moderate.json").toURI()), StandardCharsets.UTF_8);
        return (ObjectNode) mapper.readTree(example).get("event");
    }

    @Test
    void addsTheSectionAndLeavesEverythingElseUntouched() throws Exception {
        ObjectNode event = classicEvent();
        // A field this stage does not know, as a later schema or an upstream stage might add, must pass through.
        event.putObject("futureSection").put("anything", 1).putArray("list").add("a");
        in.send(Message.of(mapper.writeValueAsString(event)));

        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<String> sent = out.received().get(0);
        ObjectNode record = (ObjectNode) mapper.readTree(sent.getPayload());

        JsonNode section = record.remove(SymptomStage.SECTION);
        assertEquals(event, record);
        assertEquals("high", section.get("suspicion").asText());
        assertEquals(19, section.get("suspicionScore").asInt());
        assertEquals("histology", section.get("evidenceLevel").asText());
        // The default configuration scores live records with knowledge v2.
        assertEquals("cop-knowledge-v2", section.get("knowledgeVersion").asText());
        assertEquals("SX-NOT-VALIDATED", section.at("/statement/source/ruleId").asText());

        OutgoingKafkaRecordMetadata<?> metadata = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("hosp-a/PUB-001", metadata.getKey());
        Headers headers = metadata.getHeaders();
        assertEquals("fb77c237-0d46-5a67-8588-f2af4a69dac1", header(headers, "eventId"));
        assertEquals("hosp-a", header(headers, "hospitalId"));
        assertEquals("cop-knowledge-v2", header(headers, "knowledgeVersion"));
        assertEquals("1", header(headers, "schemaVersion"));
        assertNull(headers.lastHeader("replayId"), "a live record is no replay");
        assertNull(headers.lastHeader("replayKnowledgeVersion"));
    }

    @Test
    void nonJsonPayloadIsNacked() throws Exception {
        Throwable reason = sendAndAwaitNack("this is { not json");
        assertInstanceOf(UnprocessableRecordException.class, reason);
        assertTrue(reason.getMessage().startsWith("value is not valid JSON"), reason.getMessage());
        assertEquals(0, out.received().size());
    }

    @Test
    void unbindableRecordIsNackedNamingOnlyThePointer() throws Exception {
        ObjectNode event = classicEvent();
        ((ObjectNode) event.get("patient")).put("ageYears", "fifty-five");
        Throwable reason = sendAndAwaitNack(mapper.writeValueAsString(event));
        assertInstanceOf(UnprocessableRecordException.class, reason);
        assertEquals("cannot bind /patient/ageYears", reason.getMessage());
        assertEquals(0, out.received().size());
    }

    @Test
    void aGoodRecordAfterABadOneStillFlows() throws Exception {
        sendAndAwaitNack("]");
        in.send(Message.of(mapper.writeValueAsString(classicEvent())));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        assertEquals("high", mapper.readTree(out.received().get(0).getPayload()).at("/symptomAssessment/suspicion")
                .asText());
    }

    private Throwable sendAndAwaitNack(String payload) throws Exception {
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        CompletableFuture<Metadata> nackMetadata = new CompletableFuture<>();
        in.send(Message.of(payload).withNackWithMetadata((reason, metadata) -> {
            nackMetadata.complete(metadata);
            nacked.complete(reason);
            return CompletableFuture.completedFuture(null);
        }));
        Throwable reason = nacked.get(60, TimeUnit.SECONDS);
        // The dead-letter record names the stage that refused it.
        OutgoingKafkaRecordMetadata<?> deadLetter = nackMetadata.get().get(OutgoingKafkaRecordMetadata.class)
                .orElseThrow();
        assertEquals("symptom-service", header(deadLetter.getHeaders(), "dead-letter-stage"));
        return reason;
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
