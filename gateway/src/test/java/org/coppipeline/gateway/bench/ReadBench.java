package org.coppipeline.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.coppipeline.gateway.bench.ProjectorBench.Broker;
import org.coppipeline.gateway.support.Tokens;

/**
 * CPU and statements per list GET and per history GET, gateway JVM + PostgreSQL, of two packaged gateways (A and B),
 * interleaved A/B/A/B within one run on one broker and one PostgreSQL (pg_stat_statements preloaded). Not a test (no
 * runner picks it up); run by hand with the classpath of {@link ProjectorBench}:
 *
 * <pre>
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/test.classpath) \
 *     org.coppipeline.gateway.bench.ReadBench deploy/local/target/broker.classpath \
 *     A=/tmp/gw-main/gateway/target/quarkus-app/quarkus-run.jar B=gateway/target/quarkus-app/quarkus-run.jar \
 *     [gets=3000] [pairs=2] [cases=200]
 * </pre>
 *
 * Each round: a fresh database and topics, the gateway started on them and ready (no rate quota), {@code cases} settled
 * cases with views inserted directly (updated an hour ago, so all are listed) and three stage results for one of them;
 * then, from one client thread, a warm-up of {@code gets} list GETs and {@code gets} history GETs, then {@code gets}
 * list GETs (the first page, limit 50: a dashboard's poll) and {@code gets} history GETs (that case's four rows),
 * each measured on its own: utime+stime of the gateway process and of PostgreSQL (as ProjectorBench: postmaster and
 * children, minus this harness's polling backend), and the top-level statements the round's database ran (the replay
 * dispatcher's idle polls left out), per GET.
 */
public final class ReadBench {

    private static final String HOSPITAL = "h-bench";
    private static final String HISTORY_CASE = "case-1";

    private ReadBench() {
    }

