package org.coppipeline.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Which indexes the read model's queries use: the list (CaseStore#listAudited, each filter), the history page
 * (CaseStore#historyAudited) and the view, EXPLAIN (ANALYZE) on a few thousand rows, printed at migration 7 (the
 * indexes of before) and at the latest migration. Not a test; run by hand (classpath as for {@link ProjectorBench}):
 * {@code java -cp ... org.coppipeline.gateway.bench.ExplainReadModel [hospitals=4] [cases=1500]}.
 */
public final class ExplainReadModel {

    private ExplainReadModel() {
    }

    private static final String LIST = """
            SELECT case_id, hospital_id, event_id, occurred_at, updated_at, stage, conclusion, recommendation,
                   symptom_assessment ->> 'suspicion' AS suspicion, treatment_plan ->> 'severity' AS severity
            FROM case_view
            WHERE hospital_id = 'h-2' AND updated_at <= clock_timestamp() - make_interval(secs => 1)""";
    private static final String ORDER = " ORDER BY updated_at, hospital_id, case_id LIMIT 50";

    private static final Map<String, String> QUERIES = new java.util.LinkedHashMap<>();

    static {
        QUERIES.put("list", LIST + ORDER);
        QUERIES.put("list conclusion=cop-probable", LIST + " AND conclusion = 'cop-probable'" + ORDER);
        QUERIES.put("list conclusion=(rare) op-unlikely", LIST + " AND conclusion = 'op-unlikely'" + ORDER);
        QUERIES.put("list recommendation=(rare) iv-glucocorticoid", LIST + " AND recommendation = 'iv-glucocorticoid'" + ORDER);
        QUERIES.put("list stage=planned", LIST + " AND stage = 'planned'" + ORDER);
        QUERIES.put("list stage=(rare) received", LIST + " AND stage = 'received'" + ORDER);
        QUERIES.put("list updatedAfter + cursor", LIST
                + " AND updated_at > now() - interval '1 day' AND (updated_at, case_id) > (now() - interval '1 day', 'case-100')"
                + ORDER);
        QUERIES.put("view", "SELECT * FROM case_view WHERE hospital_id = 'h-2' AND case_id = 'case-700'");
        QUERIES.put("history page", """
                SELECT * FROM (
                    (SELECT 'event' AS kind, e.received_at AS at, e.event_id, e.occurred_at, e.status,
                            NULL AS stage, NULL AS section, CAST(e.body AS text) AS content, NULL AS knowledge_version,
                            0 AS sort_kind, e.event_id::text AS sort_key
                     FROM accepted_event e
                     WHERE e.hospital_id = 'h-2' AND e.case_id = 'case-700' AND e.status <> 'pending'
                     ORDER BY e.received_at, e.event_id::text LIMIT 50)
                    UNION ALL
                    (SELECT 'stage-result', r.recorded_at, r.event_id, e.occurred_at, NULL,
                            r.stage, r.section, CAST(r.result AS text), r.knowledge_version,
                            1, lpad(r.id::text, 19, '0')
                     FROM stage_result r JOIN accepted_event e ON e.hospital_id = r.hospital_id AND e.event_id = r.event_id
                     WHERE r.hospital_id = 'h-2' AND r.case_id = 'case-700' AND e.status <> 'pending'
                     ORDER BY r.recorded_at, r.id LIMIT 50)
                ) AS trail ORDER BY at, sort_kind, sort_key LIMIT 50""");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            options.put(pair[0], pair[1]);
        }
        int hospitals = Integer.parseInt(options.getOrDefault("hospitals", "4"));
        int cases = Integer.parseInt(options.getOrDefault("cases", "1500"));
        Path work = Files.createTempDirectory("explain-read-model");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile())
                .setServerConfig("listen_addresses", "127.0.0.1").setPGStartupWait(Duration.ofSeconds(60)).start()) {
            for (String target : List.of("7", "latest")) {
                String database = "explain_" + target;
                try (Connection admin = postgres.getPostgresDatabase().getConnection();
                        Statement statement = admin.createStatement()) {
                    statement.execute("CREATE DATABASE " + database);
                }
                String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
                Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                        .placeholders(Map.of("app_role", "postgres")).target(target).load().migrate();
                try (Connection connection = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
                        Statement statement = connection.createStatement()) {
                    populate(statement, hospitals, cases);
                    System.out.printf("=== migrations up to %s: %d hospitals x %d cases, %d stage results; indexes: %s%n",
                            target, hospitals, cases, hospitals * cases * 3, indexes(statement));
                    for (Map.Entry<String, String> query : QUERIES.entrySet()) {
                        System.out.println("--- " + query.getKey());
                        explain(connection, query.getValue());
                    }
                }
            }
        }
    }

    /**
     * Settled events with views (sections as the stages write them, updated_at spread over two days): 60 % planned,
     * 25 % assessed, 10 % scored, 5 % received; conclusions 70 % cop-probable, 25 % cop-confirmed, 5 % op-unlikely;
     * recommendations 80 % oral-glucocorticoid, 17 % observe, 3 % iv-glucocorticoid. Three results per case.
     */
    private static void populate(Statement statement, int hospitals, int cases) throws SQLException {
        statement.execute("""
                INSERT INTO accepted_event (event_id, hospital_id, case_id, occurred_at, body_sha256, body, status, received_at)
                SELECT md5(h || '/' || n)::uuid, 'h-' || h, 'case-' || n, now() - interval '3 days', md5('b' || n),
                       '{"eventId": "x", "symptoms": [{"code": "dyspnea"}]}', 'accepted', now() - interval '3 days'
                FROM generate_series(1, %1$d) AS h, generate_series(1, %2$d) AS n""".formatted(hospitals, cases));
        statement.execute("""
                INSERT INTO stage_result (event_id, hospital_id, case_id, stage, section, result, knowledge_version, recorded_at)
                SELECT md5(h || '/' || n)::uuid, 'h-' || h, 'case-' || n, s.stage, s.section,
                       CAST('{"knowledgeVersion": "cop-knowledge-v1", "suspicion": "high", "severity": "moderate", "notes": "'
                            || repeat('x', 1500) || '"}' AS json),
                       'cop-knowledge-v1', now() - interval '2 days' + n * interval '1 second' + s.k * interval '10 ms'
                FROM generate_series(1, %1$d) AS h, generate_series(1, %2$d) AS n,
                     (VALUES (1, 'scored', 'symptomAssessment'), (2, 'assessed', 'causeAssessment'),
                             (3, 'planned', 'treatmentPlan')) AS s (k, stage, section)""".formatted(hospitals, cases));
        statement.execute("""
                INSERT INTO case_view (hospital_id, case_id, event_id, occurred_at, stage, symptom_assessment,
                                       cause_assessment, treatment_plan, conclusion, recommendation, updated_at)
                SELECT 'h-' || h, 'case-' || n, md5(h || '/' || n)::uuid, now() - interval '3 days', st,
                       CAST(CASE WHEN st <> 'received' THEN '{"suspicion": "high", "suspicionScore": 9}' END AS json),
                       CAST(CASE WHEN st IN ('assessed', 'planned') THEN '{"conclusion": "' || co || '"}' END AS json),
                       CAST(CASE WHEN st = 'planned' THEN '{"severity": "moderate", "recommendation": "' || re || '"}' END
                            AS json),
                       CASE WHEN st IN ('assessed', 'planned') THEN co END,
                       CASE WHEN st = 'planned' THEN re END,
                       now() - interval '2 days' + n * interval '1 second'
                FROM (SELECT h, n,
                             CASE WHEN n %% 20 < 12 THEN 'planned' WHEN n %% 20 < 17 THEN 'assessed'
                                  WHEN n %% 20 < 19 THEN 'scored' ELSE 'received' END AS st,
                             CASE WHEN n / 20 %% 20 < 14 THEN 'cop-probable' WHEN n / 20 %% 20 < 19 THEN 'cop-confirmed'
                                  ELSE 'op-unlikely' END AS co,
                             CASE WHEN n * 7 %% 100 < 80 THEN 'oral-glucocorticoid' WHEN n * 7 %% 100 < 97 THEN 'observe'
                                  ELSE 'iv-glucocorticoid' END AS re
                      FROM generate_series(1, %1$d) AS h, generate_series(1, %2$d) AS n) AS c"""
                .formatted(hospitals, cases));
        statement.execute("ANALYZE");
    }

    private static String indexes(Statement statement) throws SQLException {
        StringBuilder names = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("""
                SELECT indexname FROM pg_indexes WHERE tablename IN ('case_view', 'stage_result') ORDER BY 1""")) {
            while (rows.next()) {
                names.append(names.length() == 0 ? "" : ", ").append(rows.getString(1));
            }
        }
        return names.toString();
    }

    private static void explain(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                System.out.println("  " + rows.getString(1));
            }
        }
    }
}
