package org.coppipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import org.coppipeline.local.Processes;

/**
 * The raw broker's record rate, with Kafka's own tools (org.apache.kafka:kafka-tools, in a JVM of their own):
 * ProducerPerformance writes N records of the suite's typical size with acks=all and idempotence to a fresh
 * 12-partition topic, then ConsumerPerformance reads them back. Run one after the other so that neither waits
 * for the other; the produce+consume rate is N / (produce time + consume time).
 */
public final class RawBaseline {

    public static final String TOPIC = "bench-raw";

    /** Figures of one baseline run. */
    public record Result(int recordBytes, long records, double producePerSecond, double produceP99Ms,
            double consumePerSecond, double loadAverageBefore) {
        /** Records per second carried through both sides: 1 / (1/produce + 1/consume). */
        public double produceConsumePerSecond() {
            return 1.0 / (1.0 / producePerSecond + 1.0 / consumePerSecond);
        }
    }

    private final String bootstrapServers;
    private final String toolsClasspath;
    private final Path logDir;

    public RawBaseline(String bootstrapServers, String toolsClasspath, Path logDir) {
        this.bootstrapServers = bootstrapServers;
        this.toolsClasspath = toolsClasspath;
        this.logDir = logDir;
    }

    public Result run(int recordBytes, long records, Consumer<String> progress) {
        double load = ProcessStats.loadAverage1();
        recreateTopic();
        progress.accept("  raw: producing " + records + " records of " + recordBytes + " B (acks=all, idempotent)");
        String produced = tool("producer-performance", List.of("org.apache.kafka.tools.ProducerPerformance",
                "--topic", TOPIC, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordBytes),
                "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all", "enable.idempotence=true",
                "client.id=bench-raw-producer"));
        double[] producer = parseProducer(produced)
                .orElseThrow(() -> new IllegalStateException("ProducerPerformance printed no summary; see " + log("producer-performance")));
        progress.accept(String.format(java.util.Locale.ROOT, "  raw: produced %.0f records/s; consuming them", producer[0]));
        String consumed = tool("consumer-performance", List.of("org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", bootstrapServers, "--topic", TOPIC, "--messages", Long.toString(records),
                "--group", "bench-raw-" + System.currentTimeMillis(), "--timeout", "60000"));
        double consumer = parseConsumer(consumed)
                .orElseThrow(() -> new IllegalStateException("ConsumerPerformance printed no summary; see " + log("consumer-performance")));
        progress.accept(String.format(java.util.Locale.ROOT, "  raw: consumed %.0f records/s", consumer));
        deleteTopic();
        return new Result(recordBytes, records, producer[0], producer[1], consumer, load);
    }

    /**
     * ProducerPerformance's summary line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency,
     * P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th." Returns {records/sec, p99 ms}.
     */
    static Optional<double[]> parseProducer(String output) {
        Matcher m = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec .*?, (\\d+) ms 99th").matcher(output);
        double[] last = null;
        while (m.find()) {
            last = new double[] { Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)) };
        }
        return Optional.ofNullable(last);
    }

    /**
     * ConsumerPerformance's summary: a header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg,
     * nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec" and one line of values. The rate taken
     * is fetch.nMsg.sec: records per second of fetching, without the time spent joining the group.
     */
    static Optional<Double> parseConsumer(String output) {
        List<String> lines = output.lines().map(String::trim).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("start.time")) {
                String[] header = lines.get(i).split(",\\s*");
                // The values line starts with the start time (a date); log lines may come in between.
                String[] values = lines.subList(i + 1, lines.size()).stream().filter(l -> l.matches("^\\d{4}-.*"))
                        .findFirst().orElse("").split(",\\s*");
                for (int c = 0; c < header.length && c < values.length; c++) {
                    if (header[c].equals("fetch.nMsg.sec")) {
                        return Optional.of(Double.parseDouble(values[c]));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Path log(String name) {
        return logDir.resolve(name + ".log");
    }

    private String tool(String name, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable().toString(), "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", toolsClasspath));
        command.addAll(arguments);
        Path log = log(name);
        try {
            Files.createDirectories(logDir);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                Processes.stop(process.pid(), Duration.ofSeconds(5));
                throw new IllegalStateException(name + " did not finish within 10 minutes; see " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
    }

    private void recreateTopic() {
        deleteTopic();
        try (Admin admin = admin()) {
            // Deletion is asynchronous in the controller: retry the creation until the old topic is gone.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 12, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("cannot create topic " + TOPIC + ": " + e.getCause());
                    }
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + TOPIC + ": " + e);
        }
    }

    private void deleteTopic() {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("cannot delete topic " + TOPIC + ": " + e.getCause());
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot delete topic " + TOPIC + ": " + e);
        }
    }
}
