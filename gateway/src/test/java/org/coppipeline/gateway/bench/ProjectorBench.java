package org.coppipeline.gateway.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.StageRecords;

/**
 * CPU per projected record, gateway JVM + PostgreSQL, of two packaged gateways (A and B), interleaved A/B/A/B within
 * one run on one broker and one PostgreSQL: not a test (no runner picks it up), run by hand:
 *
 * <pre>
 * ./mvnw -o -q -pl deploy/local generate-resources            # writes deploy/local/target/broker.classpath
 * ./mvnw -o -q -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/test.classpath) \
 *     org.coppipeline.gateway.bench.ProjectorBench deploy/local/target/broker.classpath \
 *     A=/tmp/gw-main/gateway/target/quarkus-app/quarkus-run.jar B=gateway/target/quarkus-app/quarkus-run.jar \
 *     [records=10000] [pairs=2]
 * </pre>
 *
 * Each round: a fresh database and fresh topics (12 partitions each, as deploy/local), the gateway started on them and
 * ready, records/3 accepted events and their views inserted directly (the intake is not measured), then the CPU counters
 * read; a producer in this JVM writes, per case, its case-scored, case-assessed and case-planned records (as the stages
 * write them: the event plus the sections so far, keyed hospitalId/caseId); once every view holds its plan and every
 * result is stored, the counters are read again. Gateway: utime+stime of its process (/proc/PID/stat). PostgreSQL:
 * utime+stime of the postmaster and every child (backends, WAL writer, checkpointer...) plus the children it reaped,
 * minus this harness's own polling backend.
 */
public final class ProjectorBench {

    private static final String HOSPITAL = "h-bench";
    static final long TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
    static final Path KEYS = Path.of("gateway/src/test/resources/test-keys/publicKey.pem").toAbsolutePath();

    private ProjectorBench() {
    }

