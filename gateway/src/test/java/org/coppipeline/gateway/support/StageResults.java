package org.coppipeline.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/**
 * The tests play the stages: they hand the projector's one channel (in memory here) what a poll of the three stage
 * topics gives it, a Kafka record batch ({@link IncomingKafkaRecordBatch}, the connector's own class), whose records'
 * acknowledgements (commits) and dead-letterings are recorded instead of reaching a broker.
 */
public final class StageResults {

    /** The projector's channel (Topics.STAGE_RESULTS). */
    public static final String CHANNEL = "stage-results";

    private static final AtomicLong OFFSETS = new AtomicLong();

    private StageResults() {
    }

    /** One record of {@code topic}, alone in its poll. */
    public static Batch send(InMemoryConnector connector, String topic, String value) {
        return batch().add(topic, value).send(connector);
    }

    public static Batch batch() {
        return new Batch();
    }

    /** A record's place: its topic (partition 0 here) and offset. */
    public record TopicPartitionOffset(String topic, long offset) {
    }

    /** A record the projector sent to a dead-letter topic, and why. */
    public record DeadLetter(String value, String topic, String reason, String deadLetterStage) {
    }

    /** A polled batch being built, then sent; what became of its records is recorded. */
    public static final class Batch {

        private final Map<TopicPartition, List<ConsumerRecord<String, String>>> records = new LinkedHashMap<>();
        private final List<TopicPartitionOffset> committed = new CopyOnWriteArrayList<>();
        private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

        public Batch add(String topic, String value) {
            return add(topic, null, value);
        }

        /** A record of {@code topic} (partition 0: records of one topic keep their order), with a Kafka key or none. */
        public Batch add(String topic, String key, String value) {
            ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, OFFSETS.incrementAndGet(),
                    System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1, key, value, new RecordHeaders(),
                    Optional.empty());
            records.computeIfAbsent(new TopicPartition(topic, 0), partition -> new ArrayList<>()).add(record);
            return this;
        }

        public Batch send(InMemoryConnector connector) {
            connector.source(CHANNEL).send(message());
            return this;
        }

        /** The batch as the Kafka connector hands it to the projector. */
        public IncomingKafkaRecordBatch<String, String> message() {
            KafkaCommitHandler commits = new KafkaCommitHandler() {
                @Override
                public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                    committed.add(new TopicPartitionOffset(record.getTopic(), record.getOffset()));
                    return Uni.createFrom().voidItem();
                }
            };
            KafkaFailureHandler deadLetterQueue = new KafkaFailureHandler() {
                @Override
                public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                    var outgoing = metadata == null ? null : metadata.get(OutgoingKafkaRecordMetadata.class).orElse(null);
                    var stage = outgoing == null || outgoing.getHeaders() == null ? null
                            : outgoing.getHeaders().lastHeader("dead-letter-stage");
                    deadLetters.add(new DeadLetter(String.valueOf(record.getPayload()),
                            outgoing == null ? null : outgoing.getTopic(), reason.getMessage(),
                            stage == null ? null : new String(stage.value(), StandardCharsets.UTF_8)));
                    return Uni.createFrom().voidItem();
                }
            };
            return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(records, Map.of()), CHANNEL, 0, commits,
                    deadLetterQueue, false, false);
        }

        /** The offsets committed through acknowledgements so far (the last record of each partition, once handled). */
        public List<Long> committedOffsets() {
            return committed.stream().map(TopicPartitionOffset::offset).toList();
        }

        /** The offset of the last record added so far. */
        public long lastOffset() {
            return records.values().stream().flatMap(List::stream).mapToLong(ConsumerRecord::offset).max().orElse(-1);
        }

        /** Whether the batch is acknowledged: the last record of each of its partitions is committed or dead-lettered. */
        public boolean handled() {
            return records.values().stream().map(list -> list.get(list.size() - 1)).allMatch(last ->
                    committed.contains(new TopicPartitionOffset(last.topic(), last.offset()))
                            || deadLetters.stream().anyMatch(d -> d.value().equals(last.value())));
        }

        public List<DeadLetter> deadLetters() {
            return List.copyOf(deadLetters);
        }
    }
}
