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
        assertThat(view(BATCHED, otherCase).get(0)).contains(" | planned | ").contains(" | oral-glucocorticoid | ");
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

    /**
     * Random batches against V5's one-result function (project_stage_result as V5 wrote it, sections as json), applied
     * one by one in the batch's order: the same outcome for each result, the same views, the same stored results in the
     * same order. Batches mix the three stages, two events of a case, redeliveries, results of unknown events, records
     * naming another case than their event's, and records carrying sections they do not own.
     */
    @Test
    void randomBatchesGiveWhatV5sFunctionGivesOneByOne() throws Exception {
        installV5Function();
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
            List<String> v5 = new ArrayList<>();
            for (StageResult result : oneByOne) {
                v5.add(callV5(result));
            }
            assertThat(outcomes).extracting(o -> o.name().toLowerCase().replace('_', '-'))
                    .as("round %d", round).isEqualTo(v5);
            for (String caseId : cases) {
                assertThat(view(BATCHED, caseId)).as("round %d", round).isEqualTo(view(ONE_BY_ONE, caseId));
                assertThat(results(BATCHED, caseId)).as("round %d", round).isEqualTo(results(ONE_BY_ONE, caseId));
            }
        }
    }

    /** V5's project_stage_result, verbatim but for its name and the sections' type (json since V8). */
    void installV5Function() throws IOException, SQLException {
        String v5;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/V5__hardening.sql")) {
            v5 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int start = v5.indexOf("CREATE FUNCTION project_stage_result(");
        int end = v5.indexOf("\n$$;", start) + 4;
        String function = v5.substring(start, end)
                .replace("CREATE FUNCTION project_stage_result(", "CREATE OR REPLACE FUNCTION v5_project_stage_result(")
                .replace("AS jsonb)", "AS json)");
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement()) {
            statement.execute(function);
        }
    }

    String callV5(StageResult result) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT v5_project_stage_result(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, result.hospitalId());
            statement.setObject(2, result.eventId());
            statement.setString(3, result.caseId());
            statement.setString(4, result.stage().value());
            statement.setString(5, result.stage().section());
            statement.setString(6, result.ownSection());
            statement.setString(7, result.knowledgeVersion());
            statement.setString(8, result.stage() == Stage.ASSESSED ? result.conclusion() : null);
            statement.setString(9, result.stage() == Stage.PLANNED ? result.recommendation() : null);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
