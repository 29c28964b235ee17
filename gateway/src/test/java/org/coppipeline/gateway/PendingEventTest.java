package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
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
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.intake.CaseEvent;
import org.coppipeline.gateway.intake.CaseEventParser;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.AcceptKind;
import org.coppipeline.gateway.store.Records.AcceptResult;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.KafkaRecords;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/**
 * The intake records an event as pending, publishes it, then settles it. A pending event (its POST stopped between the
 * two, e.g. the gateway died) is in no view, list or history; its body is reserved; a repeat publishes it again and
 * settles it; stage results that outran the settlement are applied by it. The pending state is made here with the
 * store's first step itself, as a POST that stopped right after it would leave it.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class PendingEventTest {

    static final String HOSPITAL = "h-pending";
    static final String VIEWER = Tokens.viewer(HOSPITAL);

    @Inject
    CaseStore store;

    @Inject
    CaseEventParser parser;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    CaseEvent reserved(ObjectNode body) {
        CaseEvent event = parser.parse(body.toString().getBytes(StandardCharsets.UTF_8));
        AcceptResult result = store.reserve(event, AuditEntry.of("stopped-post", HOSPITAL, AuditEntry.POST_EVENT, event.caseId(), null));
        assertThat(result.kind()).isEqualTo(AcceptKind.NEW);
        assertThat(result.needsPublish()).isTrue();
        return event;
    }

    String status(ObjectNode event) {
        return Database.text(dataSource, "SELECT status FROM accepted_event WHERE hospital_id = ? AND event_id = ?", HOSPITAL,
                UUID.fromString(event.get("eventId").asText()));
    }

    int records(ObjectNode event) {
        return KafkaRecords.withEventId(connector.sink("case-events"), event.get("eventId").asText()).size();
    }

    @Test
    void aPendingEventIsInvisibleUntilItsRepeatPublishesAndSettlesIt() {
        String caseId = Events.newCaseId("pending");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        reserved(event);
        assertThat(status(event)).isEqualTo("pending");

        // No view (so in no list either) and no history.
        Api.view(VIEWER, caseId).then().statusCode(404);
        Api.history(VIEWER, caseId).then().statusCode(404);
        assertThat(Database.count(dataSource, "SELECT count(*) FROM case_view WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isZero();
        // Its body is reserved: the same id with another body is a conflict, as for an accepted event.
        ObjectNode changed = event.deepCopy();
        ((ObjectNode) changed.get("patient")).put("ageYears", 60);
        Api.post(Tokens.publisher(HOSPITAL), changed.toString()).then().statusCode(409);
        assertThat(records(event)).isZero();

        Api.post(Tokens.publisher(HOSPITAL), event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        assertThat(records(event)).isEqualTo(1);
        assertThat(status(event)).isEqualTo("accepted");
        Api.view(VIEWER, caseId).then().statusCode(200).body("eventId", equalTo(event.get("eventId").asText()));
        Api.history(VIEWER, caseId).then().statusCode(200).body("items.kind", equalTo(List.of("event")));
        // Settled: a repeat now changes nothing and publishes nothing.
        Api.post(Tokens.publisher(HOSPITAL), event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        assertThat(records(event)).isEqualTo(1);
    }

    @Test
    void resultsThatOutranTheSettlementAreAppliedByIt() {
        String caseId = Events.newCaseId("outrun");
        ObjectNode first = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-10-01T10:00:00Z"));
        Api.post(Tokens.publisher(HOSPITAL), first.toString()).then().statusCode(202);
        ObjectNode second = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-10-02T10:00:00Z"));
        reserved(second);

        UUID secondId = UUID.fromString(second.get("eventId").asText());
        StageResults.send(connector, "case-scored", StageRecords.scored(second));
        await().atMost(Duration.ofSeconds(20)).until(() -> Database.count(dataSource,
                "SELECT count(*) FROM stage_result WHERE hospital_id = ? AND event_id = ?", HOSPITAL, secondId) == 1);
        StageResults.send(connector, "case-assessed", StageRecords.assessed(second, "cop-probable"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Database.count(dataSource,
                "SELECT count(*) FROM stage_result WHERE hospital_id = ? AND event_id = ?", HOSPITAL, secondId) == 2);
        // Recorded, not shown: the view is the first event's, the history has neither the pending event nor its results.
        Api.view(VIEWER, caseId).then().statusCode(200)
                .body("eventId", equalTo(first.get("eventId").asText()))
                .body("stage", equalTo("received"));
        Api.history(VIEWER, caseId).then().statusCode(200).body("items.kind", equalTo(List.of("event")));

        Api.post(Tokens.publisher(HOSPITAL), second.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        JsonPath view = Api.view(VIEWER, caseId).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("eventId")).isEqualTo(second.get("eventId").asText());
        assertThat(view.getString("stage")).isEqualTo("assessed");
        assertThat(view.getString("symptomAssessment.suspicion")).isEqualTo("high");
        assertThat(view.getString("causeAssessment.conclusion")).isEqualTo("cop-probable");
        assertThat(Database.text(dataSource, "SELECT conclusion FROM case_view WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isEqualTo("cop-probable");
        List<String> trail = Api.history(VIEWER, caseId).then().statusCode(200).extract().jsonPath()
                .getList("items.collect { it.kind + ':' + (it.stage ?: it.status) + ':' + it.eventId }");
        String a = first.get("eventId").asText();
        String b = second.get("eventId").asText();
        assertThat(trail).containsExactly("event:accepted:" + a, "event:accepted:" + b, "stage-result:scored:" + b,
                "stage-result:assessed:" + b);
    }

    /**
     * A plan that outran its cause assessment while the event was pending: the settlement shows only the contiguous
     * run (scored), the plan waits in the history until the cause assessment arrives, then the stage jumps to planned.
     */
    @Test
    void theSettlementShowsOnlyTheContiguousRunOfResultsThatOutranIt() {
        String caseId = Events.newCaseId("outrun-gap");
        ObjectNode event = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-10-03T10:00:00Z"));
        reserved(event);
        UUID eventId = UUID.fromString(event.get("eventId").asText());
        StageResults.send(connector, "case-scored", StageRecords.scored(event));
        StageResults.send(connector, "case-planned", StageRecords.planned(event, "cop-probable", "oral-glucocorticoid"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Database.count(dataSource,
                "SELECT count(*) FROM stage_result WHERE hospital_id = ? AND event_id = ?", HOSPITAL, eventId) == 2);

        Api.post(Tokens.publisher(HOSPITAL), event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        Api.view(VIEWER, caseId).then().statusCode(200)
                .body("stage", equalTo("scored"))
                .body("symptomAssessment.suspicion", equalTo("high"))
                .body("causeAssessment", nullValue())
                .body("treatmentPlan", nullValue());
        assertThat(Database.text(dataSource, "SELECT coalesce(recommendation, '-') FROM case_view WHERE hospital_id = ? "
                + "AND case_id = ?", HOSPITAL, caseId)).isEqualTo("-");

        StageResults.send(connector, "case-assessed", StageRecords.assessed(event, "cop-probable"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "planned".equals(
                Api.view(VIEWER, caseId).then().statusCode(200).extract().jsonPath().getString("stage")));
        JsonPath view = Api.view(VIEWER, caseId).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("causeAssessment.conclusion")).isEqualTo("cop-probable");
        assertThat(view.getString("treatmentPlan.recommendation")).isEqualTo("oral-glucocorticoid");
    }
}
