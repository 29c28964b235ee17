package org.coppipeline.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The history's topic side: one consumer, outside any group, reading every partition of the four pipeline topics
 * from the beginning for the whole run, across broker kills and pauses (the client reconnects by itself).
 * For each event id it counts the records seen on each topic (more than one = a duplicate, allowed by
 * at-least-once) and remembers when the first one was seen.
 */
final class TopicObserver implements AutoCloseable {
    static final List<String> TOPICS = List.of("case-events", "case-scored", "case-assessed", "case-planned");

    /** Per event id: records seen on each of {@link #TOPICS}, and the time (System.nanoTime) of the first on each. */
    static final class Sightings {
        final int[] count = new int[TOPICS.size()];
        final long[] firstAt = new long[TOPICS.size()];
    }

    private final Map<String, Sightings> byEvent = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private TopicObserver(String bootstrap) {
        thread = new Thread(() -> run(bootstrap), "faults-topic-observer");
        thread.setDaemon(true);
    }

    static TopicObserver start(String bootstrap) {
        TopicObserver observer = new TopicObserver(bootstrap);
        observer.thread.start();
        return observer;
    }

    private void run(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(60))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    seen(record);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
            }
        }
    }

    private void seen(ConsumerRecord<String, byte[]> record) {
        records.incrementAndGet();
        Header header = record.headers().lastHeader("eventId");
        if (header == null || header.value() == null) {
            return; // not a pipeline record (a poison record of the dead-letter scenario)
        }
        String eventId = new String(header.value(), StandardCharsets.UTF_8);
        int topic = TOPICS.indexOf(record.topic());
        long now = System.nanoTime();
        Sightings s = byEvent.computeIfAbsent(eventId, id -> new Sightings());
        synchronized (s) {
            if (s.count[topic]++ == 0) {
                s.firstAt[topic] = now;
            }
        }
    }

    /** Records seen on a topic for this event id (0 if none). */
    int count(String eventId, int topic) {
        Sightings s = byEvent.get(eventId);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.count[topic];
        }
    }

    /** When the first record of the event was seen on the topic (System.nanoTime), or 0. */
    long firstSeenAt(String eventId, int topic) {
        Sightings s = byEvent.get(eventId);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.firstAt[topic];
        }
    }

    long recordsSeen() {
        return records.get();
    }

    /** Fails the caller if the observer's consumer died (the checker would otherwise wait in vain). */
    void requireRunning() {
        if (failure != null) {
            throw new IllegalStateException("topic observer failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
