package org.coppipeline.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads a dead-letter topic and replays one of its records (what deploy/local/dlq.sh runs):
 * <pre>
 *   DeadLetters list   --topic case-events-dlq [--max N] [--bootstrap HOST:PORT] [--command-config FILE]
 *   DeadLetters replay --topic case-events-dlq --partition P --offset N [--to TOPIC] [--bootstrap ...] [--command-config FILE]
 * </pre>
 * {@code list} prints where each dead letter is, where it came from and why (the dead-letter-* headers, the key),
 * never its value: values are case events, PHI. {@code replay} publishes that record's key and value again, byte for
 * byte, to the topic it was read from (its dead-letter-topic header, or --to), with its headers except the
 * dead-letter-* ones; acks=all and idempotence, like every producer of the suite. The dead letter itself stays where
 * it is (a DLQ is a log, not a queue): replaying it twice publishes it twice, which the pipeline absorbs because its
 * effects are idempotent by eventId. {@code --command-config} names a Kafka client properties file (TLS, SASL) as the
 * Kafka tools take it.
 */
public final class DeadLetters {

    static final String DEAD_LETTER_PREFIX = "dead-letter-";
    static final String TRACEPARENT = "traceparent";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DeadLetters() {
    }

    /** What the command line asked for. */
    record Command(String action, String topic, Integer partition, Long offset, String to, int max, String bootstrap,
            Path commandConfig) {

        static Command parse(String... args) {
            if (args.length == 0 || !(args[0].equals("list") || args[0].equals("replay"))) {
                throw new IllegalArgumentException("first argument: list or replay");
            }
            Map<String, String> options = new TreeMap<>();
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                if (!List.of("--topic", "--partition", "--offset", "--to", "--max", "--bootstrap", "--command-config")
                        .contains(name)) {
                    throw new IllegalArgumentException("unknown option " + name);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                options.put(name, args[++i]);
            }
            String topic = options.get("--topic");
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("--topic is required (e.g. case-events-dlq)");
            }
            Integer partition = options.containsKey("--partition") ? nonNegative("--partition", options.get("--partition")).intValue() : null;
            Long offset = options.containsKey("--offset") ? nonNegative("--offset", options.get("--offset")) : null;
            if (args[0].equals("replay") && (partition == null || offset == null)) {
                throw new IllegalArgumentException("replay needs --partition and --offset (as list prints them)");
            }
            int max = options.containsKey("--max") ? nonNegative("--max", options.get("--max")).intValue() : 100;
            String bootstrap = options.getOrDefault("--bootstrap",
                    System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
            Path config = options.containsKey("--command-config") ? Path.of(options.get("--command-config")) : null;
            return new Command(args[0], topic, partition, offset, options.get("--to"), max, bootstrap, config);
        }

        private static Long nonNegative(String name, String value) {
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number >= 0, not '" + value + "'");
        }

        Properties clientProperties() throws IOException {
            Properties p = new Properties();
            if (commandConfig != null) {
                try (Reader in = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
            }
            p.put("bootstrap.servers", bootstrap);
            return p;
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(Command.parse(args), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("dlq: " + e.getMessage());
            System.err.println("usage: dlq.sh list --topic T [--max N] | replay --topic T --partition P --offset N [--to TOPIC]"
                    + " [--bootstrap HOST:PORT] [--command-config FILE]");
            status = 2;
        } catch (Exception e) {
            System.err.println("dlq: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    static int run(Command command, PrintStream out) throws Exception {
        return command.action().equals("list") ? list(command, out) : replay(command, out);
    }

    /** One line per dead letter, oldest first within each partition: position, time, key, stage, origin, reason. */
    static int list(Command command, PrintStream out) throws IOException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(command)) {
            List<TopicPartition> partitions = partitions(consumer, command.topic());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            int shown = 0;
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (shown < command.max() && !caughtUp(consumer, end) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (shown < command.max()) {
                        out.println(describe(record));
                        shown++;
                    }
                }
            }
            out.println(shown + " dead letter(s) shown from " + command.topic());
            return 0;
        }
    }

    static String describe(ConsumerRecord<byte[], byte[]> record) {
        Headers h = record.headers();
        return String.format("partition=%d offset=%d time=%s key=%s stage=%s from=%s-%s@%s eventId=%s reason=%s",
                record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), text(record.key()),
                header(h, "dead-letter-stage"), header(h, "dead-letter-topic"), header(h, "dead-letter-partition"),
                header(h, "dead-letter-offset"), header(h, "eventId"), header(h, "dead-letter-reason"));
    }

    /** Publishes one dead letter's key and value again to where it came from; prints where it went. */
    static int replay(Command command, PrintStream out) throws IOException, InterruptedException, ExecutionException,
            TimeoutException {
        ConsumerRecord<byte[], byte[]> deadLetter;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(command)) {
            deadLetter = read(consumer, new TopicPartition(command.topic(), command.partition()), command.offset());
        }
        String target = command.to() != null ? command.to() : header(deadLetter.headers(), "dead-letter-topic");
        if (target == null) {
            throw new IllegalArgumentException("the record has no dead-letter-topic header: name the topic with --to");
        }
        ProducerRecord<byte[], byte[]> replayed = new ProducerRecord<>(target, null, deadLetter.key(), deadLetter.value(),
                replayHeaders(deadLetter.headers()));
        try (KafkaProducer<byte[], byte[]> producer = producer(command)) {
            RecordMetadata written = producer.send(replayed).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            out.printf("replayed %s partition=%d offset=%d to %s partition=%d offset=%d%n", command.topic(),
                    deadLetter.partition(), deadLetter.offset(), written.topic(), written.partition(), written.offset());
        }
        return 0;
    }

    /**
     * The headers a replayed record carries: the original record's (eventId, hospitalId, ...) without the dead-letter-*
     * ones, and only the first traceparent (the original record's; the DLQ producer may have added its own after it).
     */
    static Headers replayHeaders(Headers deadLetter) {
        Headers replayed = new RecordHeaders();
        boolean traceparent = false;
        for (Header header : deadLetter) {
            if (header.key().startsWith(DEAD_LETTER_PREFIX)) {
                continue;
            }
            if (header.key().equals(TRACEPARENT)) {
                if (traceparent) {
                    continue;
                }
                traceparent = true;
            }
            replayed.add(header.key(), header.value());
        }
        return replayed;
    }

    private static ConsumerRecord<byte[], byte[]> read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition,
            long offset) {
        if (!partitions(consumer, partition.topic()).contains(partition)) {
            throw new IllegalArgumentException(partition.topic() + " has no partition " + partition.partition());
        }
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        long start = consumer.beginningOffsets(List.of(partition), TIMEOUT).get(partition);
        if (offset < start || offset >= end) {
            throw new IllegalArgumentException("no record at " + partition + " offset " + offset + " (it holds " + start
                    + ".." + (end - 1) + ")");
        }
        consumer.seek(partition, offset);
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() == offset) {
                    return record;
                }
                if (record.offset() > offset) {
                    throw new IllegalArgumentException("no record at " + partition + " offset " + offset
                            + " (a transaction marker or compacted away)");
                }
            }
        }
        throw new IllegalStateException("could not read " + partition + " offset " + offset + " within " + TIMEOUT);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("no topic " + topic);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        return partitions;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Command command) throws IOException {
        Properties p = command.clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p);
    }

    private static KafkaProducer<byte[], byte[]> producer(Command command) throws IOException {
        Properties p = command.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
