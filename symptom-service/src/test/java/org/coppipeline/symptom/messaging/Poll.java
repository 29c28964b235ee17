package org.coppipeline.symptom.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;

/**
 * One poll as the Kafka connector hands it to the stage in batch mode (an {@link IncomingKafkaRecordBatch} of
 * partition 0), with the connector's commit and failure handlers replaced by recorders: what reaches the commit handler
 * is what the throttled strategy would commit, what reaches the failure handler is what it would dead-letter.
 */
final class Poll {

    /** Offsets keep growing across tests, as on a real partition. */
    private static final AtomicLong OFFSETS = new AtomicLong(100);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.IN, 0);

    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Long> nacked = new CopyOnWriteArrayList<>();

    private final KafkaCommitHandler commits = new KafkaCommitHandler() {
        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            acknowledged.add(record.getOffset());
            return Uni.createFrom().voidItem();
        }
    };

    private final KafkaFailureHandler failures = new KafkaFailureHandler() {
        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            nacked.add(record.getOffset());
            return Uni.createFrom().voidItem();
        }
    };

    /** A poll of these values, in this order, without headers. */
    static Poll of(String... values) {
        Poll poll = new Poll();
        for (String value : values) {
            poll.add(value);
        }
        return poll;
    }

    Poll add(String value) {
        return add(value, new RecordHeaders());
    }

    Poll add(String value, Headers headers) {
        return add(value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers);
    }

    Poll add(byte[] value, Headers headers) {
        records.add(new ConsumerRecord<>(Topics.IN, 0, OFFSETS.incrementAndGet(), 0L, TimestampType.CREATE_TIME, -1, -1,
                ("hosp-a/key-" + records.size()).getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty()));
        return this;
    }

    /** The offset of the poll's i-th record. */
    long offset(int i) {
        return records.get(i).offset();
    }

    /** The consumed key of the poll's i-th record. */
    byte[] key(int i) {
        return records.get(i).key();
    }

    /** The batch message, as the connector emits it (tracing and cloud events off). */
    KafkaRecordBatch<byte[], byte[]> batch() {
        return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(Map.of(PARTITION, records)), Topics.IN, 0, commits,
                failures, false, false);
    }

    /** Whether the batch acknowledged its last offset, the one the throttled strategy commits. */
    boolean acknowledged() {
        return acknowledged.contains(offset(records.size() - 1));
    }

    /** Whether anything of this poll reached the commit handler. */
    boolean acknowledgedAnything() {
        return !acknowledged.isEmpty();
    }

    /** Offsets handed to the connector's failure strategy (which would dead-letter them): the stage hands none. */
    List<Long> nacked() {
        return nacked;
    }
}
