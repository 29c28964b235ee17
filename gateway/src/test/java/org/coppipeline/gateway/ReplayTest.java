package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.intake.CaseEvent;
import org.coppipeline.gateway.intake.CaseEventParser;
import org.coppipeline.gateway.replay.ReplayStore;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.KafkaRecords;
import org.coppipeline.gateway.support.Metrics;
import org.coppipeline.gateway.support.Replays;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 9, replay of one case. The test plays the three stages: it reads the replay record the gateway sent to
 * case-events and answers on the stage topics with the replay headers. A replay never changes the live case.
 * (The test profile allows 3 running replays per hospital.)
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class ReplayTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReplayStore store;

    @Inject
    CaseStore caseStore;

    @Inject
    CaseEventParser parser;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    static String hospital(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Sections as the v2 stages would write them for the amiodarone example (CONTRACT 9, 4.3 v2). */
    static ObjectNode liveSections() {
        ObjectNode sections = Events.JSON.createObjectNode();
        sections.set("symptomAssessment", version(StageRecords.symptomAssessment(11, "high"), Replays.V2));
        ObjectNode causes = version(StageRecords.causeAssessment("secondary-op"), Replays.V2);
        causes.with("categories").putObject("drug").put("status", "present").putArray("drugs").add("amiodarone");
        sections.set("causeAssessment", causes);
        ObjectNode plan = version(StageRecords.treatmentPlan("oral-glucocorticoid", "moderate"), Replays.V2);
        plan.withArray("warnings").addObject().put("level", "info").put("code", "unvalidated-score").put("message", "m");
        sections.set("treatmentPlan", plan);
        return sections;
    }

    /** What v1 gives instead: treat the cause, no glucocorticoid, a critical warning, no drug names, one point less. */
    static ObjectNode v1Sections() {
        ObjectNode sections = Events.JSON.createObjectNode();
        sections.set("symptomAssessment", version(StageRecords.symptomAssessment(10, "high"), Replays.V1));
        ObjectNode causes = version(StageRecords.causeAssessment("secondary-op"), Replays.V1);
        causes.with("categories").putObject("drug").put("status", "present");
        sections.set("causeAssessment", causes);
        ObjectNode plan = version(StageRecords.treatmentPlan("treat-underlying-cause", "moderate"), Replays.V1);
        plan.withArray("warnings").addObject().put("level", "critical").put("code", "stop-the-drug").put("message", "c");
        plan.withArray("warnings").addObject().put("level", "info").put("code", "unvalidated-score").put("message", "m");
        sections.set("treatmentPlan", plan);
        return sections;
    }

    static ObjectNode version(ObjectNode section, String version) {
        return section.put("knowledgeVersion", version);
    }

    /** A stage's output: the event with the sections added so far. */
    static String record(ObjectNode event, ObjectNode sections, String... names) {
        ObjectNode record = event.deepCopy();
        for (String name : names) {
            record.set(name, sections.get(name));
        }
        return record.toString();
    }

    void send(String topic, ObjectNode event, String value, Map<String, String> headers) {
        connector.source(StageResults.CHANNEL).send(Replays.record(topic, event.get("hospitalId").asText() + "/" + event.get("caseId").asText(),
                value, headers));
    }

    /** A case planned live with {@link #liveSections()}. */
    ObjectNode plannedCase(String hospital, String caseId, Instant occurredAt) {
        ObjectNode event = Events.event(UUID.randomUUID(), hospital, caseId, occurredAt);
        Replays.postAccepted(Tokens.publisher(hospital), event.toString());
        ObjectNode live = liveSections();
        Map<String, String> headers = Map.of("eventId", event.get("eventId").asText(), "hospitalId", hospital);
        send("case-scored", event, record(event, live, "symptomAssessment"), headers);
        send("case-assessed", event, record(event, live, "symptomAssessment", "causeAssessment"), headers);
        send("case-planned", event, record(event, live, "symptomAssessment", "causeAssessment", "treatmentPlan"), headers);
        await().atMost(WAIT).until(() -> "planned".equals(Api.view(Tokens.viewer(hospital), caseId).jsonPath().getString("stage"))
                && Database.count(dataSource, "SELECT count(*) FROM stage_result WHERE event_id = ?",
                        UUID.fromString(event.get("eventId").asText())) == 3);
        return event;
    }

    InMemorySink<String> sink() {
        return connector.sink(Replays.SINK);
    }

    /** The one replay record sent for a replay (waiting for the dispatcher). */
    Message<String> replayRecord(String replayId) {
        await().atMost(WAIT).until(() -> !Replays.sent(sink(), replayId).isEmpty());
        List<? extends Message<String>> sent = Replays.sent(sink(), replayId);
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    /** What a live view shows, exactly as sent: body, ETag and history. */
    record Snapshot(String view, String etag, String history, String row, long results) {
    }

    Snapshot snapshot(String hospital, String caseId) {
        String viewer = Tokens.viewer(hospital);
        Response view = Api.view(viewer, caseId);
        return new Snapshot(view.then().statusCode(200).extract().asString(), view.getHeader("ETag"),
                Api.history(viewer, caseId).then().statusCode(200).extract().asString(),
                Database.text(dataSource, "SELECT updated_at || ' ' || version || ' ' || stage FROM case_view "
                        + "WHERE hospital_id = ? AND case_id = ?", hospital, caseId),
                Database.count(dataSource, "SELECT count(*) FROM stage_result WHERE hospital_id = ? AND case_id = ?",
                        hospital, caseId));
    }

    /** The JSON text with every object's members in name order (the store keeps them in its own order). */
    static String sorted(JsonNode node) {
        if (node == null || !node.isContainerNode()) {
            return String.valueOf(node);
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(e -> elements.add(sorted(e)));
            return "[" + String.join(",", elements) + "]";
        }
        java.util.TreeMap<String, String> members = new java.util.TreeMap<>();
        node.properties().forEach(m -> members.put(m.getKey(), sorted(m.getValue())));
        List<String> pairs = new ArrayList<>();
        members.forEach((k, v) -> pairs.add("\"" + k + "\":" + v));
        return "{" + String.join(",", pairs) + "}";
    }

    static JsonPath json(Response response) {
        return response.then().extract().jsonPath();
    }

    // ------------------------------------------------------------------------------------------ the round trip

    @Test
    void aReplayRunsThroughTheStagesAndLeavesTheLiveCaseExactlyAsItWas() throws Exception {
        String hospital = hospital("h-replay");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("replay");
        ObjectNode event = plannedCase(hospital, caseId, Instant.parse("2025-05-01T09:00:00Z"));
        Snapshot before = snapshot(hospital, caseId);
        List<String> liveMetrics = Metrics.samples("gateway_projector_results_total", "gateway_projector_batch_write_seconds_count");
        double ignored = Metrics.sum("gateway_projector_replay_results_total", "outcome=\"ignored\"");
        double done = Metrics.sum("gateway_projector_replay_results_total", "outcome=\"done\"");

        Response accepted = Replays.request(viewer, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\"}");
        accepted.then().statusCode(202).contentType("application/json").header("Cache-Control", containsString("no-store"))
                .body("status", equalTo("running"));
        String replayId = accepted.jsonPath().getString("replayId");
        assertThat(accepted.getHeader("Location")).isEqualTo("/api/v1/cases/" + caseId + "/replays/" + replayId);

        // Until the plan comes back: running, the baseline already there, nothing compared yet.
        JsonPath running = json(Replays.get(viewer, caseId, replayId).then().statusCode(200).extract().response());
        assertThat(running.getString("status")).isEqualTo("running");
        assertThat(running.getString("knowledgeVersion")).isEqualTo(Replays.V1);
        assertThat(running.getString("eventId")).isEqualTo(event.get("eventId").asText());
        assertThat(running.getList("changes")).isEmpty();
        assertThat(running.getString("summary")).isEqualTo("The replay under cop-knowledge-v1 is running.");
        assertThat(running.getMap("candidate")).isNull();

        // The record the stages get: the stored event body, keyed and headed as a live one, plus the replay headers.
        Message<String> sent = replayRecord(replayId);
        assertThat(KafkaRecords.key(sent)).isEqualTo(hospital + "/" + caseId);
        assertThat(KafkaRecords.header(sent, "eventId")).contains(event.get("eventId").asText());
        assertThat(KafkaRecords.header(sent, "hospitalId")).contains(hospital);
        assertThat(KafkaRecords.header(sent, "schemaVersion")).contains("1");
        assertThat(KafkaRecords.header(sent, "replayId")).contains(replayId);
        assertThat(KafkaRecords.header(sent, "replayKnowledgeVersion")).contains(Replays.V1);
        assertThat(Events.JSON.readTree(sent.getPayload())).isEqualTo(event);

        // The stages answer under v1, copying the headers; the first two records are acknowledged and nothing else.
        ObjectNode v1 = v1Sections();
        Map<String, String> headers = Replays.headers(sent);
        send("case-scored", event, record(event, v1, "symptomAssessment"), headers);
        send("case-assessed", event, record(event, v1, "symptomAssessment", "causeAssessment"), headers);
        send("case-planned", event, record(event, v1, "symptomAssessment", "causeAssessment", "treatmentPlan"), headers);

        await().atMost(WAIT).until(() -> "done".equals(json(Replays.get(viewer, caseId, replayId)).getString("status")));
        await().atMost(WAIT).until(() -> Metrics.sum("gateway_projector_replay_results_total", "outcome=\"ignored\"") >= ignored + 2);
        assertThat(Metrics.sum("gateway_projector_replay_results_total", "outcome=\"done\"")).isEqualTo(done + 1);

        Response report = Replays.get(viewer, caseId, replayId);
        report.then().statusCode(200).header("Cache-Control", containsString("no-store"));
        JsonNode body = Events.JSON.readTree(report.asString());
        ObjectNode live = liveSections();
        assertThat(body.get("baseline")).isEqualTo(((ObjectNode) Events.JSON.readTree(before.view()))
                .retain("symptomAssessment", "causeAssessment", "treatmentPlan"));
        assertThat(body.get("baseline")).isEqualTo(live);
        assertThat(body.get("candidate")).isEqualTo(v1);
        assertThat(body.get("completedAt").asText()).isNotBlank();

        List<String> changes = new ArrayList<>();
        body.get("changes").forEach(c -> changes.add(c.get("path").asText()
                + (c.has("toPath") ? "->" + c.get("toPath").asText() : "") + " " + c.get("kind").asText() + " "
                + sorted(c.get("from")) + " " + sorted(c.get("to")) + " " + c.get("significant").asBoolean()));
        assertThat(changes).containsExactlyInAnyOrder(
                "/symptomAssessment/suspicionScore changed 11 10 false",
                "/symptomAssessment/knowledgeVersion changed \"cop-knowledge-v2\" \"cop-knowledge-v1\" false",
                "/causeAssessment/categories/drug/drugs removed [\"amiodarone\"] null false",
                "/causeAssessment/knowledgeVersion changed \"cop-knowledge-v2\" \"cop-knowledge-v1\" false",
                "/treatmentPlan/recommendation changed \"oral-glucocorticoid\" \"treat-underlying-cause\" true",
                "/treatmentPlan/glucocorticoidRecommended changed true false true",
                "/treatmentPlan/knowledgeVersion changed \"cop-knowledge-v2\" \"cop-knowledge-v1\" false",
                "/treatmentPlan/warnings/0 added null {\"code\":\"stop-the-drug\",\"level\":\"critical\",\"message\":\"c\"} true");
        assertThat(body.get("summary").asText()).isEqualTo("Under cop-knowledge-v1: recommendation changes from "
                + "oral-glucocorticoid to treat-underlying-cause; glucocorticoidRecommended changes from true to false; "
                + "critical warning stop-the-drug is added; 5 other changes.");

        // The live case: view, ETag, history, row and results exactly as before; the live projector's metrics too.
        assertThat(snapshot(hospital, caseId)).isEqualTo(before);
        Api.as(viewer).header("If-None-Match", before.etag()).get(Api.CASES + "/" + caseId).then().statusCode(304);
        assertThat(Metrics.samples("gateway_projector_results_total", "gateway_projector_batch_write_seconds_count"))
                .isEqualTo(liveMetrics);

        // A redelivered plan changes nothing.
        send("case-planned", event, record(event, v1, "symptomAssessment", "causeAssessment", "treatmentPlan"), headers);
        await().atMost(WAIT).until(() -> Metrics.sum("gateway_projector_replay_results_total", "outcome=\"duplicate\"") >= 1);
        assertThat(Events.JSON.readTree(Replays.get(viewer, caseId, replayId).asString())).isEqualTo(body);
        assertThat(snapshot(hospital, caseId)).isEqualTo(before);
    }

    @Test
    void aNamedEarlierEventIsReplayedAgainstItsOwnStoredResults() throws Exception {
        String hospital = hospital("h-named");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("named");
        ObjectNode older = Events.event(UUID.randomUUID(), hospital, caseId, Instant.parse("2025-05-02T09:00:00Z"));
        Api.post(Tokens.publisher(hospital), older.toString()).then().statusCode(202);
        ObjectNode live = liveSections();
        send("case-scored", older, record(older, live, "symptomAssessment"),
                Map.of("eventId", older.get("eventId").asText(), "hospitalId", hospital));
        await().atMost(WAIT).until(() -> "scored".equals(Api.view(viewer, caseId).jsonPath().getString("stage")));
        ObjectNode newer = plannedCase(hospital, caseId, Instant.parse("2025-05-03T09:00:00Z"));
        Snapshot before = snapshot(hospital, caseId);

        String replayId = Replays.request(viewer, caseId,
                "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"eventId\":\"" + older.get("eventId").asText() + "\"}")
                .then().statusCode(202).extract().jsonPath().getString("replayId");
        Message<String> sent = replayRecord(replayId);
        assertThat(Events.JSON.readTree(sent.getPayload())).isEqualTo(older);
        assertThat(KafkaRecords.header(sent, "eventId")).contains(older.get("eventId").asText());

        JsonNode running = Events.JSON.readTree(Replays.get(viewer, caseId, replayId).asString());
        assertThat(running.get("eventId").asText()).isEqualTo(older.get("eventId").asText());
        // Only its scored result was ever stored: that is its baseline, not the newer event's view.
        List<String> baseline = new ArrayList<>();
        running.get("baseline").fieldNames().forEachRemaining(baseline::add);
        assertThat(baseline).containsExactly("symptomAssessment");

        ObjectNode v1 = v1Sections();
        send("case-planned", older, record(older, v1, "symptomAssessment", "causeAssessment", "treatmentPlan"),
                Replays.headers(sent));
        await().atMost(WAIT).until(() -> "done".equals(json(Replays.get(viewer, caseId, replayId)).getString("status")));
        JsonPath done = json(Replays.get(viewer, caseId, replayId));
        assertThat(done.getList("changes.path")).contains("/causeAssessment", "/treatmentPlan",
                "/symptomAssessment/suspicionScore");
        assertThat(done.getString("summary")).startsWith("Under cop-knowledge-v1: conclusion changes from none to secondary-op");
        assertThat(snapshot(hospital, caseId)).isEqualTo(before);
        assertThat(newer.get("eventId").asText()).isEqualTo(Api.view(viewer, caseId).jsonPath().getString("eventId"));
    }

    // ------------------------------------------------------------------------------------------ hardened schema (V5, V6)

    /**
     * Event ids are per hospital (V5): another hospital's event with the same id, and its stage result, are not this
     * hospital's. The replay of B's (earlier, named) event sends B's stored body once, and its baseline is B's own
     * results for that id (none), not A's.
     */
    @Test
    void anEventIdAnotherHospitalAlsoUsesIsReplayedWithThisHospitalsBodyAndResults() throws Exception {
        UUID shared = UUID.randomUUID();
        String a = hospital("h-same-id-a");
        String b = hospital("h-same-id-b");
        ObjectNode eventA = Events.event(shared, a, Events.newCaseId("same"), Instant.parse("2025-05-11T09:00:00Z"));
        Replays.postAccepted(Tokens.publisher(a), eventA.toString());
        send("case-scored", eventA, record(eventA, liveSections(), "symptomAssessment"),
                Map.of("eventId", shared.toString(), "hospitalId", a));
        String caseB = Events.newCaseId("same");
        ObjectNode eventB = Events.event(shared, b, caseB, Instant.parse("2025-05-11T08:00:00Z"));
        Replays.postAccepted(Tokens.publisher(b), eventB.toString());
        await().atMost(WAIT).until(() -> Database.count(dataSource,
                "SELECT count(*) FROM stage_result WHERE hospital_id = ? AND event_id = ?", a, shared) == 1);
        plannedCase(b, caseB, Instant.parse("2025-05-11T10:00:00Z"));

        String viewer = Tokens.viewer(b);
        String replayId = Replays.request(viewer, caseB, "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"eventId\":\"" + shared + "\"}")
                .then().statusCode(202).extract().jsonPath().getString("replayId");
        JsonNode running = Events.JSON.readTree(Replays.get(viewer, caseB, replayId).asString());
        assertThat(running.get("eventId").asText()).isEqualTo(shared.toString());
        assertThat(running.get("baseline").size()).as("B has no results for its event yet").isZero();

        Message<String> sent = replayRecord(replayId);
        assertThat(Events.JSON.readTree(sent.getPayload())).isEqualTo(eventB);
        assertThat(KafkaRecords.header(sent, "hospitalId")).contains(b);
        send("case-planned", eventB, record(eventB, v1Sections(), "symptomAssessment", "causeAssessment", "treatmentPlan"),
                Replays.headers(sent));
        await().atMost(WAIT).until(() -> "done".equals(json(Replays.get(viewer, caseB, replayId)).getString("status")));
        assertThat(Replays.sent(sink(), replayId)).as("one record per replay, whoever else uses the id").hasSize(1);
        // A's case is not B's to replay.
        Replays.request(viewer, eventA.get("caseId").asText(), "{\"knowledgeVersion\":\"cop-knowledge-v1\"}").then().statusCode(404);
    }

    /**
     * A pending event (V5: recorded, its publish not acknowledged yet) is in no view or history, and a replay names only
     * settled ones: 400 until it is settled, then (stale here: the case shows a newer event) replayed as any other.
     */
    @Test
    void aPendingEventIsReplayedOnlyOnceItIsSettled() throws Exception {
        String hospital = hospital("h-pending");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("pending");
        plannedCase(hospital, caseId, Instant.parse("2025-05-12T09:00:00Z"));
        ObjectNode older = Events.event(UUID.randomUUID(), hospital, caseId, Instant.parse("2025-05-12T08:00:00Z"));
        CaseEvent pending = parser.parse(older.toString().getBytes(StandardCharsets.UTF_8));
        AuditEntry audit = AuditEntry.of("test-platform", hospital, AuditEntry.POST_EVENT, caseId, null);
        assertThat(caseStore.reserve(pending, audit).status()).isEqualTo("pending");
        String named = "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"eventId\":\"" + older.get("eventId").asText() + "\"}";

        Replays.request(viewer, caseId, named).then()
                .statusCode(400)
                .body("errors.pointer", equalTo(List.of("/eventId")))
                .body("errors.message", equalTo(List.of("not an event of this case")));
        assertThat(Database.count(dataSource, "SELECT count(*) FROM replay_run WHERE hospital_id = ?", hospital)).isZero();

        assertThat(caseStore.settle(pending, audit).status()).isEqualTo("stale");
        String replayId = Replays.request(viewer, caseId, named).then().statusCode(202).extract().jsonPath().getString("replayId");
        assertThat(Events.JSON.readTree(replayRecord(replayId).getPayload())).isEqualTo(older);
    }

    /**
     * On an empty database the migrations ran in order, V4 (replay) before V5 (hardening), with V4.1 and V6 between
     * and after; a replay run names its event within its hospital: a run of one hospital cannot point at another's.
     */
    @Test
    void theMigrationsRanInOrderAndAReplayRunNamesItsEventWithinItsHospital() throws Exception {
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl); Statement statement = owner.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history WHERE success")) {
            rows.next();
            // V4.1 between V4 and V5, V6 after V5; later versions (V7 feedback of the CDS service, ...) may follow.
            assertThat(rows.getString(1)).matches("1,2,3,4,4\\.1,5,6(,[0-9.]+)*");
        }
        String hospital = hospital("h-fk");
        String caseId = Events.newCaseId("fk");
        ObjectNode event = plannedCase(hospital, caseId, Instant.parse("2025-05-13T09:00:00Z"));
        String insert = "INSERT INTO replay_run (replay_id, hospital_id, case_id, event_id, knowledge_version) VALUES (?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, hospital("h-fk-other"));
            statement.setString(3, caseId);
            statement.setObject(4, UUID.fromString(event.get("eventId").asText()));
            statement.setString(5, Replays.V1);
            assertThatThrownBy(statement::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("23503"));
        }
    }

    /** A plan that names another case than its replay run, or a replayId that is no UUID, goes to the DLQ. */
    @Test
    void replayRecordsTheProjectorCannotUseAreDeadLettered() throws Exception {
        String hospital = hospital("h-rdlq");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("rdlq");
        ObjectNode event = plannedCase(hospital, caseId, Instant.parse("2025-05-04T09:00:00Z"));
        Snapshot before = snapshot(hospital, caseId);
        String replayId = Replays.request(viewer, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\"}")
                .then().statusCode(202).extract().jsonPath().getString("replayId");
        Map<String, String> headers = Replays.headers(replayRecord(replayId));
        ObjectNode v1 = v1Sections();
        List<Throwable> reasons = new CopyOnWriteArrayList<>();

        ObjectNode otherCase = event.deepCopy().put("caseId", "someone-else");
        connector.source(StageResults.CHANNEL).send(Replays.record("case-planned", "k",
                record(otherCase, v1, "symptomAssessment", "causeAssessment", "treatmentPlan"), headers, reasons::add));
        java.util.HashMap<String, String> badId = new java.util.HashMap<>(headers);
        badId.put("replayId", "not-a-uuid");
        connector.source(StageResults.CHANNEL).send(Replays.record("case-planned", "k",
                record(event, v1, "symptomAssessment", "causeAssessment", "treatmentPlan"), badId, reasons::add));
        connector.source(StageResults.CHANNEL).send(Replays.record("case-planned", "k", "not json", headers, reasons::add));

        await().atMost(WAIT).until(() -> reasons.size() == 3);
        assertThat(reasons).extracting(Throwable::getMessage).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).isEqualTo("hospitalId/caseId/eventId differ from replay " + replayId),
                m -> assertThat(m).isEqualTo("replayId header is not a UUID"),
                m -> assertThat(m).startsWith("value is not valid JSON"));
        assertThat(json(Replays.get(viewer, caseId, replayId)).getString("status")).isEqualTo("running");
        assertThat(snapshot(hospital, caseId)).isEqualTo(before);
    }

    /** A stage that ignored the replay headers answers under its own version: the replay fails and says why. */
    @Test
    void aPlanUnderAnotherVersionThanAskedFailsTheReplay() {
        String hospital = hospital("h-wrongv");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("wrongv");
        ObjectNode event = plannedCase(hospital, caseId, Instant.parse("2025-05-05T09:00:00Z"));
        String replayId = Replays.request(viewer, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\"}")
                .then().statusCode(202).extract().jsonPath().getString("replayId");
        Map<String, String> headers = Replays.headers(replayRecord(replayId));
        send("case-planned", event, record(event, liveSections(), "symptomAssessment", "causeAssessment", "treatmentPlan"),
                headers);
        await().atMost(WAIT).until(() -> "failed".equals(json(Replays.get(viewer, caseId, replayId)).getString("status")));
        JsonPath failed = json(Replays.get(viewer, caseId, replayId));
        assertThat(failed.getString("reason")).isEqualTo("the stages evaluated cop-knowledge-v2, not cop-knowledge-v1");
        assertThat(failed.getString("summary")).isEqualTo(
                "The replay under cop-knowledge-v1 failed: the stages evaluated cop-knowledge-v2, not cop-knowledge-v1.");
        assertThat(failed.getList("changes")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ tenancy, errors, bounds

    @Test
    void anotherHospitalsCaseAndReplayAre404() {
        String hospital = hospital("h-mine");
        String caseId = Events.newCaseId("mine");
        plannedCase(hospital, caseId, Instant.parse("2025-05-06T09:00:00Z"));
        String replayId = Replays.request(Tokens.viewer(hospital), caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\"}")
                .then().statusCode(202).extract().jsonPath().getString("replayId");
        String stranger = Tokens.viewer(hospital("h-stranger"));

        Replays.request(stranger, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\"}").then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE).body("detail", equalTo("No such case."));
        Replays.get(stranger, caseId, replayId).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        String viewer = Tokens.viewer(hospital);
        Replays.get(viewer, "other-case", replayId).then().statusCode(404);
        Replays.get(viewer, caseId, UUID.randomUUID().toString()).then().statusCode(404);
        Replays.get(viewer, caseId, "not-a-uuid").then().statusCode(404);
        Replays.request(viewer, "no-such-case", "{\"knowledgeVersion\":\"cop-knowledge-v1\"}").then().statusCode(404);
        assertThat(Database.count(dataSource, "SELECT count(*) FROM replay_run WHERE hospital_id = ?", hospital)).isEqualTo(1);
    }

    @Test
    void invalidReplayRequestsAre400WithPointers() {
        String hospital = hospital("h-bad");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("bad");
        plannedCase(hospital, caseId, Instant.parse("2025-05-07T09:00:00Z"));
        ObjectNode otherEvent = Events.event(hospital, Events.newCaseId("other"));
        Api.post(Tokens.publisher(hospital), otherEvent.toString()).then().statusCode(202);

        Map<String, List<String>> cases = Map.of(
                "{}", List.of("/knowledgeVersion"),
                "{\"knowledgeVersion\":\"cop-knowledge-v9\"}", List.of("/knowledgeVersion"),
                "{\"knowledgeVersion\":1}", List.of("/knowledgeVersion"),
                "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"eventId\":\"nope\"}", List.of("/eventId"),
                "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"eventId\":\"" + otherEvent.get("eventId").asText() + "\"}",
                List.of("/eventId"),
                "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"eventId\":\"" + UUID.randomUUID() + "\"}", List.of("/eventId"),
                "{\"knowledgeVersion\":\"cop-knowledge-v1\",\"version\":\"x\"}", List.of("/version"),
                "{\"eventId\":\"nope\",\"extra\":true}", List.of("/eventId", "/extra", "/knowledgeVersion"),
                "[]", List.of(""));
        cases.forEach((body, pointers) -> Replays.request(viewer, caseId, body).then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:validation"))
                .body("errors.pointer", equalTo(pointers)));
        for (String malformed : List.of("{\"knowledgeVersion\":", "{\"knowledgeVersion\":\"a\",\"knowledgeVersion\":\"b\"}",
                "{} {}")) {
            Replays.request(viewer, caseId, malformed).then().statusCode(400)
                    .body("type", equalTo("urn:cop-pipeline:problem:malformed-json"));
        }
        Api.as(viewer).contentType("application/json").post(Api.CASES + "/" + caseId + "/replays").then().statusCode(400);
        Api.as(viewer).contentType("text/plain").body("x").post(Api.CASES + "/" + caseId + "/replays").then().statusCode(415);
        assertThat(Database.count(dataSource, "SELECT count(*) FROM replay_run WHERE hospital_id = ?", hospital)).isZero();
    }

    @Test
    void onlyCaseViewersReplay() {
        String hospital = hospital("h-roles");
        String caseId = Events.newCaseId("roles");
        String body = "{\"knowledgeVersion\":\"cop-knowledge-v1\"}";
        Replays.request(null, caseId, body).then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        Replays.request(Tokens.publisher(hospital), caseId, body).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        Replays.get(Tokens.publisher(hospital), caseId, UUID.randomUUID().toString()).then().statusCode(403);
        Replays.requestImpact(Tokens.publisher(hospital), "{\"from\":\"cop-knowledge-v1\",\"to\":\"cop-knowledge-v2\"}")
                .then().statusCode(403);
        Replays.impact(null, UUID.randomUUID().toString(), Map.of()).then().statusCode(401);
        Replays.request(Tokens.token(null, Tokens.VIEWER), caseId, body).then().statusCode(403);
    }

    @Test
    void aHospitalBeyondItsBoundGets429AndOtherHospitalsDoNot() {
        String hospital = hospital("h-bound");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("bound");
        ObjectNode event = plannedCase(hospital, caseId, Instant.parse("2025-05-08T09:00:00Z"));
        String body = "{\"knowledgeVersion\":\"cop-knowledge-v1\"}";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Replays.request(viewer, caseId, body).then().statusCode(202).extract().jsonPath().getString("replayId"));
        }
        Replays.request(viewer, caseId, body).then()
                .statusCode(429).contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", "30")
                .body("type", equalTo("urn:cop-pipeline:problem:too-many-requests"));
        Replays.requestImpact(viewer, "{\"from\":\"cop-knowledge-v1\",\"to\":\"cop-knowledge-v2\"}").then()
                .statusCode(429).header("Retry-After", "30");

        // Another hospital is not held back.
        String other = hospital("h-free");
        String otherCase = Events.newCaseId("free");
        plannedCase(other, otherCase, Instant.parse("2025-05-08T09:00:00Z"));
        Replays.request(Tokens.viewer(other), otherCase, body).then().statusCode(202);

        // One replay done frees one slot.
        Message<String> first = replayRecord(ids.get(0));
        send("case-planned", event, record(event, v1Sections(), "symptomAssessment", "causeAssessment", "treatmentPlan"),
                Replays.headers(first));
        await().atMost(WAIT).until(() -> "done".equals(json(Replays.get(viewer, caseId, ids.get(0))).getString("status")));
        Replays.request(viewer, caseId, body).then().statusCode(202);
        Replays.request(viewer, caseId, body).then().statusCode(429);
    }

    /**
     * A replay whose records never come back (a stage dead-lettered one) does not stay running: once its result is
     * overdue (result-timeout after dispatch, 10 min here; the test backdates the dispatch instead of waiting) the sweep
     * reports it failed with the reason, and its slot of the hospital's bound is free again. A plan that comes back
     * after that changes nothing.
     */
    @Test
    void aReplayWhoseRecordsNeverComeBackFailsWithAReasonAndFreesItsSlot() {
        String hospital = hospital("h-timeout");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("timeout");
        ObjectNode event = plannedCase(hospital, caseId, Instant.parse("2025-05-10T09:00:00Z"));
        String body = "{\"knowledgeVersion\":\"cop-knowledge-v1\"}";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Replays.request(viewer, caseId, body).then().statusCode(202).extract().jsonPath().getString("replayId"));
        }
        Message<String> lost = replayRecord(ids.get(0));
        Replays.request(viewer, caseId, body).then().statusCode(429);
        double failedBefore = Metrics.sum("gateway_replay_failed_total");

        Database.count(dataSource, "WITH aged AS (UPDATE replay_run SET dispatched_at = dispatched_at - interval '1 hour' "
                + "WHERE replay_id = ? RETURNING 1) SELECT count(*) FROM aged", UUID.fromString(ids.get(0)));
        await().atMost(WAIT).until(() -> "failed".equals(json(Replays.get(viewer, caseId, ids.get(0))).getString("status")));
        JsonPath failed = json(Replays.get(viewer, caseId, ids.get(0)));
        assertThat(failed.getString("reason"))
                .isEqualTo("no result from the stages within PT10M of dispatch (a stage may have dead-lettered the record)");
        assertThat(failed.getString("summary")).isEqualTo("The replay under cop-knowledge-v1 failed: no result from the "
                + "stages within PT10M of dispatch (a stage may have dead-lettered the record).");
        assertThat(failed.getString("completedAt")).isNotBlank();
        assertThat(failed.getMap("candidate")).isNull();
        assertThat(failed.getList("changes")).isEmpty();
        assertThat(Metrics.sum("gateway_replay_failed_total")).isGreaterThanOrEqualTo(failedBefore + 1);
        // The other two are still running, and the failed one's slot is free.
        assertThat(json(Replays.get(viewer, caseId, ids.get(1))).getString("status")).isEqualTo("running");
        Replays.request(viewer, caseId, body).then().statusCode(202);
        Replays.request(viewer, caseId, body).then().statusCode(429);

        double late = Metrics.sum("gateway_projector_replay_results_total", "outcome=\"late\"");
        send("case-planned", event, record(event, v1Sections(), "symptomAssessment", "causeAssessment", "treatmentPlan"),
                Replays.headers(lost));
        await().atMost(WAIT).until(() -> Metrics.sum("gateway_projector_replay_results_total", "outcome=\"late\"") >= late + 1);
        assertThat(json(Replays.get(viewer, caseId, ids.get(0))).getString("status")).isEqualTo("failed");
    }

    // ------------------------------------------------------------------------------------------ retention

    /** The sweep deletes what is older than the retention (P7D here), once finished; a running replay stays. */
    @Test
    void finishedReplaysAndImpactRunsAreDeletedAfterTheRetentionAndRunningOnesAreNot() {
        String hospital = hospital("h-purge");
        String viewer = Tokens.viewer(hospital);
        String caseId = Events.newCaseId("purge");
        ObjectNode event = plannedCase(hospital, caseId, Instant.parse("2025-05-09T09:00:00Z"));
        String finished = Replays.request(viewer, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\"}")
                .then().statusCode(202).extract().jsonPath().getString("replayId");
        send("case-planned", event, record(event, v1Sections(), "symptomAssessment", "causeAssessment", "treatmentPlan"),
                Replays.headers(replayRecord(finished)));
        await().atMost(WAIT).until(() -> "done".equals(json(Replays.get(viewer, caseId, finished)).getString("status")));
        String running = Replays.request(viewer, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v2\"}")
                .then().statusCode(202).extract().jsonPath().getString("replayId");
        replayRecord(running);
        // A hospital without cases: its impact run has nothing to replay and is done at once.
        String empty = hospital("h-purge-empty");
        String impactId = Replays.requestImpact(Tokens.viewer(empty), "{\"from\":\"cop-knowledge-v1\",\"to\":\"cop-knowledge-v2\"}")
                .then().statusCode(202).body("status", equalTo("done")).body("cases", equalTo(0))
                .extract().jsonPath().getString("impactId");
        Replays.impact(Tokens.viewer(empty), impactId, Map.of()).then().statusCode(200).body("status", equalTo("done"));

        Database.count(dataSource, "WITH aged AS (UPDATE replay_run SET created_at = created_at - interval '30 days', "
                + "completed_at = completed_at - interval '30 days' WHERE hospital_id = ? RETURNING 1) SELECT count(*) FROM aged",
                hospital);
        Database.count(dataSource, "WITH aged AS (UPDATE knowledge_impact SET created_at = created_at - interval '30 days' "
                + "WHERE impact_id = ? RETURNING 1) SELECT count(*) FROM aged", UUID.fromString(impactId));

        await().atMost(WAIT).until(() -> Replays.get(viewer, caseId, finished).statusCode() == 404
                && Replays.impact(Tokens.viewer(empty), impactId, Map.of()).statusCode() == 404);
        Replays.get(viewer, caseId, running).then().statusCode(200).body("status", equalTo("running"));
        Api.view(viewer, caseId).then().statusCode(200).body("stage", equalTo("planned"));
        assertThat(store.purge(Duration.ofDays(7))).isZero();
    }

    @Test
    void theOpenApiDocumentDescribesTheReplayEndpoints() {
        org.coppipeline.gateway.support.Management.given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/cases/{caseId}/replays'.post.responses.keySet()", hasItems("202", "400", "401", "403", "404", "429"))
                .body("paths.'/api/v1/cases/{caseId}/replays'.post.responses.'429'.headers", org.hamcrest.Matchers.hasKey("Retry-After"))
                .body("paths.'/api/v1/cases/{caseId}/replays/{replayId}'.get.responses.keySet()", hasItems("200", "401", "403", "404"))
                .body("paths.'/api/v1/knowledge-impact'.post.responses.keySet()", hasItems("202", "400", "429"))
                .body("paths.'/api/v1/knowledge-impact/{impactId}'.get.parameters.name", hasItems("limit", "cursor"))
                .body("components.schemas.Replay.properties.status.enum", hasItems("running", "done", "failed"))
                .body("components.schemas.ReplayChange.properties", org.hamcrest.Matchers.hasKey("significant"))
                .body("components.schemas.KnowledgeImpact.properties", org.hamcrest.Matchers.hasKey("nextCursor"));
    }
}