    public static void main(String[] args) throws Exception {
        String brokerClasspath = Files.readString(Path.of(args[0])).trim();
        Map<String, String> options = ProjectorBench.options(args);
        // Tokens sign with the test key, which the %test profile names; this harness runs outside any profile.
        System.setProperty("smallrye.jwt.sign.key.location", "test-keys/privateKey.pem");
        int gets = Integer.parseInt(options.getOrDefault("gets", "3000"));
        int pairs = Integer.parseInt(options.getOrDefault("pairs", "2"));
        int cases = Integer.parseInt(options.getOrDefault("cases", "200"));
        Path work = Files.createTempDirectory("read-bench");
        System.out.printf("read bench: %d list GETs and %d history GETs per round, %d cases, %d A/B pairs, work %s%n", gets,
                gets, cases, pairs, work);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.resolve("pg").toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
                Broker broker = Broker.start(brokerClasspath, work.resolve("kafka"))) {
            try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
                statement.execute("CREATE EXTENSION pg_stat_statements");
            }
            long postmaster = ProjectorBench.postmasterPid(postgres);
            List<String> lines = new ArrayList<>();
            Map<String, List<double[]>> figures = new HashMap<>();
            int round = 0;
            for (int pair = 0; pair < pairs; pair++) {
                for (String variant : List.of("A", "B")) {
                    round++;
                    double[] result = round(postgres, postmaster, broker, options.get(variant), round, cases, gets, work);
                    figures.computeIfAbsent(variant, v -> new ArrayList<>()).add(result);
                    String line = String.format(Locale.ROOT,
                            "round %d %s: list: gateway %.3f + postgres %.3f CPU ms/GET, %.2f statements/GET, %.0f GETs/s;"
                                    + " history: gateway %.3f + postgres %.3f CPU ms/GET, %.2f statements/GET, %.0f GETs/s",
                            round, variant, result[0], result[1], result[2], result[3], result[4], result[5], result[6],
                            result[7]);
                    lines.add(line);
                    System.out.println(line);
                }
            }
            System.out.println("---");
            lines.forEach(System.out::println);
            for (int pair = 0; pair < pairs; pair++) {
                double[] a = figures.get("A").get(pair);
                double[] b = figures.get("B").get(pair);
                System.out.printf(Locale.ROOT, "pair %d B/A: list gateway %.2f, postgres %.2f, total %.2f; "
                        + "history gateway %.2f, postgres %.2f, total %.2f%n", pair + 1,
                        b[0] / a[0], b[1] / a[1], (b[0] + b[1]) / (a[0] + a[1]),
                        b[4] / a[4], b[5] / a[5], (b[4] + b[5]) / (a[4] + a[5]));
            }
        }
    }

    /**
     * One round: list gateway ms/GET, postgres ms/GET, statements/GET, GETs/s, then the same four for the history.
     */
    private static double[] round(EmbeddedPostgres postgres, long postmaster, Broker broker, String jar, int round,
            int cases, int gets, Path work) throws Exception {
        String database = "bench_" + round;
        String prefix = "r" + round + "-";
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
        broker.createTopics(prefix);
        Process gateway = ProjectorBench.startGateway(jar, url, broker.bootstrap(), prefix,
                work.resolve("gateway-" + round + ".log"),
                Map.of("GATEWAY_QUOTA_REQUESTS_PER_SECOND", "1000000", "GATEWAY_QUOTA_BURST", "1000000"));
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            ProjectorBench.awaitReady(gateway);
            populate(url, cases);
            String base = "http://127.0.0.1:" + ProjectorBench.HTTP.get(gateway.pid()) + "/api/v1/cases";
            URI list = URI.create(base + "?limit=50");
            URI history = URI.create(base + "/" + HISTORY_CASE + "/history");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String token = "Bearer " + Tokens.as("bench-reader", HOSPITAL, Tokens.VIEWER);
            get(http, list, token, gets);
            get(http, history, token, gets);
            long poller = ProjectorBench.pid(statement, "SELECT pg_backend_pid()");
            double[] listed = measure(http, list, token, gets, gateway, postmaster, poller, statement, database);
            double[] read = measure(http, history, token, gets, gateway, postmaster, poller, statement, database);
            return new double[] { listed[0], listed[1], listed[2], listed[3], read[0], read[1], read[2], read[3] };
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
            gateway.destroyForcibly();
        }
    }

    /** Gateway CPU ms/GET, PostgreSQL CPU ms/GET, statements/GET, GETs/s. */
    private static double[] measure(HttpClient http, URI uri, String token, int gets, Process gateway, long postmaster,
            long poller, Statement statement, String database) throws Exception {
        long statements = statements(statement, database);
        long[] before = { ProjectorBench.ticks(gateway.pid()), ProjectorBench.postgresTicks(postmaster),
                ProjectorBench.ticks(poller) };
        long started = System.nanoTime();
        get(http, uri, token, gets);
        double wall = (System.nanoTime() - started) / 1e9;
        long[] after = { ProjectorBench.ticks(gateway.pid()), ProjectorBench.postgresTicks(postmaster),
                ProjectorBench.ticks(poller) };
        long ran = statements(statement, database) - statements;
        double perGet = 1000.0 / ProjectorBench.TICKS_PER_SECOND / gets;
        return new double[] { (after[0] - before[0]) * perGet, ((after[1] - before[1]) - (after[2] - before[2])) * perGet,
                (double) ran / gets, gets / wall };
    }

    private static void get(HttpClient http, URI uri, String token, int gets) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", token).GET().build();
        for (int i = 0; i < gets; i++) {
            HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + answer.statusCode() + ": "
                        + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /** Top-level statements the database ran so far, the replay dispatcher's background ones left out. */
    private static long statements(Statement statement, String database) throws SQLException {
        try (ResultSet rows = statement.executeQuery("""
                SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = '%s' AND s.toplevel
                  AND s.query NOT LIKE '%%replay_run%%' AND s.query NOT LIKE '%%knowledge_impact%%'""".formatted(database))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Settled cases with views updated an hour ago (all listed), sections as the stages write them; one case's trail. */
    private static void populate(String url, int cases) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO accepted_event (event_id, hospital_id, case_id, occurred_at, body_sha256, body, status, received_at)
                    SELECT md5('e' || n)::uuid, '%1$s', 'case-' || n, timestamptz '2025-06-01T10:00:00Z', md5('b' || n),
                           '{"eventId": "x", "symptoms": [{"code": "dyspnea"}]}', 'accepted', now() - interval '2 hours'
                    FROM generate_series(1, %2$d) AS n""".formatted(HOSPITAL, cases));
            String symptoms = "{\"knowledgeVersion\": \"cop-knowledge-v1\", \"suspicion\": \"high\", \"score\": 7}";
            String cause = "{\"knowledgeVersion\": \"cop-knowledge-v1\", \"conclusion\": \"cop-probable\"}";
            String plan = "{\"knowledgeVersion\": \"cop-knowledge-v1\", \"recommendation\": \"oral-glucocorticoid\", "
                    + "\"severity\": \"moderate\"}";
            try (PreparedStatement views = connection.prepareStatement("""
                    INSERT INTO case_view (hospital_id, case_id, event_id, occurred_at, stage, symptom_assessment,
                                           cause_assessment, treatment_plan, conclusion, recommendation, updated_at)
                    SELECT ?, 'case-' || n, md5('e' || n)::uuid, timestamptz '2025-06-01T10:00:00Z', 'planned',
                           CAST(? AS json), CAST(? AS json), CAST(? AS json), 'cop-probable', 'oral-glucocorticoid',
                           now() - interval '1 hour' + n * interval '1 ms'
                    FROM generate_series(1, ?) AS n""")) {
                views.setString(1, HOSPITAL);
                views.setString(2, symptoms);
                views.setString(3, cause);
                views.setString(4, plan);
                views.setInt(5, cases);
                views.executeUpdate();
            }
            try (PreparedStatement results = connection.prepareStatement("""
                    INSERT INTO stage_result (event_id, hospital_id, case_id, stage, section, result, knowledge_version, recorded_at)
                    SELECT md5('e1')::uuid, ?, ?, s.stage, s.section, CAST(s.result AS json), 'cop-knowledge-v1',
                           now() - interval '90 minutes' + s.k * interval '1 second'
                    FROM (VALUES (1, 'scored', 'symptomAssessment', ?), (2, 'assessed', 'causeAssessment', ?),
                                 (3, 'planned', 'treatmentPlan', ?)) AS s (k, stage, section, result)""")) {
                results.setString(1, HOSPITAL);
                results.setString(2, HISTORY_CASE);
                results.setString(3, symptoms);
                results.setString(4, cause);
                results.setString(5, plan);
                results.executeUpdate();
            }
        }
    }
}
