package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.KafkaRecords;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 1.1: an eventId is unique within its hospitalId. Another hospital reusing it gets its own 202 (never a 409
 * that would reveal the id exists elsewhere), through the intake, the projector and the history.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class PerHospitalEventIdTest {

    static final String A = "h-ids-a";
    static final String B = "h-ids-b";

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void hospitalBReusingAsEventIdGetsItsOwn202AndItsOwnCase() {
        UUID eventId = UUID.randomUUID();
        String caseA = Events.newCaseId("ids");
        String caseB = Events.newCaseId("ids");
        ObjectNode eventA = Events.event(eventId, A, caseA, Instant.parse("2025-09-01T10:00:00Z"));
        ObjectNode eventB = Events.event(eventId, B, caseB, Instant.parse("2025-09-02T10:00:00Z"));

        Api.post(Tokens.publisher(A), eventA.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        Api.post(Tokens.publisher(B), eventB.toString()).then()
                .statusCode(202)
                .header("Location", "/api/v1/cases/" + caseB)
                .body("eventId", equalTo(eventId.toString()))
                .body("status", equalTo("accepted"));
        // Each hospital's repeat is its own repeat; a different body within a hospital is still a conflict.
        Api.post(Tokens.publisher(B), eventB.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        Api.post(Tokens.publisher(A), eventA.toString()).then().statusCode(202);
        Api.post(Tokens.publisher(B), eventB.deepCopy().put("caseId", caseA).toString()).then().statusCode(409);

        assertThat(Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE event_id = ?", eventId)).isEqualTo(2);
        assertThat(KafkaRecords.withEventId(connector.sink("case-events"), eventId.toString()))
                .extracting(KafkaRecords::key).containsExactlyInAnyOrder(A + "/" + caseA, B + "/" + caseB);

        // The projector looks the event up within the record's hospital: B's result advances B's case only.
        StageResults.send(connector, "case-scored", StageRecords.scored(eventB));
        await().atMost(Duration.ofSeconds(20)).until(
                () -> "scored".equals(Api.view(Tokens.viewer(B), caseB).then().extract().jsonPath().getString("stage")));
        Api.view(Tokens.viewer(A), caseA).then().statusCode(200).body("stage", equalTo("received"))
                .body("eventId", equalTo(eventId.toString()));
        Api.view(Tokens.viewer(A), caseB).then().statusCode(404);

        Api.history(Tokens.viewer(A), caseA).then().statusCode(200)
                .body("items.kind", equalTo(List.of("event")))
                .body("items[0].event.hospitalId", equalTo(A));
        Api.history(Tokens.viewer(B), caseB).then().statusCode(200)
                .body("items.kind", equalTo(List.of("event", "stage-result")))
                .body("items[0].event.hospitalId", equalTo(B));
    }
}
