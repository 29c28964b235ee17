package org.coppipeline.symptom.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

import org.coppipeline.symptom.SymptomStage;

/**
 * The stage wired as it runs, with in-memory channels instead of Kafka: a poll in, its records out in order; a record
 * it cannot process goes alone to the dead-letter channel with the headers the connector's strategy wrote, and the
 * batch is acknowledged only once every outgoing record and dead letter is.
 */
@QuarkusTest
@WithTestResource(InMemoryChannels.class)
class SymptomProcessorTest {

    @Inject
    @Connector(InMemoryConnector.CONNECTOR)
    InMemoryConnector connector;

    @Inject
    ObjectMapper mapper;

    @Inject
    SymptomProcessor processor;

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

    private ObjectNode classicEvent() throws Exception {
        String example = Files.readString(Paths.get(getClass().getResource(
                "/contract/examples/classic-cop-moderate.json").toURI()), StandardCharsets.UTF_8);
        return (ObjectNode) mapper.readTree(example).get("event");
    }

    private String event(String eventId) throws Exception {
        return mapper.writeValueAsString(classicEvent().put("eventId", eventId));
    }

    @Test
    void addsTheSectionAndLeavesEverythingElseUntouched() throws Exception {
        ObjectNode event = classicEvent();
        // A field this stage does not know, as a later schema or an upstream stage might add, must pass through.
        event.putObject("futureSection").put("anything", 1).putArray("list").add("a");
        Poll poll = Poll.of(mapper.writeValueAsString(event));
        in.send(poll.batch());

        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        Message<byte[]> sent = out.received().get(0);
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
        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
    }

    @Test
    void nonJsonPayloadIsDeadLettered() throws Exception {
        Headers headers = deadLetterOf(Poll.of("this is { not json"));
        assertEquals(UnprocessableRecordException.class.getName(), header(headers, "dead-letter-exception-class-name"));
        assertTrue(header(headers, "dead-letter-reason").startsWith("value is not valid JSON"),
                header(headers, "dead-letter-reason"));
        assertEquals(0, out.received().size());
    }

    @Test
    void bytesThatAreNotUtf8AreDeadLetteredAsTheyCame() throws Exception {
        byte[] latin1 = "{\"eventId\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Poll poll = new Poll().add(latin1, new RecordHeaders());
        Headers headers = deadLetterOf(poll);
        assertTrue(header(headers, "dead-letter-reason").startsWith("value is not valid JSON"),
                header(headers, "dead-letter-reason"));
        assertArrayEquals(latin1, dlq.received().get(0).getPayload(), "the dead letter is the consumed value, byte for byte");
    }

    @Test
    void unbindableRecordIsDeadLetteredNamingOnlyThePointer() throws Exception {
        ObjectNode event = classicEvent();
        ((ObjectNode) event.get("patient")).put("ageYears", "fifty-five");
        Headers headers = deadLetterOf(Poll.of(mapper.writeValueAsString(event)));
        assertEquals("cannot bind /patient/ageYears", header(headers, "dead-letter-reason"));
        assertEquals(0, out.received().size());
    }

    /** A literal a double rounds to a whole number (1E-400 reads as 0) is no integer: refused like 55.5. */
    @Test
    void aNonIntegerLiteralThatADoubleRoundsToAWholeNumberIsDeadLettered() throws Exception {
        for (String literal : new String[] { "1E-400", "55.00000000000000001" }) {
            ObjectNode event = classicEvent();
            ((ObjectNode) event.get("patient")).put("ageYears", 4711);
            String record = mapper.writeValueAsString(event).replace("\"ageYears\":4711", "\"ageYears\":" + literal);
            assertTrue(record.contains(literal), record);
            Headers headers = deadLetterOf(Poll.of(record));
            assertEquals("cannot bind /patient/ageYears", header(headers, "dead-letter-reason"), literal);
            dlq.clear();
        }
        assertEquals(0, out.received().size());
        // A record as the gateway writes it (68.0, ids with "e-" inside strings) is not read twice.
        assertFalse(CaseRecords.mayHaveLostAFraction(mapper.writeValueAsBytes(classicEvent())));
    }

