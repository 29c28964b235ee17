package org.coppipeline.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.coppipeline.gateway.messaging.ProjectionWriter.Written;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;

/**
 * Projects stage results into the read model: one channel (one Kafka consumer) reads the three stage topics
 * (case-scored, case-assessed, case-planned) in batches, and a polled batch is written with one database call
 * (CaseStore#project: one set-based statement for all of its live results, whatever their topics). Each record's stage,
 * and so the one section it may write (CONTRACT 1.1), is the topic it was read from. Records are acknowledged only
 * after that call committed, so the offset is committed after the write: at-least-once, and a redelivered result
 * changes nothing. A record that cannot be used is nacked into its topic's {@code <topic>-gateway-dlq} with its reason
 * (before the batch is acknowledged, so an offset never passes a record that is neither stored nor dead-lettered); the
 * rest of its batch is written. While the database is away the write waits (ProjectionWriter), so no record is ever
 * given up for that reason. Log lines carry ids, stage and outcome only.
 * <p>
 * A record with a {@code replayId} header is a replay (CONTRACT 9): it never reaches the read model, its history or
 * the metrics above; {@link ReplayResultSink} takes it.
 */
@ApplicationScoped
public class StageResultProjector {

    private static final Logger LOG = Logger.getLogger(StageResultProjector.class);
    /** The dead-letter-stage header of the projector's dead letters. */
    static final String DEAD_LETTER_STAGE = "gateway-projector";
    /** The header that makes a record a replay record (CONTRACT 9, common brief). */
    static final String REPLAY_ID = "replayId";

    private final StageResultReader reader;
    private final ProjectionWriter writer;
    private final ReplayResultSink replays;
    private final StageTopics topics;
    private final MeterRegistry meters;
    private final Event<Projected> projected;

    /** Prometheus: gateway_projector_batch_write_seconds: one database write of a polled batch, retries included. */
    private final Timer batchWrites;

