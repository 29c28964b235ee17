package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Tokens;

/**
 * A view GET reads the case and writes its audit entry in one statement, and a POST's entry goes into the intake's
 * own statements (CaseStore): every answer that went out has exactly one entry with its status, also when many come
 * at once, and a GET whose statement fails answers 503 with no entry claiming that it was answered with data.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class ViewAuditTest {

    static final String HOSPITAL = "h-view-audit-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** Runs the calls all at once (released together), answers in the calls' order. */
    static List<Integer> inParallel(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (Callable<Integer> call : calls) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The actor's entries counted by outcome, straight from the table (no visibility delay). */
    Map<Integer, Long> outcomes(String actor, String action) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int status : new int[] { 200, 202, 304, 400, 404, 409, 503 }) {
            long count = Database.count(dataSource,
                    "SELECT count(*) FROM access_audit WHERE actor = ? AND action = ? AND outcome = ?", actor, action, status);
            if (count > 0) {
                counts.put(status, count);
            }
        }
        return counts;
    }

    static Map<Integer, Long> histogram(List<Integer> statuses) {
        return statuses.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void everyAnswerOfManyViewsAndPostsAtOnceHasExactlyItsEntry() throws Exception {
        String publisherSub = "platform-" + UUID.randomUUID().toString().substring(0, 6);
        String viewerSub = "dr-many-" + UUID.randomUUID().toString().substring(0, 6);
        String publisher = Tokens.as(publisherSub, HOSPITAL, Tokens.PUBLISHER);
        String viewer = Tokens.as(viewerSub, HOSPITAL, Tokens.VIEWER);
        String caseId = Events.newCaseId("viewed");
        Api.post(publisher, Events.event(HOSPITAL, caseId).toString()).then().statusCode(202);
        String etag = Api.view(viewer, caseId).then().statusCode(200).extract().header("ETag");

        List<Callable<Integer>> calls = new ArrayList<>();
        List<ObjectNode> posted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> Api.view(viewer, caseId).statusCode());
            calls.add(() -> Api.as(viewer).header("If-None-Match", etag).get(Api.CASES + "/" + caseId).statusCode());
            calls.add(() -> Api.as(viewer).header("If-None-Match", "W/" + etag + ", \"0\"").get(Api.CASES + "/" + caseId)
                    .statusCode());
            calls.add(() -> Api.as(viewer).header("If-None-Match", "\"0\"").get(Api.CASES + "/" + caseId).statusCode());
            calls.add(() -> Api.view(viewer, "missing-" + caseId).statusCode());
            ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("posted"));
            posted.add(event);
            calls.add(() -> Api.post(publisher, event.toString()).statusCode());
        }
        // A repeat and a conflict: final at the intake's first step, with their entries in its statement.
        ObjectNode repeated = posted.get(0);
        List<Integer> statuses = new ArrayList<>(inParallel(calls));
        statuses.add(Api.post(publisher, repeated.toString()).statusCode());
        statuses.add(Api.post(publisher, repeated.deepCopy().put("caseId", Events.newCaseId("conflict")).toString()).statusCode());

        List<Integer> views = new ArrayList<>();
        List<Integer> posts = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            (i < calls.size() && i % 6 != 5 ? views : posts).add(statuses.get(i));
        }
        assertThat(histogram(views)).isEqualTo(Map.of(200, 16L, 304, 16L, 404, 8L));
        assertThat(histogram(posts)).isEqualTo(Map.of(202, 9L, 409, 1L));

        // The first view (200) before the burst, then every answer of it.
        Map<Integer, Long> expectedViews = new TreeMap<>(histogram(views));
        expectedViews.merge(200, 1L, Long::sum);
        assertThat(outcomes(viewerSub, "case.view")).isEqualTo(expectedViews);
        // The first POST before the burst, then every answer of it.
        Map<Integer, Long> expectedPosts = new TreeMap<>(histogram(posts));
        expectedPosts.merge(202, 1L, Long::sum);
        assertThat(outcomes(publisherSub, "case-event.post")).isEqualTo(expectedPosts);
        for (ObjectNode event : posted) {
            assertThat(Database.count(dataSource, "SELECT count(*) FROM access_audit WHERE actor = ? AND event_id = ? "
                    + "AND outcome = 202", publisherSub, UUID.fromString(event.get("eventId").asText())))
                    .as("entries of event %s", event.get("eventId").asText())
                    .isEqualTo(event == repeated ? 2 : 1);
        }

        // The auditor's API shows each of them (once the visibility delay has passed).
        assertThat(AccessAuditTest.awaitEntries(HOSPITAL, Map.of("actor", viewerSub), 41)).hasSize(41);
        assertThat(AccessAuditTest.awaitEntries(HOSPITAL, Map.of("actor", publisherSub), 11)).hasSize(11);
    }

    /**
     * The read and its entry are one statement: when the entry cannot be written the read is undone with it and the
     * GET answers 503; the only entry left is the 503's own (written on its own afterwards, when it can be), never a
     * 200, 304 or 404 that was not sent. Here a trigger refuses the actor's entries unless they record a 503.
     */
    @Test
    void aViewWhoseEntryCannotBeWrittenAnswers503AndNoEntryClaimsAnAnswer() throws Exception {
        String publisher = Tokens.publisher(HOSPITAL);
        String caseId = Events.newCaseId("refused");
        Api.post(publisher, Events.event(HOSPITAL, caseId).toString()).then().statusCode(202);
        String etag = Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(200).extract().header("ETag");
        String breakerSub = "view-breaker-" + UUID.randomUUID().toString().substring(0, 6);
        String breaker = Tokens.as(breakerSub, HOSPITAL, Tokens.VIEWER);
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION refuse_view_breaker() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.actor LIKE 'view-breaker-%' AND NEW.outcome <> 503 THEN
                            RAISE EXCEPTION 'audit refused' USING ERRCODE = '53100';
                        END IF;
                        RETURN NEW;
                    END $$""");
            statement.execute("CREATE TRIGGER refuse_view_breaker BEFORE INSERT ON access_audit FOR EACH ROW "
                    + "EXECUTE FUNCTION refuse_view_breaker()");
        }
        List<Integer> statuses;
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> Api.view(breaker, caseId).statusCode());
                calls.add(() -> Api.as(breaker).header("If-None-Match", etag).get(Api.CASES + "/" + caseId).statusCode());
                calls.add(() -> Api.view(breaker, "missing-" + caseId).statusCode());
            }
            statuses = inParallel(calls);
            // Another actor reads meanwhile as usual.
            Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(200);
        } finally {
            try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
                statement.execute("DROP TRIGGER refuse_view_breaker ON access_audit");
                statement.execute("DROP FUNCTION refuse_view_breaker()");
            }
        }
        assertThat(statuses).hasSize(12).containsOnly(503);
        assertThat(outcomes(breakerSub, "case.view")).isEqualTo(Map.of(503, 12L));
    }

    /** A refused entry of a 503 too: then nothing at all is recorded for the actor, and still no data goes out. */
    @Test
    void aViewWithNoEntryAtAllAnswers503() throws SQLException {
        String caseId = Events.newCaseId("unrecorded");
        Api.post(Tokens.publisher(HOSPITAL), Events.event(HOSPITAL, caseId).toString()).then().statusCode(202);
        String breakerSub = "all-breaker-" + UUID.randomUUID().toString().substring(0, 6);
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION refuse_all_breaker() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.actor LIKE 'all-breaker-%' THEN RAISE EXCEPTION 'audit refused' USING ERRCODE = '53100'; END IF;
                        RETURN NEW;
                    END $$""");
            statement.execute("CREATE TRIGGER refuse_all_breaker BEFORE INSERT ON access_audit FOR EACH ROW "
                    + "EXECUTE FUNCTION refuse_all_breaker()");
        }
        try {
            Api.view(Tokens.as(breakerSub, HOSPITAL, Tokens.VIEWER), caseId).then().statusCode(503).header("Retry-After", "5");
        } finally {
            try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
                statement.execute("DROP TRIGGER refuse_all_breaker ON access_audit");
                statement.execute("DROP FUNCTION refuse_all_breaker()");
            }
        }
        assertThat(outcomes(breakerSub, "case.view")).isEmpty();
    }
}
