package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.StatementCounts;
import org.coppipeline.gateway.support.Tokens;

/**
 * The list GET and the history GET each read and write their audit entry in one statement, as the view GET does
 * (ViewAuditTest): one statement per GET (counted by pg_stat_statements), every answer with exactly its entry and its
 * status, and when the statement fails a 503 with no data and no entry claiming an answer. A GET refused by its own
 * parameters (400, or the 404 of a malformed case id) reads nothing: its entry is one statement on its own, as before.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class ListHistoryAuditTest {

    static final String OTHER = "h-list-audit-other-" + UUID.randomUUID().toString().substring(0, 6);

    /** Each test lists a hospital of its own. */
    final String hospital = "h-list-audit-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Any
    InMemoryConnector connector;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** The actor's entries of one action counted by outcome, straight from the table (no visibility delay). */
    Map<Integer, Long> outcomes(String actor, String action) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int status : new int[] { 200, 304, 400, 404, 503 }) {
            long count = Database.count(dataSource,
                    "SELECT count(*) FROM access_audit WHERE actor = ? AND action = ? AND outcome = ?", actor, action, status);
            if (count > 0) {
                counts.put(status, count);
            }
        }
        return counts;
    }

    /** Three cases of the hospital, one of them scored (two rows in its trail), all listed (past the visibility delay). */
    List<String> threeListedCases() {
        List<String> cases = new ArrayList<>();
        ObjectNode first = null;
        for (int i = 0; i < 3; i++) {
            String caseId = Events.newCaseId("listed");
            ObjectNode event = Events.event(hospital, caseId);
            Api.post(Tokens.publisher(hospital), event.toString()).then().statusCode(202);
            cases.add(caseId);
            first = first == null ? event : first;
        }
        StageResults.send(connector, "case-scored", StageRecords.scored(first));
        String watcher = Tokens.viewer(hospital);
        await().atMost(Duration.ofSeconds(60)).until(() -> Api.history(watcher, cases.get(0)).jsonPath().getList("items").size() == 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> Api.as(watcher).get(Api.CASES).jsonPath().getList("items").size() == 3);
        return cases;
    }

    @Test
    void eachListAndHistoryGetIsOneStatementThatWritesItsEntry() {
        List<String> cases = threeListedCases();
        String foreign = Events.newCaseId("foreign");
        Api.post(Tokens.publisher(OTHER), Events.event(OTHER, foreign).toString()).then().statusCode(202);
        String readerSub = "dr-list-" + UUID.randomUUID().toString().substring(0, 6);
        String reader = Tokens.as(readerSub, hospital, Tokens.VIEWER);
        String history = Api.CASES + "/" + cases.get(0) + "/history";

        Map<String, Long> before = StatementCounts.snapshot(jdbcUrl);
        List<Integer> lists = new ArrayList<>();
        List<Integer> histories = new ArrayList<>();
        JsonPath all = Api.as(reader).get(Api.CASES).then().statusCode(200).extract().jsonPath();
        lists.add(200);
        List<String> order = all.getList("items.caseId");
        assertThat(order).containsExactlyInAnyOrderElementsOf(cases);
        JsonPath first = Api.as(reader).queryParam("limit", 2).get(Api.CASES).then().statusCode(200).extract().jsonPath();
        lists.add(200);
        assertThat(first.getList("items.caseId")).containsExactlyElementsOf(order.subList(0, 2));
        assertThat(first.getBoolean("hasMore")).isTrue();
        JsonPath second = Api.as(reader).queryParam("limit", 2).queryParam("cursor", first.getString("nextCursor"))
                .get(Api.CASES).then().statusCode(200).extract().jsonPath();
        lists.add(200);
        assertThat(second.getList("items.caseId")).containsExactly(order.get(2));
        assertThat(second.getBoolean("hasMore")).isFalse();
        JsonPath scored = Api.as(reader).queryParam("stage", "scored").get(Api.CASES).then().statusCode(200).extract()
                .jsonPath();
        lists.add(200);
        assertThat(scored.getList("items.caseId")).containsExactly(cases.get(0));
        Api.as(reader).queryParam("conclusion", "cop-probable").queryParam("updatedAfter", "2000-01-01T00:00:00Z")
                .get(Api.CASES).then().statusCode(200);
        lists.add(200);

        JsonPath trail = Api.as(reader).get(history).then().statusCode(200).extract().jsonPath();
        histories.add(200);
        assertThat(trail.getList("items.kind")).containsExactly("event", "stage-result");
        JsonPath page = Api.as(reader).queryParam("limit", 1).get(history).then().statusCode(200).extract().jsonPath();
        histories.add(200);
        page = Api.as(reader).queryParam("limit", 1).queryParam("cursor", page.getString("nextCursor")).get(history)
                .then().statusCode(200).extract().jsonPath();
        histories.add(200);
        assertThat(page.getList("items.kind")).containsExactly("stage-result");
        // Past the end of an existing case's trail: an empty page, 200 (the case exists), not a 404.
        JsonPath end = Api.as(reader).queryParam("cursor", page.getString("nextCursor")).get(history).then()
                .statusCode(200).extract().jsonPath();
        histories.add(200);
        assertThat(end.getList("items")).isEmpty();
        assertThat(end.getString("nextCursor")).isEqualTo(page.getString("nextCursor"));
        Api.history(reader, "missing-" + cases.get(0)).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        histories.add(404);
        Api.history(reader, foreign).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        histories.add(404);
        Map<String, Long> ran = StatementCounts.since(before, jdbcUrl);

        // One statement per GET, each of them writing the GET's entry.
        assertThat(StatementCounts.total(ran)).as("statements of %d GETs: %s", lists.size() + histories.size(), ran)
                .isEqualTo(lists.size() + histories.size());
        assertThat(ran.keySet()).as("statements").allSatisfy(sql -> assertThat(sql).contains("INSERT INTO access_audit"));
        assertThat(outcomes(readerSub, "case.list")).isEqualTo(ViewAuditTest.histogram(lists));
        assertThat(outcomes(readerSub, "case.history")).isEqualTo(ViewAuditTest.histogram(histories));
        assertThat(Database.text(dataSource, "SELECT string_agg(coalesce(query, '-'), ' | ' ORDER BY id) FROM access_audit "
                + "WHERE actor = ? AND action = 'case.list'", readerSub)).isEqualTo(String.join(" | ", "-", "limit=2",
                "limit=2&cursor=" + first.getString("nextCursor"), "stage=scored",
                "conclusion=cop-probable&updatedAfter=2000-01-01T00:00:00Z"));
        assertThat(Database.text(dataSource, "SELECT string_agg(coalesce(case_id, '-'), ' | ' ORDER BY id) FROM access_audit "
                + "WHERE actor = ? AND action = 'case.history'", readerSub)).isEqualTo(String.join(" | ", cases.get(0),
                cases.get(0), cases.get(0), cases.get(0), "missing-" + cases.get(0), foreign));
    }

    /** Refused by its own parameters: nothing is read, the problem's entry is written on its own (one statement). */
    @Test
    void aRefusedGetReadsNothingAndItsEntryIsItsOnlyStatement() {
        String caseId = Events.newCaseId("refused");
        Api.post(Tokens.publisher(hospital), Events.event(hospital, caseId).toString()).then().statusCode(202);
        String readerSub = "dr-refused-" + UUID.randomUUID().toString().substring(0, 6);
        String reader = Tokens.as(readerSub, hospital, Tokens.VIEWER);

        Map<String, Long> before = StatementCounts.snapshot(jdbcUrl);
        Api.as(reader).queryParam("limit", 0).queryParam("whatever", "x").get(Api.CASES).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        Api.as(reader).queryParam("cursor", "not-a-cursor").get(Api.CASES).then().statusCode(400);
        Api.history(reader, caseId, Map.of("limit", 201)).then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        Api.history(reader, "-" + caseId).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        Map<String, Long> ran = StatementCounts.since(before, jdbcUrl);

        assertThat(StatementCounts.total(ran)).as("statements: %s", ran).isEqualTo(4);
        assertThat(ran.keySet()).allSatisfy(sql -> assertThat(sql).startsWith("INSERT INTO access_audit"));
        assertThat(outcomes(readerSub, "case.list")).isEqualTo(Map.of(400, 2L));
        assertThat(outcomes(readerSub, "case.history")).isEqualTo(Map.of(400, 1L, 404, 1L));
        assertThat(Database.text(dataSource, "SELECT string_agg(coalesce(case_id, '-') || ' ' || coalesce(query, '-'), ' | ' "
                + "ORDER BY id) FROM access_audit WHERE actor = ?", readerSub)).isEqualTo(String.join(" | ",
                "- (2 invalid, 1 unknown)", "- (1 invalid)", caseId + " (1 invalid)", "- -"));
    }

    /** Installs, as the owner, a trigger that refuses the entries of actors starting with {@code prefix}. */
    void refuseEntries(String name, String prefix, boolean but503) throws SQLException {
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.actor LIKE '%2$s%%' %3$s THEN
                            RAISE EXCEPTION 'audit refused' USING ERRCODE = '53100';
                        END IF;
                        RETURN NEW;
                    END $$""".formatted(name, prefix, but503 ? "AND NEW.outcome <> 503" : ""));
            statement.execute("CREATE TRIGGER %1$s BEFORE INSERT ON access_audit FOR EACH ROW EXECUTE FUNCTION %1$s()"
                    .formatted(name));
        }
    }

    void allowEntries(String name) throws SQLException {
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute("DROP TRIGGER %1$s ON access_audit".formatted(name));
            statement.execute("DROP FUNCTION %1$s()".formatted(name));
        }
    }

    /**
     * The read and its entry are one statement: when the entry cannot be written the read is undone with it and the
     * GET answers 503 with no case data; the only entries left are the 503s' own (written on their own afterwards, when
     * they can be), never a 200 or a 404 that was not sent.
     */
    @Test
    void aListOrHistoryWhoseEntryCannotBeWrittenAnswers503WithNoDataAndNoEntryClaimsAnAnswer() throws Exception {
        List<String> cases = threeListedCases();
        String breakerSub = "list-breaker-" + UUID.randomUUID().toString().substring(0, 6);
        String breaker = Tokens.as(breakerSub, hospital, Tokens.VIEWER);
        List<Response> answers = new ArrayList<>();
        refuseEntries("refuse_list_breaker", "list-breaker-", true);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> answer(answers, Api.as(breaker).get(Api.CASES)));
                calls.add(() -> answer(answers, Api.as(breaker).queryParam("stage", "received").queryParam("limit", 1)
                        .get(Api.CASES)));
                calls.add(() -> answer(answers, Api.history(breaker, cases.get(0))));
                calls.add(() -> answer(answers, Api.history(breaker, "missing-" + cases.get(0))));
            }
            assertThat(ViewAuditTest.inParallel(calls)).hasSize(16).containsOnly(503);
            // Another actor reads meanwhile as usual.
            Api.as(Tokens.viewer(hospital)).get(Api.CASES).then().statusCode(200);
            Api.history(Tokens.viewer(hospital), cases.get(0)).then().statusCode(200);
        } finally {
            allowEntries("refuse_list_breaker");
        }
        assertThat(answers).hasSize(16).allSatisfy(answer -> {
            assertThat(answer.contentType()).startsWith(Problem.MEDIA_TYPE);
            assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
            assertThat(answer.jsonPath().getString("detail")).isEqualTo("The access audit is unavailable; nothing was read.");
            assertThat(answer.asString()).doesNotContain(cases.get(0)).doesNotContain(cases.get(1)).doesNotContain(cases.get(2));
        });
        assertThat(outcomes(breakerSub, "case.list")).isEqualTo(Map.of(503, 8L));
        assertThat(outcomes(breakerSub, "case.history")).isEqualTo(Map.of(503, 8L));
    }

    private static int answer(List<Response> answers, Response answer) {
        synchronized (answers) {
            answers.add(answer);
        }
        return answer.statusCode();
    }

    /** A refused entry of a 503 too: then nothing at all is recorded for the actor, and still no data goes out. */
    @Test
    void aListOrHistoryWithNoEntryAtAllAnswers503() throws SQLException {
        String caseId = Events.newCaseId("unrecorded");
        Api.post(Tokens.publisher(hospital), Events.event(hospital, caseId).toString()).then().statusCode(202);
        String breakerSub = "all-list-breaker-" + UUID.randomUUID().toString().substring(0, 6);
        String breaker = Tokens.as(breakerSub, hospital, Tokens.VIEWER);
        refuseEntries("refuse_all_list_breaker", "all-list-breaker-", false);
        try {
            Api.as(breaker).get(Api.CASES).then().statusCode(503).header("Retry-After", "5").contentType(Problem.MEDIA_TYPE);
            Api.history(breaker, caseId).then().statusCode(503).header("Retry-After", "5").contentType(Problem.MEDIA_TYPE);
            // An error answer goes out even when its entry cannot be written.
            Api.as(breaker).queryParam("limit", 0).get(Api.CASES).then().statusCode(400);
        } finally {
            allowEntries("refuse_all_list_breaker");
        }
        assertThat(Database.count(dataSource, "SELECT count(*) FROM access_audit WHERE actor = ?", breakerSub)).isZero();
    }
}
