package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 1.1: a case's history is paged ({"items", "nextCursor"}, oldest first, limit 1..200, default 50, keyset
 * cursor): a case with 500 events costs one page per call, never the whole trail.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class HistoryPagingTest {

    /** Posts 500 events quickly: a hospital without a rate quota (GatewayTestResources). */
    static final String HOSPITAL = GatewayTestResources.UNLIMITED_HOSPITAL;
    static final String VIEWER = Tokens.viewer(HOSPITAL);
    static final int EVENTS = 500;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    record Page(List<Map<String, Object>> items, String nextCursor, boolean hasMore) {
    }

    static Page page(String caseId, Integer limit, String cursor) {
        var request = Api.as(VIEWER);
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        JsonPath json = request.get(Api.CASES + "/" + caseId + "/history").then()
                .statusCode(200)
                .contentType("application/json")
                .extract().jsonPath();
        return new Page(json.getList("items"), json.getString("nextCursor"), json.getBoolean("hasMore"));
    }

    @Test
    void aCaseWith500EventsIsReadOnePageAtATime() {
        String caseId = Events.newCaseId("long");
        String publisher = Tokens.publisher(HOSPITAL);
        List<ObjectNode> events = new ArrayList<>();
        Instant start = Instant.parse("2025-08-01T00:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            ObjectNode event = Events.event(UUID.randomUUID(), HOSPITAL, caseId, start.plus(i, ChronoUnit.MINUTES));
            Api.post(publisher, event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
            events.add(event);
        }
        // Results of three events (two of them no longer current: history only), one after the other.
        for (int i : new int[] { 10, 250, EVENTS - 1 }) {
            long before = results(caseId);
            StageResults.send(connector, "case-scored", StageRecords.scored(events.get(i)));
            await().atMost(Duration.ofSeconds(20)).until(() -> results(caseId) == before + 1);
        }

        Page first = page(caseId, null, null);
        assertThat(first.items()).hasSize(50);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.nextCursor()).isNotBlank();

        List<Map<String, Object>> walked = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        boolean more = true;
        while (more) {
            Page page = page(caseId, 200, cursor);
            sizes.add(page.items().size());
            walked.addAll(page.items());
            more = page.hasMore();
            cursor = page.nextCursor();
            assertThat(sizes).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(sizes).containsExactly(200, 200, EVENTS + 3 - 400);

        // Oldest first, each entry once: the events in the order they were accepted, each result after its event.
        List<String> eventIds = walked.stream().filter(e -> "event".equals(e.get("kind"))).map(e -> (String) e.get("eventId")).toList();
        assertThat(eventIds).containsExactlyElementsOf(events.stream().map(e -> e.get("eventId").asText()).toList());
        List<Instant> times = walked.stream().map(e -> Instant.parse((String) e.get("at"))).toList();
        assertThat(times).isSorted();
        assertThat(new HashSet<>(walked)).hasSize(walked.size());
        for (int i : new int[] { 10, 250, EVENTS - 1 }) {
            String eventId = events.get(i).get("eventId").asText();
            int eventAt = indexOf(walked, "event", eventId);
            int resultAt = indexOf(walked, "stage-result", eventId);
            assertThat(resultAt).isGreaterThan(eventAt);
        }

        // Resuming from the last cursor: nothing new yet, and the cursor is kept for later.
        Page idle = page(caseId, 200, cursor);
        assertThat(idle.items()).isEmpty();
        assertThat(idle.hasMore()).isFalse();
        assertThat(idle.nextCursor()).isEqualTo(cursor);
    }

    @Test
    void badLimitsAndForeignOrImpossibleCursorsAre400() {
        String caseId = Events.newCaseId("hpage");
        String other = Events.newCaseId("hpage");
        for (String id : List.of(caseId, other)) {
            Api.post(Tokens.publisher(HOSPITAL), Events.event(HOSPITAL, id).toString()).then().statusCode(202);
        }
        String otherCursor = page(other, 1, null).nextCursor();
        assertThat(otherCursor).isNotBlank();
        String farFuture = Base64.getUrlEncoder().withoutPadding().encodeToString(("h1|"
                + Instant.parse("-5000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L + "|1|0000000000000000001|"
                + HOSPITAL + "|" + caseId).getBytes(StandardCharsets.UTF_8));
        for (Map<String, String> query : List.of(Map.of("limit", "0"), Map.of("limit", "201"), Map.of("limit", "many"),
                Map.of("cursor", otherCursor), Map.of("cursor", farFuture), Map.of("cursor", "garbage"), Map.of("page", "2"))) {
            Api.history(VIEWER, caseId, query).then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo("urn:cop-pipeline:problem:validation"))
                    .body("errors.parameter", containsInAnyOrder(query.keySet().toArray()));
        }
        Api.history(VIEWER, caseId, Map.of("limit", "200")).then().statusCode(200).body("items.size()", equalTo(1));
        Api.history(VIEWER, caseId, Map.of("limit", "1")).then().statusCode(200).body("hasMore", equalTo(false));
    }

    long results(String caseId) {
        return Database.count(dataSource, "SELECT count(*) FROM stage_result WHERE hospital_id = ? AND case_id = ?", HOSPITAL, caseId);
    }

    static int indexOf(List<Map<String, Object>> trail, String kind, String eventId) {
        for (int i = 0; i < trail.size(); i++) {
            if (kind.equals(trail.get(i).get("kind")) && eventId.equals(trail.get(i).get("eventId"))) {
                return i;
            }
        }
        throw new AssertionError(kind + " of " + eventId + " not in the trail");
    }
}
