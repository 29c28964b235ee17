package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
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

import org.coppipeline.gateway.messaging.StageResultReader;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/** The projector: stage results of the current event advance the view; anything else only enters the history. */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class ProjectorTest {

    static final String HOSPITAL = "h-proj";
    static final String PUBLISHER = Tokens.publisher(HOSPITAL);
    static final String VIEWER = Tokens.viewer(HOSPITAL);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CaseStore store;

    @Inject
    StageResultReader reader;

    ObjectNode posted(String caseId, Instant occurredAt) {
        ObjectNode event = Events.event(UUID.randomUUID(), HOSPITAL, caseId, occurredAt);
        Api.post(PUBLISHER, event.toString()).then().statusCode(202);
        return event;
    }

    void send(String topic, String record) {
        StageResults.send(connector, topic, record);
    }

    long results(ObjectNode event) {
        return Database.count(dataSource, "SELECT count(*) FROM stage_result WHERE event_id = ?",
                UUID.fromString(event.get("eventId").asText()));
    }

    JsonPath view(String caseId) {
        return Api.view(VIEWER, caseId).then().statusCode(200).extract().jsonPath();
    }

    void awaitStage(String caseId, String stage) {
        await().atMost(Duration.ofSeconds(60)).until(() -> stage.equals(view(caseId).getString("stage")));
    }

    @Test
    void resultsOfTheCurrentEventAdvanceTheViewStageByStage() {
        String caseId = Events.newCaseId("flow");
        ObjectNode event = posted(caseId, Instant.parse("2025-04-01T09:00:00Z"));
        String etag = Api.view(VIEWER, caseId).then().extract().header("ETag");

        send("case-scored", StageRecords.scored(event));
        awaitStage(caseId, "scored");
        JsonPath scored = view(caseId);
        assertThat(scored.getString("symptomAssessment.suspicion")).isEqualTo("high");
        assertThat(scored.getInt("symptomAssessment.suspicionScore")).isEqualTo(9);
        assertThat(scored.getString("causeAssessment")).isNull();
        assertThat(Api.view(VIEWER, caseId).then().extract().header("ETag")).isNotEqualTo(etag);

        send("case-assessed", StageRecords.assessed(event, "cop-probable"));
        awaitStage(caseId, "assessed");
        assertThat(view(caseId).getString("causeAssessment.conclusion")).isEqualTo("cop-probable");

        send("case-planned", StageRecords.planned(event, "cop-probable", "oral-glucocorticoid"));
        awaitStage(caseId, "planned");
        JsonPath planned = view(caseId);
        assertThat(planned.getString("treatmentPlan.recommendation")).isEqualTo("oral-glucocorticoid");
        assertThat(planned.getString("symptomAssessment.suspicion")).isEqualTo("high");
        assertThat(planned.getString("eventId")).isEqualTo(event.get("eventId").asText());
        assertThat(Database.text(dataSource, "SELECT conclusion || ' ' || recommendation FROM case_view WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isEqualTo("cop-probable oral-glucocorticoid");
        assertThat(results(event)).isEqualTo(3);
    }

    @Test
    void lateResultsOfAnOlderEventDoNotOverwriteTheNewerPicture() {
        String caseId = Events.newCaseId("late");
        ObjectNode older = posted(caseId, Instant.parse("2025-04-01T09:00:00Z"));
        ObjectNode newer = posted(caseId, Instant.parse("2025-04-02T09:00:00Z"));

        send("case-scored", StageRecords.scored(newer));
        awaitStage(caseId, "scored");
        String etag = Api.view(VIEWER, caseId).then().extract().header("ETag");

        // One at a time, so that the history's order is known.
        send("case-scored", StageRecords.scored(older));
        await().atMost(Duration.ofSeconds(60)).until(() -> results(older) == 1);
        send("case-assessed", StageRecords.assessed(older, "op-unlikely"));
        await().atMost(Duration.ofSeconds(60)).until(() -> results(older) == 2);
        send("case-planned", StageRecords.planned(older, "op-unlikely", "no-op-treatment"));
        await().atMost(Duration.ofSeconds(60)).until(() -> results(older) == 3);

        JsonPath view = view(caseId);
        assertThat(view.getString("eventId")).isEqualTo(newer.get("eventId").asText());
        assertThat(view.getString("stage")).isEqualTo("scored");
        assertThat(view.getString("causeAssessment")).isNull();
        Api.view(VIEWER, caseId).then().header("ETag", etag);

        // The history keeps every result, of both events, oldest first.
        List<Map<String, Object>> entries = Api.history(VIEWER, caseId).then().statusCode(200).extract().jsonPath()
                .getList("items");
        List<String> trail = entries.stream()
                .map(e -> e.get("kind") + ":" + (e.get("stage") != null ? e.get("stage") : e.get("status")) + ":" + e.get("eventId"))
                .toList();
        assertThat(entries).allSatisfy(e -> assertThat(e.get("at")).isNotNull());
        assertThat(entries.stream().filter(e -> "stage-result".equals(e.get("kind"))))
                .allSatisfy(e -> assertThat(e.get("result")).isInstanceOf(Map.class));
        assertThat(entries.stream().filter(e -> "event".equals(e.get("kind"))))
                .allSatisfy(e -> assertThat(e.get("event")).isInstanceOf(Map.class));
        String o = older.get("eventId").asText();
        String n = newer.get("eventId").asText();
        assertThat(trail).containsExactly(
                "event:accepted:" + o, "event:accepted:" + n,
                "stage-result:scored:" + n,
                "stage-result:scored:" + o, "stage-result:assessed:" + o, "stage-result:planned:" + o);
    }

    @Test
    void aPlanThatOvertakesTheEarlierStagesWaitsForThem() {
        String caseId = Events.newCaseId("order");
        ObjectNode event = posted(caseId, Instant.parse("2025-04-03T09:00:00Z"));
        // The three topics are consumed independently: a planned result can overtake the scored one. It is stored (the
        // history shows it) but the view shows no treatment advice before the assessments it rests on.
        send("case-planned", StageRecords.planned(event, "cop-confirmed", "iv-glucocorticoid"));
        await().atMost(Duration.ofSeconds(60)).until(() -> results(event) == 1);
        JsonPath early = view(caseId);
        assertThat(early.getString("stage")).isEqualTo("received");
        assertThat(early.getString("treatmentPlan")).isNull();
        assertThat(early.getString("symptomAssessment")).isNull();
        assertThat(early.getString("causeAssessment")).isNull();
        Api.history(VIEWER, caseId).then().statusCode(200).body("items.stage", hasItem("planned"));

        send("case-scored", StageRecords.scored(event));
        awaitStage(caseId, "scored");
        assertThat(view(caseId).getString("treatmentPlan")).isNull();
        send("case-assessed", StageRecords.assessed(event, "cop-confirmed"));
        // The missing section arrives: the stage jumps to planned, the waiting plan with it.
        awaitStage(caseId, "planned");
        JsonPath view = view(caseId);
        assertThat(view.getString("treatmentPlan.recommendation")).isEqualTo("iv-glucocorticoid");
        // The planned record carries the earlier sections too, but only its own is written (CONTRACT 1.1).
        assertThat(view.getString("symptomAssessment.suspicion")).isEqualTo("high");
        assertThat(view.getString("causeAssessment.conclusion")).isEqualTo("cop-confirmed");
        assertThat(Database.text(dataSource, "SELECT conclusion || ' ' || recommendation FROM case_view WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isEqualTo("cop-confirmed iv-glucocorticoid");
    }

    /**
     * CONTRACT 1.1: from each topic only the section its stage owns is written. A forged case-scored record carrying a
     * treatmentPlan and a causeAssessment neither changes the view's plan nor puts one where there was none.
     */
    @Test
    void aForgedCaseScoredRecordCarryingATreatmentPlanDoesNotChangeTheViewsPlan() {
        String planned = Events.newCaseId("forged");
        ObjectNode plannedEvent = posted(planned, Instant.parse("2025-04-11T09:00:00Z"));
        send("case-planned", StageRecords.planned(plannedEvent, "cop-probable", "oral-glucocorticoid"));
        await().atMost(Duration.ofSeconds(20)).until(() -> results(plannedEvent) == 1);

        String fresh = Events.newCaseId("forged");
        ObjectNode freshEvent = posted(fresh, Instant.parse("2025-04-11T09:00:00Z"));

        for (ObjectNode event : List.of(plannedEvent, freshEvent)) {
            ObjectNode forged = (ObjectNode) NoPhiInLogsTest.readTree(StageRecords.scored(event));
            forged.set("treatmentPlan", StageRecords.treatmentPlan("no-op-treatment", "mild"));
            forged.set("causeAssessment", StageRecords.causeAssessment("op-unlikely"));
            send("case-scored", forged.toString());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> results(plannedEvent) == 2 && results(freshEvent) == 1);

        JsonPath waiting = view(planned);
        assertThat(waiting.getString("stage")).isEqualTo("scored");
        assertThat(waiting.getString("symptomAssessment.suspicion")).as("the scored record's own section").isEqualTo("high");
        assertThat(waiting.getString("causeAssessment")).isNull();
        assertThat(waiting.getString("treatmentPlan")).as("waits for the cause assessment").isNull();
        // Once the real cause assessment arrives, the plan shown is the planned record's, not the forged one.
        send("case-assessed", StageRecords.assessed(plannedEvent, "cop-probable"));
        awaitStage(planned, "planned");
        JsonPath kept = view(planned);
        assertThat(kept.getString("treatmentPlan.recommendation")).isEqualTo("oral-glucocorticoid");
        assertThat(kept.getString("treatmentPlan.severity")).isEqualTo("moderate");
        assertThat(kept.getString("causeAssessment.conclusion")).isEqualTo("cop-probable");

        JsonPath scored = view(fresh);
        assertThat(scored.getString("stage")).isEqualTo("scored");
        assertThat(scored.getString("treatmentPlan")).isNull();
        assertThat(scored.getString("causeAssessment")).isNull();
        assertThat(Database.text(dataSource, "SELECT coalesce(conclusion, '-') || ' ' || coalesce(recommendation, '-') FROM case_view "
                + "WHERE hospital_id = ? AND case_id = ?", HOSPITAL, fresh)).isEqualTo("- -");
        assertThat(Database.text(dataSource, "SELECT conclusion || ' ' || recommendation FROM case_view "
                + "WHERE hospital_id = ? AND case_id = ?", HOSPITAL, planned)).isEqualTo("cop-probable oral-glucocorticoid");
        // The history keeps what the stage produced: the scored result holds only the symptom assessment.
        assertThat(Database.text(dataSource, "SELECT string_agg(section, ',') FROM stage_result WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, fresh)).isEqualTo("symptomAssessment");
    }

    @Test
    void redeliveredResultIsKeptOnce() {
        String caseId = Events.newCaseId("dup");
        ObjectNode event = posted(caseId, Instant.parse("2025-04-04T09:00:00Z"));
        send("case-scored", StageRecords.scored(event));
        awaitStage(caseId, "scored");
        String etag = Api.view(VIEWER, caseId).then().extract().header("ETag");
        send("case-scored", StageRecords.scored(event));
        // A marker record behind the duplicate on the same channel: once it is applied, the duplicate was handled.
        ObjectNode marker = posted(Events.newCaseId("marker"), Instant.parse("2025-04-04T09:00:00Z"));
        send("case-scored", StageRecords.scored(marker));
        await().atMost(Duration.ofSeconds(60)).until(() -> results(marker) == 1);
        assertThat(results(event)).isEqualTo(1);
        Api.view(VIEWER, caseId).then().header("ETag", etag);
    }

    @Test
    void newEventAfterPlannedStartsOverAtReceived() {
        String caseId = Events.newCaseId("again");
        ObjectNode first = posted(caseId, Instant.parse("2025-04-05T09:00:00Z"));
        send("case-scored", StageRecords.scored(first));
        send("case-assessed", StageRecords.assessed(first, "cop-probable"));
        send("case-planned", StageRecords.planned(first, "cop-probable", "observe"));
        awaitStage(caseId, "planned");
        ObjectNode second = posted(caseId, Instant.parse("2025-04-06T09:00:00Z"));
        Api.view(VIEWER, caseId).then()
                .body("stage", equalTo("received"))
                .body("eventId", equalTo(second.get("eventId").asText()))
                .body("treatmentPlan", nullValue())
                .body("symptomAssessment", nullValue());
        assertThat(Database.text(dataSource, "SELECT coalesce(conclusion, 'none') FROM case_view WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isEqualTo("none");
    }

    @Test
    void resultOfAnUnknownEventIsIgnored() {
        String caseId = Events.newCaseId("ghost");
        ObjectNode ghost = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-04-07T09:00:00Z"));
        send("case-scored", StageRecords.scored(ghost));
        ObjectNode marker = posted(Events.newCaseId("marker"), Instant.parse("2025-04-07T09:00:00Z"));
        send("case-scored", StageRecords.scored(marker));
        await().atMost(Duration.ofSeconds(60)).until(() -> results(marker) == 1);
        assertThat(results(ghost)).isZero();
        Api.view(VIEWER, caseId).then().statusCode(404);
    }

    @Test
    void unusableRecordsAreRefusedAndTheChannelGoesOn() {
        String caseId = Events.newCaseId("poison");
        ObjectNode event = posted(caseId, Instant.parse("2025-04-08T09:00:00Z"));
        ObjectNode noSection = event.deepCopy();
        ObjectNode otherHospital = event.deepCopy();
        otherHospital.put("hospitalId", "h-other");
        otherHospital.set("symptomAssessment", StageRecords.symptomAssessment(1, "low"));
        ObjectNode sectionNotObject = event.deepCopy().put("symptomAssessment", "high");
        ObjectNode badEventId = event.deepCopy().put("eventId", "nope");
        badEventId.set("symptomAssessment", StageRecords.symptomAssessment(1, "low"));
        for (String poison : List.of("not json {", "[]", "\"text\"", noSection.toString(), otherHospital.toString(),
                sectionNotObject.toString(), badEventId.toString())) {
            send("case-scored", poison);
        }
        send("case-scored", StageRecords.scored(event));
        awaitStage(caseId, "scored");
        assertThat(results(event)).isEqualTo(1);
        assertThat(view(caseId).getInt("symptomAssessment.suspicionScore")).isEqualTo(9);
    }

    /** What a poll of several records becomes: one transaction, one outcome per result in order. */
    @Test
    void aBatchOfResultsIsWrittenTogetherWithAnOutcomeEach() {
        ObjectNode first = posted(Events.newCaseId("batch"), Instant.parse("2025-04-09T09:00:00Z"));
        ObjectNode second = posted(Events.newCaseId("batch"), Instant.parse("2025-04-09T09:00:00Z"));
        ObjectNode ghost = Events.event(UUID.randomUUID(), HOSPITAL, Events.newCaseId("batch"), Instant.parse("2025-04-09T09:00:00Z"));
        List<StageResult> batch = List.of(
                reader.read(Stage.SCORED, StageRecords.scored(second)),
                reader.read(Stage.SCORED, StageRecords.scored(first)),
                reader.read(Stage.SCORED, StageRecords.scored(ghost)),
                reader.read(Stage.SCORED, StageRecords.scored(first)));

        assertThat(store.project(batch)).containsExactly(
                ProjectionOutcome.APPLIED, ProjectionOutcome.APPLIED, ProjectionOutcome.UNKNOWN_EVENT, ProjectionOutcome.DUPLICATE);
        assertThat(view(first.get("caseId").asText()).getString("stage")).isEqualTo("scored");
        assertThat(view(second.get("caseId").asText()).getString("stage")).isEqualTo("scored");
        assertThat(results(first)).isEqualTo(1);
        assertThat(results(ghost)).isZero();
    }

    /**
     * Batches that share cases, written at the same time from several threads in opposite orders: the cases' locks
     * are taken in one fixed order, so none waits for another crosswise (a deadlock would abort one with 40P01).
     */
    @Test
    void batchesSharingCasesInOppositeOrdersDoNotDeadlock() throws Exception {
        List<ObjectNode> events = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(posted(Events.newCaseId("lockorder"), Instant.parse("2025-04-10T09:00:00Z")));
        }
        List<StageResult> forward = events.stream().map(e -> reader.read(Stage.SCORED, StageRecords.scored(e))).toList();
        List<StageResult> backward = new java.util.ArrayList<>(events.stream()
                .map(e -> reader.read(Stage.ASSESSED, StageRecords.assessed(e, "cop-probable"))).toList());
        java.util.Collections.reverse(backward);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                var a = pool.submit(() -> store.project(forward));
                var b = pool.submit(() -> store.project(backward));
                assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS)).hasSize(6);
                assertThat(b.get(30, java.util.concurrent.TimeUnit.SECONDS)).hasSize(6);
            }
        } finally {
            pool.shutdownNow();
        }
        for (ObjectNode event : events) {
            assertThat(view(event.get("caseId").asText()).getString("stage")).isEqualTo("assessed");
        }
    }
}