    @Test
    void aGoodRecordAfterABadOneStillFlows() throws Exception {
        deadLetterOf(Poll.of("]"));
        in.send(Poll.of(mapper.writeValueAsString(classicEvent())).batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        assertEquals("high", mapper.readTree(out.received().get(0).getPayload()).at("/symptomAssessment/suspicion")
                .asText());
    }

    /** Issue 15: one poison record in the middle of a poll goes to the DLQ alone; the others go on in their order. */
    @Test
    void aPoisonRecordInTheMiddleOfABatchGoesAloneToTheDlqWithItsHeadersAndTheOthersGoOnInOrder() throws Exception {
        Headers consumedHeaders = new RecordHeaders()
                .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8))
                .add("hospitalId", "hosp-a".getBytes(StandardCharsets.UTF_8));
        String poison = "{ \"eventId\": \"ZZPHI\", not json";
        Poll poll = Poll.of(event("first")).add(poison, consumedHeaders).add(event("third"));
        in.send(poll.batch());

        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 2 && dlq.received().size() == 1);
        List<String> forwarded = out.received().stream().map(m -> eventId(m.getPayload())).toList();
        assertEquals(List.of("first", "third"), forwarded);
        for (Message<byte[]> sent : out.received()) {
            assertTrue(read(sent.getPayload()).has(SymptomStage.SECTION));
        }

        Message<byte[]> dead = dlq.received().get(0);
        assertArrayEquals(poison.getBytes(StandardCharsets.UTF_8), dead.getPayload(), "the consumed value, unchanged");
        OutgoingKafkaRecordMetadata<?> letter = dead.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertArrayEquals(poll.key(1), (byte[]) letter.getKey(), "the consumed key, unchanged");
        Headers headers = letter.getHeaders();
        assertEquals(UnprocessableRecordException.class.getName(), header(headers, "dead-letter-exception-class-name"));
        assertTrue(header(headers, "dead-letter-reason").startsWith("value is not valid JSON (line 1, column "),
                header(headers, "dead-letter-reason"));
        assertEquals(Topics.IN, header(headers, "dead-letter-topic"));
        assertEquals("0", header(headers, "dead-letter-partition"));
        assertEquals(Long.toString(poll.offset(1)), header(headers, "dead-letter-offset"));
        assertEquals("symptom-service", header(headers, "dead-letter-stage"));
        assertNull(headers.lastHeader("dead-letter-cause"), "the reason has no cause");
        // The consumed record's own headers travel with it, its traceparent once (dlq.sh replays it in its trace).
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", header(headers, "traceparent"));
        assertEquals(1, count(headers, "traceparent"));
        assertEquals("hosp-a", header(headers, "hospitalId"));
        for (var h : headers) {
            assertFalse(new String(h.value(), StandardCharsets.UTF_8).contains("ZZPHI"), h.key() + " quotes the value");
        }

        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
        assertEquals(List.of(), poll.nacked(), "no record is handed to the connector's failure strategy");
    }

    /** Issue 15: an offset is never committed before its output exists. */
    @Test
    void aBatchWhoseOutputIsRefusedIsNotAcknowledged() throws Exception {
        Poll poll = Poll.of(event("a"), event("b"), event("c"));
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
        Poll poll = Poll.of(event("a"), event("b"));
        List<Message<byte[]>> outgoing = processor.process(poll.batch()).collect().asList()
                .await().atMost(Duration.ofSeconds(60));
        outgoing.get(1).ack().toCompletableFuture().join();
        assertFalse(poll.acknowledgedAnything(), "the first output is not acknowledged yet");
        outgoing.get(0).ack().toCompletableFuture().join();
        assertTrue(poll.acknowledged());
    }

    private Headers deadLetterOf(Poll poll) {
        in.send(poll.batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> dlq.received().size() == 1);
        Headers headers = dlq.received().get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        // The dead-letter record names the stage that refused it.
        assertEquals("symptom-service", header(headers, "dead-letter-stage"));
        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
        return headers;
    }

    private JsonNode read(byte[] payload) {
        try {
            return mapper.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String eventId(byte[] payload) {
        return read(payload).path("eventId").asText();
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
}
