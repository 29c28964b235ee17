package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.messaging.StageResultReader;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.StageResults.Batch;
import org.coppipeline.gateway.support.StageResults.DeadLetter;
import org.coppipeline.gateway.support.Tokens;

/**
 * The projector's batches (one consumer for the three stage topics, one set-based write per poll): a batch gives what
 * its records give one by one. Most tests run the same cases, events and records in two hospitals ("twins": the same
 * case and event ids, event ids being unique per hospital only): one gets the records in one polled batch, the other
 * one record per poll, each acknowledged before the next is sent; views and histories must then be the same.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class ProjectorBatchTest {

    static final String BATCHED = "h-batch-a";
    static final String ONE_BY_ONE = "h-batch-b";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Instant EARLIER = Instant.parse("2025-05-01T09:00:00Z");
    static final Instant LATER = Instant.parse("2025-05-02T09:00:00Z");

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CaseStore store;

    @Inject
    StageResultReader reader;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** A record of a stage topic, written for one hospital (its hospitalId and key follow the hospital). */
    record Sent(String topic, ObjectNode value) {

        String value(String hospital) {
            return value.deepCopy().put("hospitalId", hospital).toString();
        }

        String key(String hospital) {
            return hospital + "/" + value.get("caseId").asText();
        }
    }

    static ObjectNode event(String caseId, UUID eventId, Instant occurredAt) {
        return Events.event(eventId, BATCHED, caseId, occurredAt);
    }

    /** Posts the event in both hospitals. */
    static void postTwins(ObjectNode event) {
        for (String hospital : List.of(BATCHED, ONE_BY_ONE)) {
            Api.post(Tokens.publisher(hospital), event.deepCopy().put("hospitalId", hospital).toString())
                    .then().statusCode(202);
        }
    }

    static ObjectNode posted(String caseId, Instant occurredAt) {
        ObjectNode event = event(caseId, UUID.randomUUID(), occurredAt);
        postTwins(event);
        return event;
    }

    static Sent scored(ObjectNode event) {
        return new Sent("case-scored", read(StageRecords.scored(event)));
    }

    static Sent assessed(ObjectNode event, String conclusion) {
        return new Sent("case-assessed", read(StageRecords.assessed(event, conclusion)));
    }

    static Sent planned(ObjectNode event, String conclusion, String recommendation) {
        return new Sent("case-planned", read(StageRecords.planned(event, conclusion, recommendation)));
    }

    static ObjectNode read(String json) {
        return (ObjectNode) NoPhiInLogsTest.readTree(json);
    }

    /** The records in one poll for the batched hospital, one poll each for the other; returns once all are handled. */
    void apply(List<Sent> records) {
        Batch batch = StageResults.batch();
        for (Sent record : records) {
            batch.add(record.topic(), record.key(BATCHED), record.value(BATCHED));
        }
        batch.send(connector);
        await().atMost(WAIT).until(batch::handled);
        assertThat(batch.deadLetters()).isEmpty();
        for (Sent record : records) {
            Batch single = StageResults.batch().add(record.topic(), record.key(ONE_BY_ONE), record.value(ONE_BY_ONE))
                    .send(connector);
            await().atMost(WAIT).until(single::handled);
            assertThat(single.deadLetters()).isEmpty();
        }
    }

    /** The view's row as stored (sections as text), version included; null when the case has none. */
    List<String> view(String hospital, String caseId) {
        return rows("""
                SELECT event_id::text, stage, symptom_assessment::text, cause_assessment::text, treatment_plan::text,
                       conclusion, recommendation, version::text
                FROM case_view WHERE hospital_id = ? AND case_id = ?""", hospital, caseId);
    }

    /** The case's stored results in history order. */
    List<String> results(String hospital, String caseId) {
        return rows("""
                SELECT event_id::text || ' ' || stage || ' ' || section || ' ' || coalesce(knowledge_version, '-') || ' '
                       || result::text
                FROM stage_result WHERE hospital_id = ? AND case_id = ? ORDER BY recorded_at, id""", hospital, caseId);
    }

    /** The case's history as the API answers it (kind, stage or status, event, result), times left out. */
    static List<String> history(String hospital, String caseId) {
        List<Map<String, Object>> items = Api.history(Tokens.viewer(hospital), caseId).then().statusCode(200).extract()
                .jsonPath().getList("items");
        return items.stream().map(item -> item.get("kind") + " " + (item.get("stage") != null ? item.get("stage")
                : item.get("status")) + " " + item.get("eventId") + " " + item.get("result")).toList();
    }

    void assertSameAsOneByOne(String caseId) {
        assertThat(view(BATCHED, caseId)).isEqualTo(view(ONE_BY_ONE, caseId));
        assertThat(results(BATCHED, caseId)).isEqualTo(results(ONE_BY_ONE, caseId));
        assertThat(history(BATCHED, caseId)).isEqualTo(history(ONE_BY_ONE, caseId));
    }

    List<String> rows(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c > 1 ? " | " : "").append(result.getString(c));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long version(String hospital, String caseId) {
        return Long.parseLong(rows("SELECT version FROM case_view WHERE hospital_id = ? AND case_id = ?", hospital, caseId)
                .get(0));
    }

    @Test
    void aPoisonRecordBetweenGoodOnesGoesAloneToItsTopicsDeadLetterQueue() {
        ObjectNode first = posted(Events.newCaseId("poison"), EARLIER);
        ObjectNode second = posted(Events.newCaseId("poison"), EARLIER);
        String firstKey = BATCHED + "/" + first.get("caseId").asText();
        String secondKey = BATCHED + "/" + second.get("caseId").asText();
        ObjectNode noPlan = first.deepCopy();

        Batch batch = StageResults.batch()
                .add("case-scored", firstKey, scored(first).value(BATCHED))
                .add("case-scored", secondKey, "not json {")
                .add("case-scored", BATCHED + "/someone-else", scored(second).value(BATCHED))
                .add("case-scored", secondKey, scored(second).value(BATCHED))
                .add("case-assessed", firstKey, assessed(first, "cop-probable").value(BATCHED))
                .add("case-planned", firstKey, noPlan.toString())
                .send(connector);
        await().atMost(WAIT).until(batch::handled);

        assertThat(batch.deadLetters()).extracting(DeadLetter::topic, DeadLetter::deadLetterStage).containsExactly(
                org.assertj.core.groups.Tuple.tuple("case-scored-gateway-dlq", "gateway-projector"),
                org.assertj.core.groups.Tuple.tuple("case-scored-gateway-dlq", "gateway-projector"),
                org.assertj.core.groups.Tuple.tuple("case-planned-gateway-dlq", "gateway-projector"));
        assertThat(batch.deadLetters()).extracting(DeadLetter::reason).satisfiesExactly(
                reason -> assertThat(reason).startsWith("value is not valid JSON"),
                reason -> assertThat(reason).isEqualTo("hospitalId/caseId differ from the record key"),
                reason -> assertThat(reason).isEqualTo("missing object /treatmentPlan"));
        assertThat(batch.deadLetters().get(0).value()).isEqualTo("not json {");

        // The rest of the batch is written, and the batch acknowledged (the scored and assessed partitions committed).
        assertThat(view(BATCHED, first.get("caseId").asText()).get(0)).contains(" | assessed | ");
        assertThat(view(BATCHED, second.get("caseId").asText()).get(0)).contains(" | scored | ");
        assertThat(results(BATCHED, first.get("caseId").asText())).hasSize(2);
        assertThat(results(BATCHED, second.get("caseId").asText())).hasSize(1);
        assertThat(batch.committedOffsets()).hasSize(2);
    }

    @Test
    void twoRecordsOfOneCaseInOneBatchGiveWhatOneByOneGivesInEitherOrder() {
        for (boolean scoredFirst : List.of(true, false)) {
            String caseId = Events.newCaseId("pair");
            ObjectNode event = posted(caseId, EARLIER);
            long before = version(BATCHED, caseId);
            Sent scored = scored(event);
            Sent assessed = assessed(event, "cop-probable");
            apply(scoredFirst ? List.of(scored, assessed) : List.of(assessed, scored));

            assertSameAsOneByOne(caseId);
            assertThat(view(BATCHED, caseId).get(0)).contains(" | assessed | ").contains(" | cop-probable | ");
            assertThat(version(BATCHED, caseId)).as("one version per applied result").isEqualTo(before + 2);
        }
        // Two events of one case on one topic, in both orders: only the current (later) event's result fills the view.
        for (boolean olderFirst : List.of(true, false)) {
            String caseId = Events.newCaseId("pair");
            ObjectNode older = posted(caseId, EARLIER);
            ObjectNode newer = posted(caseId, LATER);
            apply(olderFirst ? List.of(scored(older), scored(newer)) : List.of(scored(newer), scored(older)));

            assertSameAsOneByOne(caseId);
            assertThat(view(BATCHED, caseId).get(0)).startsWith(newer.get("eventId").asText() + " | scored | ");
        }
    }

    @Test
    void aForeignSectionInABatchWritesOnlyTheOwnedSection() {
        String caseId = Events.newCaseId("foreign");
        ObjectNode event = posted(caseId, EARLIER);
        String otherCase = Events.newCaseId("foreign");
        ObjectNode other = posted(otherCase, EARLIER);
        ObjectNode forged = scored(event).value();
        forged.set("treatmentPlan", StageRecords.treatmentPlan("no-op-treatment", "mild"));
        forged.set("causeAssessment", StageRecords.causeAssessment("op-unlikely"));
        apply(List.of(new Sent("case-scored", forged), planned(other, "cop-probable", "oral-glucocorticoid")));

        assertSameAsOneByOne(caseId);
        assertSameAsOneByOne(otherCase);
        // event | stage | symptoms | causes | plan | conclusion | recommendation | version
        String[] view = view(BATCHED, caseId).get(0).split(" \\| ");
        assertThat(view[1]).isEqualTo("scored");
        assertThat(view[2]).contains("\"suspicion\":\"high\"");
        assertThat(view[3]).isEqualTo("null");
        assertThat(view[4]).isEqualTo("null");
        assertThat(view[5]).isEqualTo("null");
        assertThat(view[6]).isEqualTo("null");
        assertThat(results(BATCHED, caseId)).singleElement().asString().contains(" scored symptomAssessment ")
                .doesNotContain("no-op-treatment");
        // The other case's plan is stored but waits for its symptom and cause assessments before the view shows it.
        assertThat(view(BATCHED, otherCase).get(0)).contains(" | received | ").doesNotContain("oral-glucocorticoid");
        assertThat(results(BATCHED, otherCase)).singleElement().asString().contains(" planned treatmentPlan ")
                .contains("oral-glucocorticoid");
    }

    @Test
    void aDuplicateInTheSameBatchIsWrittenOnce() {
        String caseId = Events.newCaseId("twice");
        ObjectNode event = posted(caseId, EARLIER);
        long before = version(BATCHED, caseId);
        Sent first = scored(event);
        Sent changed = scored(event);
        ((ObjectNode) changed.value().get("symptomAssessment")).put("suspicionScore", 3);
        apply(List.of(first, first, changed));

        assertSameAsOneByOne(caseId);
        assertThat(results(BATCHED, caseId)).singleElement().asString().contains("\"suspicionScore\":9");
        assertThat(view(BATCHED, caseId).get(0)).contains("\"suspicionScore\":9");
        assertThat(version(BATCHED, caseId)).isEqualTo(before + 1);
    }

    @Test
    void theHistoryAfterBatchWritesEqualsTheOneByOneHistory() {
        String caseId = Events.newCaseId("trail");
        ObjectNode older = posted(caseId, EARLIER);
        ObjectNode newer = posted(caseId, LATER);
        // Across the three topics, both events, in the order a poll hands them over (grouped by partition).
        apply(List.of(scored(newer), scored(older), assessed(older, "op-unlikely"), assessed(newer, "cop-probable"),
                planned(newer, "cop-probable", "oral-glucocorticoid"), planned(older, "op-unlikely", "no-op-treatment")));
        // A second batch: redeliveries of the first (a consumer restarted before its commit) and nothing new.
        apply(List.of(scored(newer), planned(newer, "cop-probable", "oral-glucocorticoid")));

        assertSameAsOneByOne(caseId);
        assertThat(history(BATCHED, caseId)).hasSize(8);
        assertThat(view(BATCHED, caseId).get(0)).startsWith(newer.get("eventId").asText() + " | planned | ");
    }

    /** The case's view as the API answers it: status 200, its ETag and body. */
    static io.restassured.response.Response apiView(String caseId) {
        return Api.view(Tokens.viewer(BATCHED), caseId).then().statusCode(200).extract().response();
    }

    /** The ids of the batched hospital's cases the list answers for one filter (one page of at most 500). */
    static List<String> listed(String parameter, String value) {
        return Api.as(Tokens.viewer(BATCHED)).queryParam(parameter, value).queryParam("limit", 500).get("/api/v1/cases")
                .then().statusCode(200).extract().jsonPath().getList("items.caseId", String.class);
    }

    /** The view shows only its contiguous run: this stage, its sections, none of a later stage's. */
    static void assertShowsOnly(String caseId, String stage) {
        io.restassured.response.Response view = apiView(caseId);
        assertThat(view.jsonPath().getString("stage")).isEqualTo(stage);
        int run = List.of("received", "scored", "assessed", "planned").indexOf(stage);
        List<String> sections = List.of("symptomAssessment", "causeAssessment", "treatmentPlan");
        Map<String, Object> body = view.jsonPath().getMap("$");
        for (int i = 0; i < sections.size(); i++) {
            assertThat(body.get(sections.get(i)) != null).as(sections.get(i)).isEqualTo(i < run);
        }
    }

    /**
     * Sections that arrive ahead of an earlier stage's (each topic is projected on its own): the view, its ETag and
     * the list show only the contiguous run, the history every stored result; once the missing section arrives the
     * stage jumps to the furthest one, with every section.
     */
    @Test
    void aSectionAheadOfAnEarlierOneWaitsUntilTheGapIsFilled() {
        // One batch: scored, and planned before assessed; assessed in a later poll.
        String caseId = Events.newCaseId("ahead");
        ObjectNode event = posted(caseId, EARLIER);
        apply(List.of(scored(event)));
        String scoredTag = apiView(caseId).header("ETag");
        apply(List.of(planned(event, "cop-probable", "oral-glucocorticoid"), scored(event)));

        assertSameAsOneByOne(caseId);
        assertShowsOnly(caseId, "scored");
        assertThat(apiView(caseId).header("ETag")).as("the view did not change").isEqualTo(scoredTag);
        assertThat(view(BATCHED, caseId).get(0)).endsWith(" | null | null | " + version(BATCHED, caseId));
        assertThat(history(BATCHED, caseId)).extracting(entry -> entry.split(" ")[1])
                .containsExactly("accepted", "scored", "planned");
        // The list shows a row once it is older than its visibility delay: seen there as scored first, then the
        // filters of a later stage are checked on a visible row.
        await().atMost(WAIT).until(() -> listed("stage", "scored").contains(caseId));
        assertThat(listed("stage", "planned")).doesNotContain(caseId);
        assertThat(listed("recommendation", "oral-glucocorticoid")).doesNotContain(caseId);

        apply(List.of(assessed(event, "cop-probable")));

        assertSameAsOneByOne(caseId);
        assertShowsOnly(caseId, "planned");
        assertThat(apiView(caseId).header("ETag")).isNotEqualTo(scoredTag);
        assertThat(apiView(caseId).jsonPath().getString("treatmentPlan.recommendation")).isEqualTo("oral-glucocorticoid");
        assertThat(view(BATCHED, caseId).get(0)).contains(" | cop-probable | oral-glucocorticoid | ");
        await().atMost(WAIT).until(() -> listed("stage", "planned").contains(caseId));
        assertThat(listed("recommendation", "oral-glucocorticoid")).contains(caseId);
        assertThat(listed("conclusion", "cop-probable")).contains(caseId);
        assertThat(listed("stage", "scored")).doesNotContain(caseId);

        // Across three polls: planned, then assessed, then scored.
        String late = Events.newCaseId("ahead");
        ObjectNode lateEvent = posted(late, EARLIER);
        long before = version(BATCHED, late);
        apply(List.of(planned(lateEvent, "op-unlikely", "no-op-treatment")));
        assertShowsOnly(late, "received");
        apply(List.of(assessed(lateEvent, "op-unlikely")));
        assertShowsOnly(late, "received");
        assertThat(version(BATCHED, late)).as("nothing shown yet").isEqualTo(before);
        apply(List.of(scored(lateEvent)));
        assertSameAsOneByOne(late);
        assertShowsOnly(late, "planned");
        assertThat(view(BATCHED, late).get(0)).contains(" | op-unlikely | no-op-treatment | ");
        assertThat(version(BATCHED, late)).as("one version per section shown").isEqualTo(before + 3);

        // One poll: planned and assessed before scored.
        String batched = Events.newCaseId("ahead");
        ObjectNode batchedEvent = posted(batched, EARLIER);
        apply(List.of(planned(batchedEvent, "cop-probable", "observe"), assessed(batchedEvent, "cop-probable"),
                scored(batchedEvent)));
        assertSameAsOneByOne(batched);
        assertShowsOnly(batched, "planned");
        assertThat(history(BATCHED, batched)).extracting(entry -> entry.split(" ")[1])
                .containsExactly("accepted", "planned", "assessed", "scored");
    }

    /** Planned and assessed ahead of scored in one poll: outcomes as one by one (recorded, recorded, applied). */
    @Test
    void theResultThatFillsTheGapIsTheAppliedOne() {
        String caseId = Events.newCaseId("gap");
        ObjectNode event = posted(caseId, EARLIER);
        List<StageResult> results = new ArrayList<>();
        for (Sent sent : List.of(planned(event, "cop-probable", "observe"), assessed(event, "cop-probable"),
                scored(event))) {
            Stage stage = Stage.of(sent.topic().substring("case-".length())).orElseThrow();
            results.add(reader.read(stage, sent.value(BATCHED)));
        }
        assertThat(store.project(results)).containsExactly(ProjectionOutcome.RECORDED, ProjectionOutcome.RECORDED,
                ProjectionOutcome.APPLIED);
        assertShowsOnly(caseId, "planned");
    }

    /**
     * Random batches against a one-result reference of the rule (test resource projector/one_by_one_reference.sql,
     * written step by step, not from V9's statement), applied one by one in the batch's order: the same outcome for
     * each result, the same views (stage, sections, version), the same stored results in the same order. Batches mix
     * the three stages in any order (later stages ahead of earlier ones), two events of a case, redeliveries, results
     * of unknown events, records naming another case than their event's, and records carrying sections they do not
     * own.
     */
    @Test
    void randomBatchesGiveWhatTheReferenceGivesOneByOne() throws Exception {
        installReference();
        Random random = new Random(20261205);
        for (int round = 0; round < 25; round++) {
            List<ObjectNode> events = new ArrayList<>();
            List<String> cases = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                String caseId = Events.newCaseId("diff");
                cases.add(caseId);
                int count = 1 + random.nextInt(2);
                for (int e = 0; e < count; e++) {
                    events.add(posted(caseId, random.nextBoolean() ? EARLIER : LATER.plusSeconds(random.nextInt(3))));
                }
            }
            events.add(event(cases.get(0), UUID.randomUUID(), EARLIER)); // never posted: an unknown event
            // Two batches over the same events: a section the first left waiting is taken when the second fills the gap.
            for (int pass = 0; pass < 2; pass++) {
                List<ObjectNode> records = new ArrayList<>();
                int size = 2 + random.nextInt(10);
                for (int i = 0; i < size; i++) {
                    if (!records.isEmpty() && random.nextInt(5) == 0) {
                        records.add(records.get(random.nextInt(records.size()))); // a redelivery
                        continue;
                    }
                    ObjectNode event = events.get(random.nextInt(events.size()));
                    ObjectNode record = switch (random.nextInt(3)) {
                        case 0 -> scored(event).value();
                        case 1 -> assessed(event, random.nextBoolean() ? "cop-probable" : "op-unlikely").value();
                        default -> planned(event, "cop-probable", random.nextBoolean() ? "observe" : "oral-glucocorticoid").value();
                    };
                    ((ObjectNode) record.get("symptomAssessment")).put("suspicionScore", random.nextInt(12));
                    if (random.nextInt(8) == 0) {
                        record.put("caseId", cases.get(random.nextInt(cases.size()))); // maybe another case's
                    }
                    records.add(record);
                }
                List<Stage> stages = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    // A record's stage is its topic's: sometimes one that carries sections of later stages too.
                    stages.add(Stage.values()[1 + random.nextInt(3)]);
                }
                List<StageResult> batched = new ArrayList<>();
                List<StageResult> oneByOne = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    ObjectNode record = records.get(i);
                    if (!record.has(stages.get(i).section())) {
                        stages.set(i, Stage.SCORED);
                    }
                    batched.add(reader.read(stages.get(i), record.deepCopy().put("hospitalId", BATCHED).toString()));
                    oneByOne.add(reader.read(stages.get(i), record.deepCopy().put("hospitalId", ONE_BY_ONE).toString()));
                }

                List<ProjectionOutcome> outcomes = store.project(batched);
                List<String> reference = new ArrayList<>();
                for (StageResult result : oneByOne) {
                    reference.add(callReference(result));
                }
                assertThat(outcomes).extracting(o -> o.name().toLowerCase().replace('_', '-'))
                        .as("round %d pass %d", round, pass).isEqualTo(reference);
                for (String caseId : cases) {
                    assertThat(view(BATCHED, caseId)).as("round %d pass %d", round, pass).isEqualTo(view(ONE_BY_ONE, caseId));
                    assertThat(results(BATCHED, caseId)).as("round %d pass %d", round, pass).isEqualTo(results(ONE_BY_ONE, caseId));
                }
                assertThat(rows("""
                        SELECT case_id FROM case_view WHERE hospital_id = ? AND stage <> CASE
                            WHEN symptom_assessment IS NULL THEN 'received' WHEN cause_assessment IS NULL THEN 'scored'
                            WHEN treatment_plan IS NULL THEN 'assessed' ELSE 'planned' END
                           OR (symptom_assessment IS NULL AND cause_assessment IS NOT NULL)
                           OR (cause_assessment IS NULL AND treatment_plan IS NOT NULL)""", BATCHED))
                        .as("views whose stage is not their contiguous run").isEmpty();
            }
        }
    }

    void installReference() throws IOException, SQLException {
        String function;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("projector/one_by_one_reference.sql")) {
            function = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute(function);
        }
    }

    String callReference(StageResult result) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT reference_project_stage_result(?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, result.hospitalId());
            statement.setObject(2, result.eventId());
            statement.setString(3, result.caseId());
            statement.setString(4, result.stage().value());
            statement.setString(5, result.stage().section());
            statement.setString(6, result.ownSection());
            statement.setString(7, result.knowledgeVersion());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
