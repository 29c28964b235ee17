package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CONTRACT 9, end to end: the whole stack as run.sh starts it (broker, embedded PostgreSQL, the four packaged services,
 * the stages on knowledge v2 by default). A contract example is planned live, then replayed under cop-knowledge-v1
 * through the real stages: the replay is done, its candidate is what the contract's v1 expectation says, its diff
 * names what v1 and v2 decide differently, and the live view, its ETag and its history stay exactly as they were. A
 * knowledge-impact run over a handful of cases counts what changes between the versions. Needs the stages' replay
 * support (replayId / replayKnowledgeVersion headers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {
    private static final Duration PLANNED_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(120);
    private static final String V1 = "cop-knowledge-v1";
    private static final String V2 = "cop-knowledge-v2";
    private static final String AMIODARONE = "amiodarone-secondary-op";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, JsonNode> examples = TestSupport.examples();
    private Path stateDir;
    private LocalStack stack;
    private String gateway;

    @BeforeAll
    void startEverything() {
        stateDir = TestSupport.stateDir("replay-e2e");
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.allOf(Service.class), null,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, TestSupport.START_TIMEOUT, false);
        stack = LocalStack.start(options, TestSupport.repo(), stateDir);
        gateway = stack.service(Service.GATEWAY).orElseThrow().url("");
    }

    @AfterAll
    void stopEverything() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPlannedExampleReplayedUnderV1ShowsWhatV1DecidesAndLeavesTheLiveCaseAsItWas() throws Exception {
        String hospital = "hosp-replay";
        ObjectNode event = copy(AMIODARONE, hospital, "REPLAY-1");
        String caseId = event.get("caseId").asText();
        String viewer = token(hospital, "case-viewer");
        assertEquals(202, post(event, token(hospital, "case-publisher")));
        awaitPlanned(viewer, List.of(caseId));

        HttpResponse<String> view = get("/api/v1/cases/" + caseId, viewer);
        String etag = view.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> historyPage = get("/api/v1/cases/" + caseId + "/history", viewer);
        assertEquals(200, historyPage.statusCode(), historyPage.body());
        String history = historyPage.body();
        // The paged history ({items, nextCursor, hasMore}): the event and its three stage results, on one page.
        List<String> kinds = new ArrayList<>();
        JSON.readTree(history).path("items").forEach(item -> kinds.add(item.path("kind").asText()));
        assertEquals(List.of("event", "stage-result", "stage-result", "stage-result"), kinds, history);

        HttpResponse<String> accepted = send("/api/v1/cases/" + caseId + "/replays", viewer, "{\"knowledgeVersion\":\"" + V1 + "\"}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("running", JSON.readTree(accepted.body()).get("status").asText());
        String replayId = JSON.readTree(accepted.body()).get("replayId").asText();
        JsonNode replay = awaitFinished("/api/v1/cases/" + caseId + "/replays/" + replayId, viewer);

        assertEquals("done", replay.get("status").asText(), "replay finished as: " + replay.path("summary").asText());
        JsonNode candidate = replay.get("candidate");
        JsonNode baseline = replay.get("baseline");
        List<Executable> checks = new ArrayList<>(ContractExpectations.checks(examples.get(AMIODARONE).get("expected"), candidate));
        for (String section : List.of("symptomAssessment", "causeAssessment", "treatmentPlan")) {
            checks.add(() -> assertEquals(V1, candidate.path(section).path("knowledgeVersion").asText(null),
                    "candidate " + section + ".knowledgeVersion"));
            checks.add(() -> assertEquals(JSON.readTree(view.body()).get(section), baseline.get(section), "baseline " + section));
        }
        assertAll("the v1 replay of " + AMIODARONE, checks.stream());

        // v2 withdraws the drug and treats the moderate OP (oral glucocorticoid); v1 only treats the cause.
        assertEquals("oral-glucocorticoid", baseline.path("treatmentPlan").path("recommendation").asText());
        JsonNode recommendation = change(replay, "/treatmentPlan/recommendation");
        assertNotNull(recommendation, "the recommendation change is listed: " + replay.get("changes"));
        assertAll(
                () -> assertEquals("oral-glucocorticoid", recommendation.get("from").asText()),
                () -> assertEquals("treat-underlying-cause", recommendation.get("to").asText()),
                () -> assertTrue(recommendation.get("significant").asBoolean(), "significant"),
                () -> assertTrue(change(replay, "/treatmentPlan/glucocorticoidRecommended").get("significant").asBoolean()),
                () -> assertFalse(change(replay, "/treatmentPlan/knowledgeVersion").get("significant").asBoolean()),
                () -> assertTrue(replay.get("summary").asText().contains(
                        "recommendation changes from oral-glucocorticoid to treat-underlying-cause"), replay.get("summary").asText()));

        HttpResponse<String> after = get("/api/v1/cases/" + caseId, viewer);
        assertAll("the live case after the replay",
                () -> assertEquals(view.body(), after.body(), "view"),
                () -> assertEquals(etag, after.headers().firstValue("ETag").orElse(null), "ETag"),
                () -> assertEquals(history, get("/api/v1/cases/" + caseId + "/history", viewer).body(), "history"));

        assertEquals(404, send("/api/v1/cases/" + caseId + "/replays", token("hosp-other", "case-viewer"),
                "{\"knowledgeVersion\":\"" + V1 + "\"}").statusCode(), "another hospital does not see the case");
        assertEquals(400, send("/api/v1/cases/" + caseId + "/replays", viewer, "{\"knowledgeVersion\":\"cop-knowledge-v0\"}")
                .statusCode(), "unknown knowledge version");
    }

    @Test
    void aKnowledgeImpactRunOverAHandfulOfCasesCountsWhatChanges() throws Exception {
        String hospital = "hosp-impact";
        String viewer = token(hospital, "case-viewer");
        String publisher = token(hospital, "case-publisher");
        Map<String, String> exampleOfCase = new HashMap<>();
        for (String name : examples.keySet()) {
            ObjectNode event = copy(name, hospital, "IMPACT-" + name);
            exampleOfCase.put(event.get("caseId").asText(), name);
            assertEquals(202, post(event, publisher), name);
        }
        awaitPlanned(viewer, List.copyOf(exampleOfCase.keySet()));
        // The list leaves out rows updated within the last second: wait until it shows every case.
        Awaitility.await("every case listed").atMost(PLANNED_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(get("/api/v1/cases?limit=500", viewer).body()).get("items").size() == examples.size());
        String listBefore = get("/api/v1/cases?limit=500", viewer).body();

        HttpResponse<String> accepted = send("/api/v1/knowledge-impact", viewer, "{\"from\":\"" + V1 + "\",\"to\":\"" + V2 + "\"}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals(examples.size(), JSON.readTree(accepted.body()).get("cases").asInt());
        String impactId = JSON.readTree(accepted.body()).get("impactId").asText();
        JsonNode report = awaitFinished("/api/v1/knowledge-impact/" + impactId + "?limit=500", viewer);

        assertAll("knowledge impact " + report,
                () -> assertEquals("done", report.get("status").asText()),
                () -> assertEquals(examples.size(), report.get("cases").asInt()),
                () -> assertEquals(examples.size(), report.get("compared").asInt(), "both replays of every case done"),
                () -> assertEquals(0, report.get("failed").asInt()),
                () -> assertTrue(report.get("nextCursor").isNull()));
        JsonNode items = report.get("items");
        int recommendations = 0;
        int conclusions = 0;
        JsonNode amiodarone = null;
        for (JsonNode item : items) {
            String name = exampleOfCase.get(item.get("caseId").asText());
            assertNotNull(name, "an item of this run's cases: " + item);
            JsonNode expected = examples.get(name).get("expected");
            // The "from" side is v1: what the contract's examples expect.
            assertAll(name,
                    () -> assertEquals(expected.get("conclusion").asText(), item.get("from").get("conclusion").asText()),
                    () -> assertEquals(expected.get("recommendation").asText(), item.get("from").get("recommendation").asText()),
                    () -> assertEquals(expected.get("glucocorticoidRecommended").asBoolean(),
                            item.get("from").get("glucocorticoidRecommended").asBoolean()));
            recommendations += item.get("from").get("recommendation").equals(item.get("to").get("recommendation")) ? 0 : 1;
            conclusions += item.get("from").get("conclusion").equals(item.get("to").get("conclusion")) ? 0 : 1;
            if (AMIODARONE.equals(name)) {
                amiodarone = item;
            }
        }
        assertNotNull(amiodarone, AMIODARONE + " is among the cases whose outcome differs: " + items);
        assertEquals("treat-underlying-cause", amiodarone.get("from").get("recommendation").asText());
        assertEquals("oral-glucocorticoid", amiodarone.get("to").get("recommendation").asText());
        assertEquals(recommendations, report.get("changed").get("recommendation").asInt(), "recommendation count");
        assertEquals(conclusions, report.get("changed").get("conclusion").asInt(), "conclusion count");
        assertTrue(report.get("changed").get("glucocorticoidRecommended").asInt() >= 1, "glucocorticoid count");

        assertEquals(listBefore, get("/api/v1/cases?limit=500", viewer).body(), "no live view changed");
    }

    /** The example's event as a new case of {@code hospital}. */
    private ObjectNode copy(String example, String hospital, String caseId) {
        ObjectNode event = examples.get(example).get("event").deepCopy();
        return event.put("eventId", UUID.randomUUID().toString()).put("caseId", caseId).put("hospitalId", hospital);
    }

    private static JsonNode change(JsonNode replay, String path) {
        for (JsonNode change : replay.get("changes")) {
            if (path.equals(change.get("path").asText())) {
                return change;
            }
        }
        return null;
    }

    private void awaitPlanned(String viewer, List<String> caseIds) {
        Awaitility.await("planned: " + caseIds + "; " + TestSupport.logsHint(stateDir))
                .atMost(PLANNED_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (String caseId : caseIds) {
                        HttpResponse<String> view = get("/api/v1/cases/" + caseId, viewer);
                        if (view.statusCode() != 200 || !TestSupport.plannedWithEverySection(JSON.readTree(view.body()))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** Polls a replay or impact run until it is no longer running; returns its last answer. */
    private JsonNode awaitFinished(String path, String viewer) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await(path + " finished; " + TestSupport.logsHint(stateDir))
                .atMost(REPLAY_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> answer = get(path, viewer);
                    assertEquals(200, answer.statusCode(), answer.body());
                    last[0] = JSON.readTree(answer.body());
                    return !"running".equals(last[0].get("status").asText());
                });
        return last[0];
    }

    private int post(JsonNode event, String token) throws IOException, InterruptedException {
        return send("/api/v1/case-events", token, JSON.writeValueAsString(event)).statusCode();
    }

    private HttpResponse<String> send(String path, String token, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String hospital, String... roles) {
        return DevToken.sign(DevKeys.load(stateDir).privateKey(),
                new DevToken.Request(hospital, List.of(roles), null, Duration.ofMinutes(30)), Instant.now());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10)).GET()
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
