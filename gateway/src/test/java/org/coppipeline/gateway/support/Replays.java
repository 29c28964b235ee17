package org.coppipeline.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;

/**
 * The tests play the stages for replays: they read the replay records the gateway sent (the in-memory sink of the
 * case-events-replay channel) and answer on the stage topics with records carrying the replay headers, attached as the
 * Kafka connector attaches them to a polled batch (IncomingKafkaRecordBatchMetadata, one record per batch here).
 */
public final class Replays {

    public static final String SINK = "case-events-replay";
    public static final String V1 = "cop-knowledge-v1";
    public static final String V2 = "cop-knowledge-v2";
    private static final AtomicLong OFFSETS = new AtomicLong();

    private Replays() {
    }

    /**
     * Posts a case event until it is accepted, retrying a 503 as a platform would (same body, same eventId): a test
     * that runs right after the connection-loss test may draw one of the pool's dead connections once.
     */
    public static void postAccepted(String token, String body) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            int status = Api.post(token, body).statusCode();
            if (status != 202 && status != 503) {
                throw new AssertionError("POST answered " + status);
            }
            return status == 202;
        });
    }

    public static Response request(String token, String caseId, String body) {
        return Api.as(token).contentType("application/json").body(body).post(Api.CASES + "/" + caseId + "/replays");
    }

    public static Response get(String token, String caseId, String replayId) {
        return Api.as(token).get(Api.CASES + "/" + caseId + "/replays/" + replayId);
    }

    public static Response requestImpact(String token, String body) {
        return Api.as(token).contentType("application/json").body(body).post("/api/v1/knowledge-impact");
    }

    public static Response impact(String token, String impactId, Map<String, ?> query) {
        return Api.as(token).queryParams(query).get("/api/v1/knowledge-impact/" + impactId);
    }

    /** The replay records sent for a replay id so far. */
    public static List<? extends Message<String>> sent(InMemorySink<String> sink, String replayId) {
        return sink.received().stream().filter(m -> replayId.equals(KafkaRecords.header(m, "replayId").orElse(null))).toList();
    }

    /** A stage's output record as the Kafka connector hands it over: one record, with these headers. */
    public static Message<List<String>> record(String topic, String key, String value, Map<String, String> headers) {
        return record(topic, key, value, headers, reason -> {
        });
    }

    /** As {@link #record(String, String, String, Map)}, telling {@code nacked} why when the gateway dead-letters it. */
    public static Message<List<String>> record(String topic, String key, String value, Map<String, String> headers,
            Consumer<Throwable> nacked) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((name, text) -> kafkaHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, OFFSETS.incrementAndGet(),
                System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1, key, value, kafkaHeaders, Optional.empty());
        ConsumerRecords<String, String> records = new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), List.of(record)),
                Map.of());
        return Message.of(List.of(value))
                .withNack(reason -> {
                    nacked.accept(reason);
                    return CompletableFuture.completedFuture(null);
                })
                .addMetadata(new IncomingKafkaRecordBatchMetadata<>(records, topic, Map.of()));
    }

    /** The headers a stage copies to its output for a replay record (plus the ids, as for live records). */
    public static Map<String, String> headers(Message<?> replayRecord) {
        return Map.of(
                "eventId", KafkaRecords.header(replayRecord, "eventId").orElseThrow(),
                "hospitalId", KafkaRecords.header(replayRecord, "hospitalId").orElseThrow(),
                "replayId", KafkaRecords.header(replayRecord, "replayId").orElseThrow(),
                "replayKnowledgeVersion", KafkaRecords.header(replayRecord, "replayKnowledgeVersion").orElseThrow());
    }
}