    public StageResultProjector(StageResultReader reader, ProjectionWriter writer, ReplayResultSink replays,
            StageTopics topics, MeterRegistry meters, Event<Projected> projected) {
        this.reader = reader;
        this.writer = writer;
        this.replays = replays;
        this.topics = topics;
        this.meters = meters;
        this.projected = projected;
        this.batchWrites = Timer.builder("gateway.projector.batch.write")
                .description("Database write of one polled batch of stage results (all stage topics), retries included")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    @Incoming(Topics.STAGE_RESULTS)
    @Blocking
    public CompletionStage<Void> onResults(Message<List<String>> batch) {
        return handle(batch);
    }

    /**
     * One record of a batch: its value, how to acknowledge it or send it to the DLQ, its topic and the stage that topic
     * carries (null for another topic), its replayId header if any, and its Kafka key (hospitalId/caseId; null where
     * the record has none).
     */
    private record Delivery(String value, Message<?> message, String topic, Stage stage, String replayId, String key) {
    }

    /**
     * The records of a batch that go to the DLQ. They are sent only once the batch's write committed: the connector
     * acknowledges a dead-lettered record itself, and when it is the last of its partition in the batch that
     * acknowledgement lets the offset of the whole batch be committed, which must not happen before the write.
     */
    private final class Refusals {
        final Set<Message<?>> records = Collections.newSetFromMap(new IdentityHashMap<>());
        private final List<Runnable> pending = new ArrayList<>();
        private final List<CompletableFuture<Void>> sends = new ArrayList<>();

        void add(Delivery delivery, UnprocessableRecordException reason) {
            add(delivery.message(), delivery.stage(), reason);
        }

        void add(Message<?> record, Stage stage, UnprocessableRecordException reason) {
            records.add(record);
            pending.add(() -> sends.add(deadLetter(record, stage == null ? null : topics.deadLetterTopic(stage), reason)
                    .toCompletableFuture()));
        }

        CompletableFuture<Void> send() {
            pending.forEach(Runnable::run);
            pending.clear();
            return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        }
    }

    private CompletionStage<Void> handle(Message<List<String>> batch) {
        List<Delivery> live = new ArrayList<>();
        Map<Stage, List<ReplayResultSink.Replayed>> replayed = new EnumMap<>(Stage.class);
        Refusals refusals = new Refusals();
        for (Delivery delivery : deliveries(batch)) {
            if (delivery.stage() == null) {
                // Only a misconfigured subscription gets here: the record is kept in the DLQ, not dropped.
                refusals.add(delivery, new UnprocessableRecordException("record from a topic the projector does not read"));
            } else if (delivery.replayId() == null) {
                live.add(delivery);
            } else {
                replayed.computeIfAbsent(delivery.stage(), stage -> new ArrayList<>())
                        .add(new ReplayResultSink.Replayed(delivery.replayId(), delivery.value(), delivery.message()));
            }
        }
        if (!live.isEmpty()) {
            project(live, refusals);
        }
        replayed.forEach((stage, records) -> replays.handle(stage, records,
                (record, reason) -> refusals.add(record, stage, reason)));
        // The writes above have committed; acknowledged only once every refused record of the batch is in the DLQ.
        return refusals.send().thenCompose(done -> acknowledge(batch, refusals.records));
    }

    /** The live records of a batch: read, written in one call, refused ones added to {@code refusals}. */
    private void project(List<Delivery> deliveries, Refusals refusals) {
        List<StageResult> results = new ArrayList<>(deliveries.size());
        List<Delivery> readable = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            Stage stage = delivery.stage();
            try {
                StageResult result = reader.read(stage, delivery.value());
                if (delivery.key() != null && !delivery.key().equals(result.hospitalId() + "/" + result.caseId())) {
                    // Event ids are unique per hospital only: a body naming another case than its key could otherwise
                    // pass as an unknown event of that other hospital and be dropped without a trace.
                    throw new UnprocessableRecordException("hospitalId/caseId differ from the record key");
                }
                results.add(result);
                readable.add(delivery);
            } catch (UnprocessableRecordException e) {
                count(stage, "unprocessable");
                LOG.warnf("unprocessable %s record: %s", delivery.topic(), e.getMessage());
                refusals.add(delivery, e);
            } catch (RuntimeException e) {
                refusals.add(delivery, defect(e));
            }
        }
        List<Written> written;
        long started = System.nanoTime();
        try {
            written = writer.write(results);
            batchWrites.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // A defect, not the records: the batch goes to the DLQ rather than stopping the channel.
            for (Delivery delivery : readable) {
                refusals.add(delivery, defect(e));
            }
            written = List.of();
        }
        Map<Stage, List<java.util.UUID>> stored = new EnumMap<>(Stage.class);
        for (int i = 0; i < written.size(); i++) {
            StageResult result = results.get(i);
            UnprocessableRecordException reason = outcome(result.stage(), result, written.get(i));
            if (reason != null) {
                refusals.add(readable.get(i), reason);
            } else if (written.get(i).refusal() == null) {
                stored.computeIfAbsent(result.stage(), stage -> new ArrayList<>()).add(result.eventId());
            }
        }
        // Wakes a CDS hook waiting for its event's plan (cds.PlanWaiter) without a database poll.
        stored.forEach((stage, eventIds) -> projected.fire(new Projected(stage, eventIds)));
    }

    /**
     * The records of a Kafka batch, each with its own topic and headers; any other message (the in-memory connector of
     * the tests) is one delivery, with the topic and headers of the Kafka record its metadata describes, if any.
     */
    private List<Delivery> deliveries(Message<List<String>> batch) {
        List<Delivery> deliveries = new ArrayList<>();
        if (batch instanceof KafkaRecordBatch<?, ?> records) {
            for (KafkaRecord<?, ?> record : records) {
                deliveries.add(new Delivery((String) record.getPayload(), record, record.getTopic(),
                        topics.stageOf(record.getTopic()).orElse(null), replayId(record.getHeaders()),
                        record.getKey() == null ? null : record.getKey().toString()));
            }
        } else if (batch.getPayload().size() == 1) {
            ConsumerRecord<?, ?> record = consumerRecord(batch);
            String topic = record == null ? null : record.topic();
            deliveries.add(new Delivery(batch.getPayload().get(0), batch, topic, topics.stageOf(topic).orElse(null),
                    replayId(record == null ? null : record.headers()),
                    record == null || record.key() == null ? null : record.key().toString()));
        } else {
            throw new IllegalArgumentException("a batch that is not from Kafka must hold exactly one record");
        }
        return deliveries;
    }