    public static void main(String[] args) throws Exception {
        String brokerClasspath = Files.readString(Path.of(args[0])).trim();
        Map<String, String> options = options(args);
        int records = Integer.parseInt(options.getOrDefault("records", "10000"));
        int pairs = Integer.parseInt(options.getOrDefault("pairs", "2"));
        int cases = records / 3;
        Path work = Files.createTempDirectory("projector-bench");
        System.out.printf("projector bench: %d records (%d cases x 3 stages), %d A/B pairs, work %s%n", cases * 3, cases,
                pairs, work);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.resolve("pg").toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
                Broker broker = Broker.start(brokerClasspath, work.resolve("kafka"))) {
            long postmaster = postmasterPid(postgres);
            List<String> lines = new ArrayList<>();
            Map<String, List<double[]>> figures = new HashMap<>();
            int round = 0;
            for (int pair = 0; pair < pairs; pair++) {
                for (String variant : List.of("A", "B")) {
                    round++;
                    double[] result = round(postgres, postmaster, broker, options.get(variant), round, cases, work);
                    figures.computeIfAbsent(variant, v -> new ArrayList<>()).add(result);
                    String line = String.format(Locale.ROOT,
                            "round %d %s: gateway %.3f + postgres %.3f = %.3f CPU ms/record; %.1f s wall (%.0f records/s)",
                            round, variant, result[0], result[1], result[0] + result[1], result[2], cases * 3 / result[2]);
                    lines.add(line);
                    System.out.println(line);
                }
            }
            System.out.println("---");
            lines.forEach(System.out::println);
            for (String variant : List.of("A", "B")) {
                double gateway = figures.get(variant).stream().mapToDouble(f -> f[0]).average().orElseThrow();
                double pg = figures.get(variant).stream().mapToDouble(f -> f[1]).average().orElseThrow();
                System.out.printf(Locale.ROOT, "%s mean: gateway %.3f + postgres %.3f = %.3f CPU ms/record%n", variant,
                        gateway, pg, gateway + pg);
            }
            for (int pair = 0; pair < pairs; pair++) {
                double[] a = figures.get("A").get(pair);
                double[] b = figures.get("B").get(pair);
                System.out.printf(Locale.ROOT, "pair %d B/A: gateway %.2f, postgres %.2f, total %.2f%n", pair + 1,
                        b[0] / a[0], b[1] / a[1], (b[0] + b[1]) / (a[0] + a[1]));
            }
        }
    }

    /** One round: gateway ms/record, PostgreSQL ms/record, wall seconds. */
    private static double[] round(EmbeddedPostgres postgres, long postmaster, Broker broker, String jar, int round,
            int cases, Path work) throws Exception {
        String database = "bench_" + round;
        String prefix = "r" + round + "-";
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
        broker.createTopics(prefix);
        Process gateway = startGateway(jar, url, broker.bootstrap(), prefix, work.resolve("gateway-" + round + ".log"));
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            awaitReady(gateway);
            statement.execute("""
                    INSERT INTO accepted_event (event_id, hospital_id, case_id, occurred_at, body_sha256, body, status)
                    SELECT md5('e' || n)::uuid, '%1$s', 'case-' || n, timestamptz '2025-06-01T10:00:00Z', md5('b' || n),
                           '{}', 'accepted' FROM generate_series(1, %2$d) AS n""".formatted(HOSPITAL, cases));
            statement.execute("""
                    INSERT INTO case_view (hospital_id, case_id, event_id, occurred_at, stage)
                    SELECT '%1$s', 'case-' || n, md5('e' || n)::uuid, timestamptz '2025-06-01T10:00:00Z', 'received'
                    FROM generate_series(1, %2$d) AS n""".formatted(HOSPITAL, cases));
            long poller = pid(statement, "SELECT pg_backend_pid()");
            long[] before = { ticks(gateway.pid()), postgresTicks(postmaster), ticks(poller) };
            long started = System.nanoTime();
            produce(broker.bootstrap(), prefix, cases);
            while (true) {
                try (ResultSet rows = statement.executeQuery("""
                        SELECT (SELECT count(*) FROM case_view WHERE stage = 'planned' AND symptom_assessment IS NOT NULL
                                  AND cause_assessment IS NOT NULL AND treatment_plan IS NOT NULL),
                               (SELECT count(*) FROM stage_result)""")) {
                    rows.next();
                    if (rows.getLong(1) == cases && rows.getLong(2) == 3L * cases) {
                        break;
                    }
                }
                if (!gateway.isAlive()) {
                    throw new IllegalStateException("gateway exited; see " + work.resolve("gateway-" + round + ".log"));
                }
                Thread.sleep(100);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            long[] after = { ticks(gateway.pid()), postgresTicks(postmaster), ticks(poller) };
            double perRecord = 1000.0 / TICKS_PER_SECOND / (3.0 * cases);
            return new double[] { (after[0] - before[0]) * perRecord,
                    ((after[1] - before[1]) - (after[2] - before[2])) * perRecord, wall };
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
            gateway.destroyForcibly();
        }
    }

    private static void produce(String bootstrap, String prefix, int cases) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int n = 1; n <= cases; n++) {
                ObjectNode event = Events.event(UUID.nameUUIDFromBytes(("x" + n).getBytes()), HOSPITAL, "case-" + n,
                        java.time.Instant.parse("2025-06-01T10:00:00Z"));
                event.put("eventId", md5Uuid("e" + n));
                String key = HOSPITAL + "/case-" + n;
                producer.send(new ProducerRecord<>(prefix + "case-scored", key, StageRecords.scored(event)));
                producer.send(new ProducerRecord<>(prefix + "case-assessed", key, StageRecords.assessed(event, "cop-probable")));
                producer.send(new ProducerRecord<>(prefix + "case-planned", key,
                        StageRecords.planned(event, "cop-probable", "oral-glucocorticoid")));
            }
            producer.flush();
        }
    }

    /** md5(text)::uuid as PostgreSQL computes it (the accepted events' ids). */
    private static String md5Uuid(String text) {
        try {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            byte[] digest = md5.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process startGateway(String jar, String url, String bootstrap, String prefix, Path log) throws IOException {
        return startGateway(jar, url, bootstrap, prefix, log, Map.of());
    }

    /** A packaged gateway on the given database and topics, with {@code environment} added; its ports are kept by pid. */
    static Process startGateway(String jar, String url, String bootstrap, String prefix, Path log,
            Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx160m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=64m",
                "-Xss512k", "-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", KEYS.toString());
        int http = freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        int management = freePort();
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        for (String topic : List.of("case-events", "case-scored", "case-assessed", "case-planned")) {
            env.put("TOPICS_" + topic.toUpperCase(Locale.ROOT).replace('-', '_'), prefix + topic);
        }
        for (String topic : List.of("case-scored", "case-assessed", "case-planned")) {
            env.put("TOPICS_" + topic.toUpperCase(Locale.ROOT).replace('-', '_') + "_DLQ", prefix + topic + "-gateway-dlq");
        }
        env.putAll(environment);
        Process process = builder.start();
        MANAGEMENT.put(process.pid(), management);
        HTTP.put(process.pid(), http);
        return process;
    }

    private static final Map<Long, Integer> MANAGEMENT = new HashMap<>();
    /** The HTTP port of each started gateway, by pid. */
    static final Map<Long, Integer> HTTP = new HashMap<>();

    static void awaitReady(Process gateway) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + MANAGEMENT.get(gateway.pid()) + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("gateway exited while starting");
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("gateway not ready within 120 s");
    }

    /** The harness's name=value arguments after the broker classpath file (args[0]). */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            options.put(pair[0], pair[1]);
        }
        return options;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static long pid(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static long postmasterPid(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            long backend = pid(statement, "SELECT pg_backend_pid()");
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElseThrow().pid();
        }
    }

    /** utime + stime of a process (clock ticks); 0 once it is gone. */
    static long ticks(long pid) {
        String[] fields = stat(pid);
        return fields == null ? 0 : Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    /** The postmaster's own and reaped children's ticks, plus every live child's. */
    static long postgresTicks(long postmaster) {
        String[] fields = stat(postmaster);
        long total = Long.parseLong(fields[13]) + Long.parseLong(fields[14]) + Long.parseLong(fields[15])
                + Long.parseLong(fields[16]);
        for (ProcessHandle child : ProcessHandle.of(postmaster).orElseThrow().children().toList()) {
            total += ticks(child.pid());
        }
        return total;
    }

    /** /proc/PID/stat's fields from the state on (index 0 = pid, 13 = utime), the command name skipped. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String rest = stat.substring(stat.lastIndexOf(')') + 2);
            String[] tail = rest.trim().split(" ");
            String[] fields = new String[tail.length + 2];
            fields[0] = Long.toString(pid);
            fields[1] = "(comm)";
            System.arraycopy(tail, 0, fields, 2, tail.length);
            return fields;
        } catch (IOException gone) {
            return null;
        }
    }

    /** A single-node KRaft broker in its own JVM (as deploy/local's KafkaBroker), on loopback. */
    record Broker(Process process, String bootstrap) implements AutoCloseable {

        static Broker start(String classpath, Path dir) throws Exception {
            Files.createDirectories(dir.resolve("data"));
            int port = freePort();
            int controller = freePort();
            String properties = String.join("\n",
                    "process.roles=broker,controller", "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controller,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"), "num.partitions=12", "default.replication.factor=1",
                    "min.insync.replicas=1", "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=12",
                    "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                    "auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0", "");
            Path config = dir.resolve("server.properties");
            Files.writeString(config, properties);
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, "status = warn\nappender.out.type = Console\nappender.out.name = OUT\n"
                    + "appender.out.layout.type = PatternLayout\nappender.out.layout.pattern = [%d] %p %m (%c)%n\n"
                    + "rootLogger.level = WARN\nrootLogger.appenderRef.out.ref = OUT\n");
            File log = dir.resolve("broker.log").toFile();
            List<String> jvm = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m",
                    "-Xmx768m", "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath);
            List<String> format = new ArrayList<>(jvm);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "--cluster-id",
                    org.apache.kafka.common.Uuid.randomUuid().toString(), "--config", config.toString()));
            Process formatting = new ProcessBuilder(format).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            if (!formatting.waitFor(120, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                throw new IllegalStateException("broker storage format failed; see " + log);
            }
            List<String> run = new ArrayList<>(jvm);
            run.addAll(List.of("kafka.Kafka", config.toString()));
            Process process = new ProcessBuilder(run).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            Broker broker = new Broker(process, "127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try (Admin admin = broker.admin()) {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return broker;
                    }
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        broker.close();
                        throw new IllegalStateException("broker did not start; see " + log, notYet);
                    }
                    Thread.sleep(250);
                }
            }
        }

        Admin admin() {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000));
        }

        void createTopics(String prefix) throws Exception {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of("case-events", "case-scored", "case-assessed", "case-planned",
                    "case-scored-gateway-dlq", "case-assessed-gateway-dlq", "case-planned-gateway-dlq")) {
                topics.add(new NewTopic(prefix + topic, 12, (short) 1));
            }
            try (Admin admin = admin()) {
                admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
