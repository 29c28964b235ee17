package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Replays;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 1.1 access audit: every read and write of case data appends {at, actor (the token's sub), hospitalId,
 * action, caseId or query, outcome}; a write's entry in the write's own transaction, a read's before its answer is
 * sent (replays and knowledge-impact runs alike); no clinical data; GET /api/v1/audit-events (case-auditor) for the caller's hospital only; the service's
 * database account cannot change or delete an entry.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class AccessAuditTest {

    static final String HOSPITAL = "h-audit-" + UUID.randomUUID().toString().substring(0, 6);
    static final String OTHER = "h-audit-other-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    static String auditor(String hospital) {
        return Tokens.as("privacy-officer", hospital, Tokens.AUDITOR);
    }

    /** Every entry of the hospital with these filters, walked page by page. */
    static List<Map<String, Object>> entries(String hospital, Map<String, Object> filters) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            Map<String, Object> query = new HashMap<>(filters);
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = Api.audit(auditor(hospital), query).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
            if (!page.getBoolean("hasMore")) {
                return all;
            }
        }
    }

    static List<Map<String, Object>> awaitEntries(String hospital, Map<String, Object> filters, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> entries(hospital, filters), list -> list.size() >= count);
    }

    @Test
    void theTrailNamesTheSubOfEachViewerAndPublisherWithTheirActionsAndAnswers() {
        String caseId = Events.newCaseId("audited");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        String platform = Tokens.as("platform-7", HOSPITAL, Tokens.PUBLISHER);
        String doctor = Tokens.as("dr-house", HOSPITAL, Tokens.VIEWER);
        Api.post(platform, event.toString()).then().statusCode(202);
        Api.post(platform, event.toString()).then().statusCode(202);
        Api.post(platform, event.deepCopy().put("caseId", Events.newCaseId("other")).toString()).then().statusCode(409);
        Api.post(platform, "{\"caseId\": 1}").then().statusCode(400);
        String etag = Api.view(doctor, caseId).then().statusCode(200).extract().header("ETag");
        Api.as(doctor).header("If-None-Match", etag).get(Api.CASES + "/" + caseId).then().statusCode(304);
        Api.view(doctor, "nope-" + caseId).then().statusCode(404);
        Api.history(doctor, caseId).then().statusCode(200);
        Api.as(doctor).queryParam("conclusion", "cop-probable").queryParam("limit", 10).get(Api.CASES).then().statusCode(200);
        Api.as(doctor).queryParam("limit", 0).queryParam("whatever", "x").get(Api.CASES).then().statusCode(400);

        List<Map<String, Object>> reads = awaitEntries(HOSPITAL, Map.of("actor", "dr-house"), 6);
        assertThat(reads).extracting(e -> e.get("action") + " " + e.get("caseId") + " " + e.get("outcome")).containsExactly(
                "case.view " + caseId + " 200",
                "case.view " + caseId + " 304",
                "case.view nope-" + caseId + " 404",
                "case.history " + caseId + " 200",
                "case.list null 200",
                "case.list null 400");
        assertThat(reads.get(4).get("query")).isEqualTo("conclusion=cop-probable&limit=10");
        assertThat(reads.get(5).get("query")).isEqualTo("(2 invalid, 1 unknown)");
        assertThat(reads).allSatisfy(e -> {
            assertThat(e).containsEntry("actor", "dr-house").containsEntry("hospitalId", HOSPITAL);
            assertThat(Instant.parse((String) e.get("at"))).isBefore(Instant.now());
        });

        List<Map<String, Object>> writes = awaitEntries(HOSPITAL, Map.of("actor", "platform-7"), 4);
        assertThat(writes).extracting(e -> e.get("action") + " " + e.get("outcome"))
                .containsExactly("case-event.post 202", "case-event.post 202", "case-event.post 409", "case-event.post 400");
        assertThat(writes.get(0)).containsEntry("caseId", caseId).containsEntry("eventId", event.get("eventId").asText());
        assertThat(writes.get(3)).doesNotContainKey("caseId");
        // Two POSTs (the 409 named another case), the view, its 304 and the history.
        assertThat(entries(HOSPITAL, Map.of("caseId", caseId))).extracting(e -> e.get("actor"))
                .containsOnly("platform-7", "dr-house").hasSize(5);
    }

    @Test
    void anAuditorSeesItsOwnHospitalOnlyAndReadingTheAuditIsAudited() {
        String caseId = Events.newCaseId("elsewhere");
        Api.post(Tokens.publisher(OTHER), Events.event(OTHER, caseId).toString()).then().statusCode(202);
        Api.view(Tokens.as("dr-other", OTHER, Tokens.VIEWER), caseId).then().statusCode(200);
        awaitEntries(OTHER, Map.of("caseId", caseId), 2);

        assertThat(entries(HOSPITAL, Map.of("caseId", caseId))).isEmpty();
        assertThat(entries(HOSPITAL, Map.of("actor", "dr-other"))).isEmpty();
        assertThat(awaitEntries(OTHER, Map.of("actor", "privacy-officer"), 1)).allSatisfy(e -> assertThat(e)
                .containsEntry("action", "audit-event.list").containsEntry("hospitalId", OTHER).containsEntry("outcome", 200));
        // Only an auditor reads the audit.
        Api.audit(Tokens.viewer(OTHER), Map.of()).then().statusCode(403);
        Api.audit(Tokens.token(OTHER, Tokens.PUBLISHER, Tokens.VIEWER), Map.of()).then().statusCode(403);
    }

    @Test
    void filtersPagesAndBadQueries() {
        String hospital = "h-audit-pages-" + UUID.randomUUID().toString().substring(0, 6);
        String caseId = Events.newCaseId("paged");
        Api.post(Tokens.publisher(hospital), Events.event(hospital, caseId).toString()).then().statusCode(202);
        Instant between = Instant.now();
        for (int i = 0; i < 7; i++) {
            Api.view(Tokens.as("reader-" + (i % 2), hospital, Tokens.VIEWER), caseId).then().statusCode(200);
        }
        awaitEntries(hospital, Map.of("caseId", caseId), 8);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            Map<String, Object> query = new HashMap<>(Map.of("caseId", caseId, "limit", 3));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath json = Api.audit(auditor(hospital), query).then().statusCode(200).extract().jsonPath();
            seen.addAll(json.getList("items.actor"));
            cursor = json.getString("nextCursor");
            assertThat(json.getBoolean("hasMore")).isEqualTo(page < 2);
        }
        assertThat(seen).hasSize(8).containsOnly("test-client", "reader-0", "reader-1");
        assertThat(entries(hospital, Map.of("actor", "reader-1"))).hasSize(3);
        assertThat(entries(hospital, Map.of("caseId", caseId, "after", between.toString())))
                .extracting(e -> e.get("action")).containsOnly("case.view");

        String foreign = Api.audit(auditor(OTHER), Map.of("limit", 1)).then().extract().jsonPath().getString("nextCursor");
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("limit", 0), Map.<String, Object>of("limit", 501),
                Map.<String, Object>of("after", "+300000-01-01T00:00:00Z"), Map.<String, Object>of("after", "yesterday"),
                Map.<String, Object>of("caseId", "../x"), Map.<String, Object>of("actor", "a".repeat(300)),
                Map.<String, Object>of("cursor", foreign == null ? "x" : foreign), Map.<String, Object>of("hospitalId", OTHER))) {
            Api.audit(auditor(hospital), bad).then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("errors.parameter", containsInAnyOrder(bad.keySet().toArray()));
        }
    }

    @Test
    void noClinicalValueIsInTheAudit() {
        String caseId = Events.newCaseId("phi");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        Api.post(Tokens.publisher(HOSPITAL), event.toString()).then().statusCode(202);
        ObjectNode invalid = event.deepCopy();
        invalid.put(Events.PHI_ORGANISM, Events.PHI_DRUG);
        Api.post(Tokens.publisher(HOSPITAL), invalid.toString()).then().statusCode(400);
        Api.as(Tokens.viewer(HOSPITAL)).queryParam(Events.PHI_ORGANISM, Events.PHI_WEIGHT).get(Api.CASES).then().statusCode(400);
        Api.as(Tokens.viewer(HOSPITAL)).queryParam("stage", Events.PHI_DRUG).get(Api.CASES).then().statusCode(400);
        Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(200);

        String everything = Database.text(dataSource, """
                SELECT string_agg(concat_ws('|', at, actor, hospital_id, action, case_id, event_id, query, outcome), E'\\n')
                FROM access_audit""");
        assertThat(everything).contains(caseId);
        for (String phi : new String[] { Events.PHI_WEIGHT, Events.PHI_ORGANISM, Events.PHI_DRUG, "ZZPHI", "dyspnea" }) {
            assertThat(everything).as("audit must not contain %s", phi).doesNotContain(phi);
        }
    }

    /** The gateway's own account may append and read, never change or delete (no grant); not even the owner can (trigger). */
    @Test
    void anAuditEntryCannotBeChangedOrDeleted() throws SQLException {
        Api.view(Tokens.viewer(HOSPITAL), Events.newCaseId("touch")).then().statusCode(404);
        long entries = Database.count(dataSource, "SELECT count(*) FROM access_audit");
        assertThat(entries).isPositive();

        for (String change : List.of("UPDATE access_audit SET outcome = 200", "DELETE FROM access_audit", "TRUNCATE access_audit")) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute(change)).as("as the gateway: " + change)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("permission denied");
                        });
            }
            try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
                assertThatThrownBy(() -> statement.execute(change)).as("as the owner: " + change)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("append-only");
                        });
            }
        }
        assertThat(Database.count(dataSource, "SELECT count(*) FROM access_audit")).isGreaterThanOrEqualTo(entries);
    }

    /**
     * A write's entry is in the write's own transaction: when it cannot be written, the event is not accepted (503, no
     * accepted row, no view). A read's entry is written before the answer: when it cannot be, no case data goes out.
     * The failure is made by a trigger (installed by the owner for this test) that refuses one actor's entries.
     */
    @Test
    void withoutItsAuditEntryNoWriteIsKeptAndNoReadIsAnswered() throws SQLException {
        String caseId = Events.newCaseId("unaudited");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        String known = Events.newCaseId("known");
        Api.post(Tokens.publisher(HOSPITAL), Events.event(HOSPITAL, known).toString()).then().statusCode(202);
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION refuse_breaker() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.actor = 'audit-breaker' THEN RAISE EXCEPTION 'audit refused' USING ERRCODE = '53100'; END IF;
                        RETURN NEW;
                    END $$""");
            statement.execute("CREATE TRIGGER refuse_breaker BEFORE INSERT ON access_audit FOR EACH ROW EXECUTE FUNCTION refuse_breaker()");
        }
        try {
            Api.post(Tokens.as("audit-breaker", HOSPITAL, Tokens.PUBLISHER), event.toString()).then()
                    .statusCode(503)
                    .header("Retry-After", "5");
            assertThat(Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE hospital_id = ? AND case_id = ? "
                    + "AND status <> 'pending'", HOSPITAL, caseId)).isZero();
            Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(404);

            Api.view(Tokens.as("audit-breaker", HOSPITAL, Tokens.VIEWER), known).then()
                    .statusCode(503)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", equalTo("The access audit is unavailable; nothing was read."));
            Api.view(Tokens.viewer(HOSPITAL), known).then().statusCode(200);
        } finally {
            try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
                statement.execute("DROP TRIGGER refuse_breaker ON access_audit");
                statement.execute("DROP FUNCTION refuse_breaker()");
            }
        }
        // The event, published but never settled, is settled by its repeat.
        Api.post(Tokens.publisher(HOSPITAL), event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(200);
    }

    /**
     * Replay and knowledge impact (CONTRACT 9) copy and show case data: each request and each report read is an entry,
     * a created replay's or run's id first in its query (what links the reads of its report to it). A request's entry
     * is written in the transaction that queues it: without it nothing is queued (503); a report is not sent without
     * its entry (503).
     */
    @Test
    void replaysAndImpactRunsAreAuditedAndNothingIsQueuedOrReadWithoutItsEntry() throws SQLException {
        String hospital = "h-audit-replay-" + UUID.randomUUID().toString().substring(0, 6);
        String caseId = Events.newCaseId("replayed");
        ObjectNode event = Events.event(hospital, caseId);
        String eventId = event.get("eventId").asText();
        Api.post(Tokens.publisher(hospital), event.toString()).then().statusCode(202);
        String analyst = Tokens.as("dr-replay", hospital, Tokens.VIEWER);
        String v1 = "{\"knowledgeVersion\":\"cop-knowledge-v1\"}";
        String replayId = Replays.request(analyst, caseId, v1).then().statusCode(202).extract().jsonPath().getString("replayId");
        Replays.get(analyst, caseId, replayId).then().statusCode(200);
        Replays.request(analyst, caseId, "{}").then().statusCode(400);
        UUID unknownEvent = UUID.randomUUID();
        Replays.request(analyst, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"eventId\":\"" + unknownEvent + "\"}")
                .then().statusCode(400);
        Replays.request(analyst, "nope-" + caseId, "{\"knowledgeVersion\":\"cop-knowledge-v2\"}").then().statusCode(404);
        String both = "{\"from\":\"cop-knowledge-v1\",\"to\":\"cop-knowledge-v2\"}";
        String impactId = Replays.requestImpact(analyst, both).then().statusCode(202).extract().jsonPath().getString("impactId");
        Replays.impact(analyst, impactId, Map.of("limit", 5)).then().statusCode(200);

        List<Map<String, Object>> trail = awaitEntries(hospital, Map.of("actor", "dr-replay"), 7);
        assertThat(trail).extracting(e -> e.get("action") + " " + e.get("caseId") + " " + e.get("eventId") + " "
                + e.get("query") + " " + e.get("outcome")).containsExactly(
                "case-replay.post " + caseId + " " + eventId + " replayId=" + replayId + "&knowledgeVersion=cop-knowledge-v1 202",
                "case-replay.view " + caseId + " " + eventId + " replayId=" + replayId + " 200",
                "case-replay.post " + caseId + " null null 400",
                "case-replay.post " + caseId + " " + unknownEvent + " knowledgeVersion=cop-knowledge-v1 400",
                "case-replay.post nope-" + caseId + " null knowledgeVersion=cop-knowledge-v2 404",
                "knowledge-impact.post null null impactId=" + impactId + "&from=cop-knowledge-v1&to=cop-knowledge-v2 202",
                "knowledge-impact.view null null impactId=" + impactId + "&limit=5 200");

        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION refuse_replay_breaker() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.actor = 'replay-breaker' THEN RAISE EXCEPTION 'audit refused' USING ERRCODE = '53100'; END IF;
                        RETURN NEW;
                    END $$""");
            statement.execute("CREATE TRIGGER refuse_replay_breaker BEFORE INSERT ON access_audit FOR EACH ROW "
                    + "EXECUTE FUNCTION refuse_replay_breaker()");
        }
        try {
            String breaker = Tokens.as("replay-breaker", hospital, Tokens.VIEWER);
            long runs = Database.count(dataSource, "SELECT count(*) FROM replay_run WHERE hospital_id = ?", hospital);
            Replays.request(breaker, caseId, v1).then().statusCode(503).header("Retry-After", "5");
            Replays.requestImpact(breaker, both).then().statusCode(503);
            assertThat(Database.count(dataSource, "SELECT count(*) FROM replay_run WHERE hospital_id = ?", hospital))
                    .isEqualTo(runs);
            assertThat(Database.count(dataSource, "SELECT count(*) FROM knowledge_impact WHERE hospital_id = ?", hospital))
                    .isEqualTo(1);
            Replays.get(breaker, caseId, replayId).then()
                    .statusCode(503)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", equalTo("The access audit is unavailable; nothing was read."));
            Replays.impact(breaker, impactId, Map.of()).then().statusCode(503);
        } finally {
            try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
                statement.execute("DROP TRIGGER refuse_replay_breaker ON access_audit");
                statement.execute("DROP FUNCTION refuse_replay_breaker()");
            }
        }
        Replays.get(analyst, caseId, replayId).then().statusCode(200);
    }
}
