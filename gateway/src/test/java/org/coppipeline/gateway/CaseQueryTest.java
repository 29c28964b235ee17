package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.query.Cursor;
import org.coppipeline.gateway.store.Records.Position;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/** GET /api/v1/cases/{caseId}, its history, and the list: ETag/304, 404 for foreign and missing cases, filters, 400s. */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class CaseQueryTest {

    static final String HOSPITAL = "h-query-" + UUID.randomUUID().toString().substring(0, 6);
    static final String OTHER = "h-other-" + UUID.randomUUID().toString().substring(0, 6);
    static final String VIEWER = Tokens.viewer(HOSPITAL);

    @Inject
    @Any
    InMemoryConnector connector;

    ObjectNode post(String hospital, String caseId) {
        ObjectNode event = Events.event(hospital, caseId);
        Api.post(Tokens.publisher(hospital), event.toString()).then().statusCode(202);
        return event;
    }

    @Test
    void viewHasTheContractFieldsAndAnETag() {
        String caseId = Events.newCaseId("view");
        ObjectNode event = post(HOSPITAL, caseId);
        Api.view(VIEWER, caseId).then()
                .statusCode(200)
                .contentType("application/json")
                .header("ETag", notNullValue())
                .body("caseId", equalTo(caseId))
                .body("hospitalId", equalTo(HOSPITAL))
                .body("eventId", equalTo(event.get("eventId").asText()))
                .body("occurredAt", equalTo("2025-03-01T10:00:00Z"))
                .body("updatedAt", notNullValue())
                .body("stage", equalTo("received"));
    }

    @Test
    void matchingIfNoneMatchIs304UntilTheViewChanges() {
        String caseId = Events.newCaseId("etag");
        ObjectNode event = post(HOSPITAL, caseId);
        String etag = Api.view(VIEWER, caseId).then().statusCode(200).extract().header("ETag");

        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"nope\", " + etag, "*")) {
            Api.as(VIEWER).header("If-None-Match", ifNoneMatch).get(Api.CASES + "/" + caseId).then()
                    .statusCode(304)
                    .header("ETag", etag)
                    .body(emptyString());
        }
        Api.as(VIEWER).header("If-None-Match", "\"nope\"").get(Api.CASES + "/" + caseId).then().statusCode(200);

        StageResults.send(connector, "case-scored", StageRecords.scored(event));
        await().atMost(Duration.ofSeconds(60)).until(() -> Api.as(VIEWER).header("If-None-Match", etag)
                .get(Api.CASES + "/" + caseId).statusCode() == 200);
        String changed = Api.view(VIEWER, caseId).then().body("stage", equalTo("scored")).extract().header("ETag");
        assertThat(changed).isNotEqualTo(etag);
    }

    @Test
    void anotherHospitalsCaseIsA404LikeAMissingOne() {
        String caseId = Events.newCaseId("foreign");
        post(OTHER, caseId);
        Api.view(Tokens.viewer(OTHER), caseId).then().statusCode(200);

        Response foreign = Api.view(VIEWER, caseId);
        Response missing = Api.view(VIEWER, Events.newCaseId("missing"));
        for (Response answer : List.of(foreign, missing)) {
            answer.then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        }
        assertThat(foreign.asString()).isEqualTo(missing.asString());
        assertThat(foreign.asString()).doesNotContain(OTHER);
        assertThat(foreign.getHeader("ETag")).isNull();

        Response foreignHistory = Api.history(VIEWER, caseId);
        Response missingHistory = Api.history(VIEWER, Events.newCaseId("missing"));
        foreignHistory.then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        assertThat(foreignHistory.asString()).isEqualTo(missingHistory.asString());
    }

    @Test
    void caseIdThatCannotExistIs404() {
        Api.view(VIEWER, "-leading-dash").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        Api.view(VIEWER, "x".repeat(65)).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        Api.history(VIEWER, "%20").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void historyListsEventsAndResultsOldestFirst() {
        String caseId = Events.newCaseId("hist");
        ObjectNode first = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-05-01T10:00:00Z"));
        Api.post(Tokens.publisher(HOSPITAL), first.toString()).then().statusCode(202);
        StageResults.send(connector, "case-scored", StageRecords.scored(first));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Api.history(VIEWER, caseId).jsonPath().getList("items").size() == 2);
        ObjectNode stale = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-04-01T10:00:00Z"));
        Api.post(Tokens.publisher(HOSPITAL), stale.toString()).then().statusCode(202).body("status", equalTo("stale"));

        List<Map<String, Object>> trail = Api.history(VIEWER, caseId).then()
                .statusCode(200)
                .contentType("application/json")
                .body("items", hasSize(3))
                .body("hasMore", equalTo(false))
                .extract().jsonPath().getList("items");
        assertThat(trail).extracting(e -> e.get("kind")).containsExactly("event", "stage-result", "event");
        assertThat(trail.get(0)).containsEntry("status", "accepted").containsEntry("eventId", first.get("eventId").asText());
        assertThat(trail.get(1)).containsEntry("stage", "scored").containsEntry("section", "symptomAssessment")
                .containsEntry("knowledgeVersion", "cop-knowledge-v1");
        assertThat(trail.get(2)).containsEntry("status", "stale").containsEntry("occurredAt", "2025-04-01T10:00:00Z");
        List<Instant> times = trail.stream().map(e -> Instant.parse((String) e.get("at"))).toList();
        assertThat(times).isSorted();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) trail.get(0).get("event");
        assertThat(body).containsEntry("caseId", caseId);
    }

    @Test
    void listFiltersAndShowsOnlyTheCallersHospital() {
        String hospital = "h-filter-" + UUID.randomUUID().toString().substring(0, 6);
        String viewer = Tokens.viewer(hospital);
        ObjectNode probable = post(hospital, "c-probable");
        ObjectNode unlikely = post(hospital, "c-unlikely");
        ObjectNode planned = post(hospital, "c-planned");
        post(hospital, "c-received");
        post(OTHER, "c-probable");
        // As the pipeline does: each stage's record on its own topic (each topic fills only its own section).
        StageResults.send(connector, "case-scored", StageRecords.scored(probable));
        StageResults.send(connector, "case-assessed", StageRecords.assessed(probable, "cop-probable"));
        StageResults.send(connector, "case-scored", StageRecords.scored(unlikely));
        StageResults.send(connector, "case-assessed", StageRecords.assessed(unlikely, "op-unlikely"));
        StageResults.send(connector, "case-scored", StageRecords.scored(planned));
        StageResults.send(connector, "case-assessed", StageRecords.assessed(planned, "cop-probable"));
        StageResults.send(connector, "case-planned", StageRecords.planned(planned, "cop-probable", "oral-glucocorticoid"));

        await().atMost(Duration.ofSeconds(60)).until(() -> caseIds(viewer, Map.of("stage", "received")).equals(List.of("c-received")));
        await().atMost(Duration.ofSeconds(60)).until(() -> caseIds(viewer, Map.of()).size() == 4
                && caseIds(viewer, Map.of("stage", "assessed")).size() == 2
                && caseIds(viewer, Map.of("stage", "planned")).size() == 1
                && caseIds(viewer, Map.of("conclusion", "cop-probable")).size() == 2
                && caseIds(viewer, Map.of("recommendation", "oral-glucocorticoid")).size() == 1);
        assertThat(caseIds(viewer, Map.of("conclusion", "cop-probable"))).containsExactlyInAnyOrder("c-probable", "c-planned");
        assertThat(caseIds(viewer, Map.of("conclusion", "op-unlikely"))).containsExactly("c-unlikely");
        assertThat(caseIds(viewer, Map.of("recommendation", "oral-glucocorticoid"))).containsExactly("c-planned");
        assertThat(caseIds(viewer, Map.of("conclusion", "cop-probable", "stage", "assessed"))).containsExactly("c-probable");
        assertThat(caseIds(viewer, Map.of("conclusion", "cop-confirmed"))).isEmpty();
        assertThat(caseIds(viewer, Map.of("updatedAfter", "2999-01-01T00:00:00Z"))).isEmpty();
        assertThat(caseIds(viewer, Map.of("updatedAfter", "2000-01-01T00:00:00+02:00"))).hasSize(4);

        Api.as(viewer).queryParam("recommendation", "oral-glucocorticoid").get(Api.CASES).then()
                .statusCode(200)
                .body("items[0].caseId", equalTo("c-planned"))
                .body("items[0].hospitalId", equalTo(hospital))
                .body("items[0].stage", equalTo("planned"))
                .body("items[0].conclusion", equalTo("cop-probable"))
                .body("items[0].recommendation", equalTo("oral-glucocorticoid"))
                .body("items[0].suspicion", equalTo("high"))
                .body("items[0].severity", equalTo("moderate"))
                .body("items[0].eventId", equalTo(planned.get("eventId").asText()))
                .body("items[0].updatedAt", notNullValue())
                .body("hasMore", equalTo(false))
                .body("nextCursor", notNullValue());
    }

    @Test
    void emptyListHasNullCursor() {
        Api.as(Tokens.viewer("h-empty-" + UUID.randomUUID().toString().substring(0, 6))).get(Api.CASES).then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextCursor", equalTo(null))
                .body("hasMore", equalTo(false));
    }

    static List<String> caseIds(String viewer, Map<String, String> query) {
        return Api.as(viewer).queryParams(query).get(Api.CASES).then().statusCode(200).extract().jsonPath()
                .getList("items.caseId");
    }

    static Stream<Arguments> badQueries() {
        String foreignCursor = Cursor.encode(new Position(Instant.now(), "h-someone-else", "c1"));
        return Stream.of(
                Arguments.of(Map.of("limit", "0"), List.of("limit")),
                Arguments.of(Map.of("limit", "501"), List.of("limit")),
                Arguments.of(Map.of("limit", "ten"), List.of("limit")),
                Arguments.of(Map.of("limit", "-5"), List.of("limit")),
                Arguments.of(Map.of("stage", "done"), List.of("stage")),
                Arguments.of(Map.of("conclusion", "COP-PROBABLE"), List.of("conclusion")),
                Arguments.of(Map.of("recommendation", "surgery"), List.of("recommendation")),
                Arguments.of(Map.of("updatedAfter", "yesterday"), List.of("updatedAfter")),
                Arguments.of(Map.of("updatedAfter", "2025-01-01T00:00:00"), List.of("updatedAfter")),
                Arguments.of(Map.of("cursor", "garbage!"), List.of("cursor")),
                Arguments.of(Map.of("cursor", foreignCursor), List.of("cursor")),
                // CONTRACT 1.1: a date or cursor the database cannot hold is a 400 (it was a 503 from the database).
                Arguments.of(Map.of("updatedAfter", "+300000-01-01T00:00:00Z"), List.of("updatedAfter")),
                Arguments.of(Map.of("updatedAfter", "-5000-01-01T00:00:00Z"), List.of("updatedAfter")),
                Arguments.of(Map.of("cursor", Cursor.encode(new Position(Instant.parse("-5000-01-01T00:00:00Z"), HOSPITAL, "c1"))),
                        List.of("cursor")),
                Arguments.of(Map.of("limt", "10"), List.of("limt")),
                Arguments.of(Map.of("limit", "0", "stage", "x", "updatedAfter", "y"), List.of("limit", "stage", "updatedAfter")));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @MethodSource("badQueries")
    void badQueryIs400NamingEachParameter(Map<String, String> query, List<String> parameters) {
        Api.as(VIEWER).queryParams(query).get(Api.CASES).then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:validation"))
                .body("errors.parameter", containsInAnyOrder(parameters.toArray()))
                .body("errors.message", hasSize(parameters.size()));
    }

    @Test
    void repeatedParameterIs400() {
        Api.as(VIEWER).queryParam("stage", "received").queryParam("stage", "scored").get(Api.CASES).then()
                .statusCode(400)
                .body("errors.parameter", containsInAnyOrder("stage"));
    }

    @Test
    void limitBoundsAreAccepted() {
        Api.as(VIEWER).queryParam("limit", "1").get(Api.CASES).then().statusCode(200);
        Api.as(VIEWER).queryParam("limit", "500").get(Api.CASES).then().statusCode(200);
    }
}
