package org.coppipeline.exclusion.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
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

    @Inject
    ExclusionProcessor processor;

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

    /** A poll of one record as the Kafka connector hands it over: with its topic, offset and headers (name, value pairs). */
    static Message<?> fromKafka(String payload, String... headers) {
        RecordHeaders consumed = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            consumed.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new Poll().add(payload, consumed).batch();
    }

    /** Sends a payload and returns the headers of its dead letter, checking the stage and the exception they name. */
    private Headers deadLetter(String payload) throws Exception {
        return deadLetter(Poll.of(payload).batch());
    }

    private Headers deadLetter(Message<?> poll) throws Exception {
        int before = dlq.received().size();
        in.send(poll);
        await().atMost(Duration.ofSeconds(60)).until(() -> dlq.received().size() == before + 1);
        Headers headers = dlq.received().get(before).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow()
                .getHeaders();
        assertEquals("exclusion-service", value(headers, "dead-letter-stage"));
        assertEquals(UnprocessableRecordException.class.getName(), value(headers, "dead-letter-exception-class-name"));
        return headers;
    }

    private static String reason(Headers deadLetter) {
        return value(deadLetter, "dead-letter-reason");
    }

    private static String value(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void addsCauseAssessmentAndPassesEverythingElseThrough() throws Exception {
        ObjectNode record = classicRecord();
        in.send(Poll.of(Examples.JSON.writeValueAsString(record)).batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);

        Message<byte[]> sent = out.received().get(0);
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
        Message<byte[]> sent = out.received().get(0);
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
        Message<byte[]> sent = out.received().get(0);
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
        Headers unknown = deadLetter(fromKafka(payload, "replayId", "rp-1", "replayKnowledgeVersion", "cop-knowledge-v9"));
        assertEquals("replay record with an unknown replayKnowledgeVersion (expected cop-knowledge-v1 or cop-knowledge-v2)",
                reason(unknown));
        Headers missing = deadLetter(fromKafka(payload, "replayId", "rp-2"));
        assertEquals("replay record without a replayKnowledgeVersion header", reason(missing));
        assertEquals(List.of(), out.received());
    }

    @Test
    void aRecordWithoutSymptomAssessmentIsAssessedWithAWarning() throws Exception {
        ObjectNode record = classicRecord();
        record.remove("symptomAssessment");
        in.send(Poll.of(Examples.JSON.writeValueAsString(record)).batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        ObjectNode cause = (ObjectNode) Examples.JSON.readTree(out.received().get(0).getPayload()).get("causeAssessment");
        assertEquals("suspicion-unknown", cause.path("warnings").path(0).path("code").asText());
        assertEquals("cop-confirmed", cause.get("conclusion").asText());
    }

    @Test
    void aNonJsonPayloadIsNackedAndNothingIsWritten() throws Exception {
        String reason = reason(deadLetter("this is { not json"));
        assertTrue(reason.startsWith("value is not valid JSON"), reason);
        assertEquals(List.of(), out.received());
    }

    @Test
    void anUnbindableRecordIsNackedWithItsPointerOnly() throws Exception {
        ObjectNode record = classicRecord();
        ((ObjectNode) record.get("history")).put("medicationsReviewed", "secret-value");
        String reason = reason(deadLetter(Examples.JSON.writeValueAsString(record)));
        assertEquals("cannot bind /history/medicationsReviewed", reason);
        assertEquals(List.of(), out.received());
    }

    /** A literal a double rounds to a whole number (1E-400 reads as 0) is no integer: refused like 3.5. */
    @Test
    void aNonIntegerLiteralThatADoubleRoundsToAWholeNumberIsNacked() throws Exception {
        for (String literal : new String[] { "1E-400", "40.00000000000000001" }) {
            ObjectNode record = classicRecord();
            ((ObjectNode) record.get("history")).putArray("medications").addObject().put("name", "x").put("current", true)
                    .put("startedDaysAgo", 4711);
            String payload = Examples.JSON.writeValueAsString(record)
                    .replace("\"startedDaysAgo\":4711", "\"startedDaysAgo\":" + literal);
            assertTrue(payload.contains(literal), payload);
            assertEquals("cannot bind /history/medications/0/startedDaysAgo", reason(deadLetter(payload)), literal);
        }
        assertEquals(List.of(), out.received());
        // A record as the gateway writes it (68.0, ids with "e-" inside strings) is not read twice.
        assertFalse(CaseRecords.mayHaveLostAFraction(Examples.JSON.writeValueAsBytes(classicRecord())));
    }

    @Test
    void aPoisonRecordDoesNotStopTheStream() throws Exception {
        assertEquals("value is not a JSON object", reason(deadLetter("[1,2,3]")));
        in.send(Poll.of(Examples.JSON.writeValueAsString(classicRecord())).batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1);
        assertEquals("hosp-a/PUB-001",
                out.received().get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
    }
    private String record(String eventId) throws Exception {
        return Examples.JSON.writeValueAsString(classicRecord().put("eventId", eventId));
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
            assertTrue(read(sent.getPayload()).has("causeAssessment"));
        }

        Message<byte[]> dead = dlq.received().get(0);
        assertArrayEquals(poison.getBytes(StandardCharsets.UTF_8), dead.getPayload(), "the consumed value, unchanged");
        OutgoingKafkaRecordMetadata<?> letter = dead.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertArrayEquals(poll.key(1), (byte[]) letter.getKey(), "the consumed key, unchanged");
        Headers headers = letter.getHeaders();
        assertEquals(UnprocessableRecordException.class.getName(), value(headers, "dead-letter-exception-class-name"));
        assertTrue(reason(headers).startsWith("value is not valid JSON (line 1, column "), reason(headers));
        assertEquals(Topics.IN, value(headers, "dead-letter-topic"));
        assertEquals("0", value(headers, "dead-letter-partition"));
        assertEquals(Long.toString(poll.offset(1)), value(headers, "dead-letter-offset"));
        assertEquals("exclusion-service", value(headers, "dead-letter-stage"));
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

    /** Issue 15: in one poll, each record is assessed with its own version and keeps its own headers, in order. */
    @Test
    void replayRecordsInABatchKeepTheirOwnVersions() throws Exception {
        String payload = Examples.JSON.writeValueAsString(classicRecord());
        Poll poll = new Poll().add(payload)
                .add(payload, replay("rp-31", "cop-knowledge-v1"))
                .add(payload, replay("rp-32", "cop-knowledge-v2"))
                .add(payload, replay("rp-33", "cop-knowledge-v1"))
                .add(payload);
        in.send(poll.batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 5);

        List<String> versions = List.of("cop-knowledge-v2", "cop-knowledge-v1", "cop-knowledge-v2", "cop-knowledge-v1",
                "cop-knowledge-v2");
        List<String> replayIds = java.util.Arrays.asList(null, "rp-31", "rp-32", "rp-33", null);
        for (int i = 0; i < 5; i++) {
            Message<byte[]> sent = out.received().get(i);
            ObjectNode cause = (ObjectNode) read(sent.getPayload()).get("causeAssessment");
            assertEquals(versions.get(i), cause.get("knowledgeVersion").asText(), "record " + i);
            assertEquals(versions.get(i).equals("cop-knowledge-v1") ? 90 : 180, cause.at("/thresholds/drugWindowDays").asInt(),
                    "record " + i + ": its version's own thresholds");
            OutgoingKafkaRecordMetadata<?> meta = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
            assertEquals(versions.get(i), header(meta, "knowledgeVersion"), "record " + i);
            assertEquals(replayIds.get(i), header(meta, "replayId"), "record " + i);
            assertEquals(replayIds.get(i) == null ? null : versions.get(i), header(meta, "replayKnowledgeVersion"),
                    "record " + i);
        }
        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
    }

    private static Headers replay(String replayId, String version) {
        return new RecordHeaders().add("replayId", replayId.getBytes(StandardCharsets.UTF_8))
                .add("replayKnowledgeVersion", version.getBytes(StandardCharsets.UTF_8));
    }

    private static com.fasterxml.jackson.databind.JsonNode read(byte[] payload) {
        try {
            return Examples.JSON.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
