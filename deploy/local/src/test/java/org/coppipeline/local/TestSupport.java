package org.coppipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the end-to-end tests share: state folders, the stage-only stack, Kafka clients, the contract examples. */
final class TestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Per part of the stack; it guards a hang, so it allows for a 2-core machine shared with other builds. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private TestSupport() {
    }

    static RepoLayout repo() {
        return RepoLayout.locate();
    }

    /** A fresh state folder under target/it-state, kept after the run so its logs can be read. */
    static Path stateDir(String name) {
        Path root = Path.of(System.getProperty("cop.test.state.root", "target/it-state"));
        Path dir = root.resolve(name + "-" + System.currentTimeMillis()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Options for a stack of the three stage services on free loopback ports, no gateway, no database. */
    static StackOptions stagesOnly(Path stateDir) {
        return new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.copyOf(Service.STAGES), null,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, START_TIMEOUT, false);
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** A consumer reading every partition of a topic from the beginning, outside any consumer group. */
    static KafkaConsumer<String, String> consumerFromStart(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    static ProducerRecord<String, String> record(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String newTraceparent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String spanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** The copied contract examples (src/test/resources/contract/examples), by file name without .json. */
    static Map<String, JsonNode> examples() {
        Path dir = examplesDir();
        try (Stream<Path> files = Files.list(dir)) {
            var result = new java.util.TreeMap<String, JsonNode>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                result.put(file.getFileName().toString().replaceFirst("\\.json$", ""), JSON.readTree(file.toFile()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path examplesDir() {
        try {
            return Path.of(TestSupport.class.getResource("/contract/examples").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("contract/examples missing from the test resources", e);
        }
    }

    /**
     * A case view that is planned and shows all three sections. Since the gateway's V9 migration "stage planned" alone
     * means that (the stage advances only over contiguous sections); the sections are still checked, so that a
     * regression of that rule fails here with a clear condition rather than as a missing section further on.
     */
    static boolean plannedWithEverySection(JsonNode view) {
        return "planned".equals(view.path("stage").asText())
                && view.path("symptomAssessment").isObject()
                && view.path("causeAssessment").isObject()
                && view.path("treatmentPlan").isObject();
    }

    static String logsHint(Path stateDir) {
        return "logs in " + stateDir.resolve("logs");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Local addresses of the LISTEN sockets on a port, from /proc/net/tcp and tcp6 (no traffic sent):
     * reported as "127.0.0.1" for 127.0.0.1 (also in its IPv4-mapped IPv6 form), else as the raw hex address
     * (e.g. "00000000" for all interfaces).
     */
    static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format("%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                String[] local = columns[1].split(":");
                if (local[1].equals(hexPort) && columns[3].equals("0A")) {
                    boolean loopback = local[0].equals("0100007F") || local[0].equals("0000000000000000FFFF00000100007F");
                    addresses.add(loopback ? "127.0.0.1" : local[0]);
                }
            }
        }
        return addresses;
    }
}