    /** The one Kafka record a non-Kafka message stands for, from its batch metadata; null without any. */
    private static ConsumerRecord<?, ?> consumerRecord(Message<?> message) {
        var batch = message.getMetadata(IncomingKafkaRecordBatchMetadata.class);
        if (batch.isPresent()) {
            for (Object record : batch.get().getRecords()) {
                return (ConsumerRecord<?, ?>) record;
            }
        }
        return null;
    }

    /** The replayId header's text (empty when it has no value); null for a live record. */
    private static String replayId(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(REPLAY_ID);
        if (header == null) {
            return null;
        }
        return header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A Kafka batch is acknowledged through the last record of each partition (what the commit strategy tracks),
     * except one already acknowledged by its dead-lettering; any other message is acknowledged unless refused.
     */
    private static CompletionStage<Void> acknowledge(Message<List<String>> batch, Set<Message<?>> refused) {
        if (batch instanceof KafkaRecordBatch<?, ?> records) {
            return CompletableFuture.allOf(records.getLatestOffsetRecords().values().stream()
                    .filter(last -> !refused.contains(last))
                    .map(last -> last.ack().toCompletableFuture())
                    .toArray(CompletableFuture[]::new));
        }
        return refused.contains(batch) ? CompletableFuture.completedFuture(null) : batch.ack();
    }

    /** Counts and logs the outcome; returns why the record must go to the DLQ, or null when it was handled. */
    private UnprocessableRecordException outcome(Stage stage, StageResult result, Written written) {
        if (written.refusal() != null) {
            // Only a permanent failure gets here (ProjectionWriter waits out transient ones): the DLQ keeps the record.
            count(stage, "store-refused");
            LOG.errorf("%s result of event %s refused by the database: %s", stage.value(), result.eventId(),
                    written.refusal().getMessage());
            return new UnprocessableRecordException("database refused the result: " + written.refusal().getMessage());
        }
        count(stage, written.outcome().name().toLowerCase());
        switch (written.outcome()) {
            case UNKNOWN_EVENT -> LOG.infof("%s result of unknown event %s ignored (its POST was not accepted)",
                    stage.value(), result.eventId());
            case MISMATCH -> {
                return new UnprocessableRecordException(
                        "hospitalId/caseId differ from the accepted event " + result.eventId());
            }
            default -> LOG.debugf("%s result of event %s: %s", stage.value(), result.eventId(), written.outcome());
        }
        return null;
    }

    /** A defect, not the record: only the type goes to the header, a message could quote data. */
    private static UnprocessableRecordException defect(RuntimeException e) {
        return new UnprocessableRecordException("gateway projector failed: " + e.getClass().getName());
    }

    /**
     * Nacks the record into the DLQ with a dead-letter-stage header, as the stage services do (ARCHITECTURE 2): into
     * {@code deadLetterTopic}, its own topic's (the channel's one dead-letter producer sends where this names), or the
     * channel's default one when the record's topic is none of the three.
     */
    private static CompletionStage<Void> deadLetter(Message<?> record, String deadLetterTopic,
            UnprocessableRecordException reason) {
        Headers headers = new RecordHeaders();
        headers.add("dead-letter-stage", DEAD_LETTER_STAGE.getBytes(StandardCharsets.UTF_8));
        var metadata = OutgoingKafkaRecordMetadata.builder().withHeaders(headers);
        if (deadLetterTopic != null) {
            metadata.withTopic(deadLetterTopic);
        }
        return record.nack(reason, Metadata.of(metadata.build()));
    }

    private void count(Stage stage, String outcome) {
        if (stage == null) {
            return;
        }
        meters.counter("gateway.projector.results", "stage", stage.value(), "outcome", outcome).increment();
    }
}
