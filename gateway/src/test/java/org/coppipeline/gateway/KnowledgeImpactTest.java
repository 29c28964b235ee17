package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.KafkaRecords;
import org.coppipeline.gateway.support.Replays;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 9, knowledge impact: every case of a hospital (as many as the list's cursor walk uses) replayed under two
 * versions. The test plays the stages with an outcome that depends on the case and the version, so the counts and the
 * items it must see are known in advance; the items are walked in small pages.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class KnowledgeImpactTest {

    static final int CASES = CursorWalkTest.CASES;
    static final int PAGE = 7;
    static final String FROM = Replays.V2;
    static final String TO = Replays.V1;
    static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    @Any
    InMemoryConnector connector;

    /** The outcome the stages give case {@code i} under {@code version}: v1 differs on a known pattern of cases. */
    record Outcome(String conclusion, String recommendation, boolean glucocorticoid, boolean critical) {
        static Outcome of(int i, String version) {
            if (version.equals(FROM)) {
                return new Outcome("cop-probable", "oral-glucocorticoid", true, false);
            }
            String recommendation = i % 3 == 0 ? "treat-underlying-cause" : "oral-glucocorticoid";
            return new Outcome(i % 5 == 0 ? "secondary-op" : "cop-probable", recommendation,
                    recommendation.equals("oral-glucocorticoid"), i % 7 == 0);
        }
    }

    static int index(String caseId) {
        return Integer.parseInt(caseId.substring("impact-".length()));
    }

    /** Answers, as the three stages would, every replay record of the hospital not answered yet. */
    void playStages(String hospital, Set<String> answered) {
        for (Message<String> sent : sink().received()) {
            String replayId = KafkaRecords.header(sent, "replayId").orElse("");
            if (!hospital.equals(KafkaRecords.header(sent, "hospitalId").orElse(null)) || !answered.add(replayId)) {
                continue;
            }
            String version = KafkaRecords.header(sent, "replayKnowledgeVersion").orElseThrow();
            ObjectNode record;
            try {
                record = (ObjectNode) Events.JSON.readTree(sent.getPayload());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Outcome outcome = Outcome.of(index(record.get("caseId").asText()), version);
            record.set("symptomAssessment", StageRecords.symptomAssessment(9, "high").put("knowledgeVersion", version));
            record.set("causeAssessment", StageRecords.causeAssessment(outcome.conclusion()).put("knowledgeVersion", version));
            ObjectNode plan = StageRecords.treatmentPlan(outcome.recommendation(), "moderate").put("knowledgeVersion", version)
                    .put("glucocorticoidRecommended", outcome.glucocorticoid());
            if (outcome.critical()) {
                plan.withArray("warnings").addObject().put("level", "critical").put("code", "infection-not-excluded");
            }
            record.set("treatmentPlan", plan);
            connector.source(StageResults.CHANNEL).send(Replays.record("case-planned", KafkaRecords.key(sent), record.toString(),
                    Replays.headers(sent)));
        }
    }

    InMemorySink<String> sink() {
        return connector.sink(Replays.SINK);
    }

    static JsonPath report(String viewer, String impactId, Map<String, ?> query) {
        return Replays.impact(viewer, impactId, query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anImpactRunOverEveryCaseCountsWhatChangesAndPagesTheCasesThatDo() throws Exception {
        String hospital = "h-impact-" + UUID.randomUUID().toString().substring(0, 6);
        String publisher = Tokens.publisher(hospital);
        String viewer = Tokens.viewer(hospital);
        Instant between = null;
        for (int i = 0; i < CASES; i++) {
            String caseId = String.format("impact-%03d", (i * 7919) % CASES);
            Replays.postAccepted(publisher, Events.event(hospital, caseId).toString());
            if (i == CASES - 41) {
                between = Instant.now();
                Instant mark = between;
                await().atMost(WAIT).until(() -> Instant.now().isAfter(mark));
            }
        }

        var accepted = Replays.requestImpact(viewer, "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"}");
        accepted.then().statusCode(202).body("status", equalTo("running")).body("cases", equalTo(CASES));
        String impactId = accepted.jsonPath().getString("impactId");
        assertThat(accepted.getHeader("Location")).isEqualTo("/api/v1/knowledge-impact/" + impactId);
        assertThat(report(viewer, impactId, Map.of()).getString("status")).isEqualTo("running");

        Set<String> answered = new HashSet<>();
        await().atMost(WAIT).until(() -> {
            playStages(hospital, answered);
            return "done".equals(report(viewer, impactId, Map.of()).getString("status"));
        });
        assertThat(answered).hasSize(2 * CASES);

        int conclusion = 0;
        int recommendation = 0;
        int critical = 0;
        Set<String> changed = new TreeSet<>();
        for (int i = 0; i < CASES; i++) {
            Outcome from = Outcome.of(i, FROM);
            Outcome to = Outcome.of(i, TO);
            conclusion += from.conclusion().equals(to.conclusion()) ? 0 : 1;
            recommendation += from.recommendation().equals(to.recommendation()) ? 0 : 1;
            critical += from.critical() == to.critical() ? 0 : 1;
            if (!from.equals(to)) {
                changed.add(String.format("impact-%03d", i));
            }
        }
        JsonPath done = report(viewer, impactId, Map.of("limit", PAGE));
        assertThat(done.getInt("cases")).isEqualTo(CASES);
        assertThat(done.getInt("compared")).isEqualTo(CASES);
        assertThat(done.getInt("failed")).isZero();
        assertThat(done.getString("from")).isEqualTo(FROM);
        assertThat(done.getString("to")).isEqualTo(TO);
        assertThat(done.getMap("changed")).isEqualTo(Map.of("conclusion", conclusion, "recommendation", recommendation,
                "glucocorticoidRecommended", recommendation, "criticalWarning", critical, "severity", 0));
        assertThat(conclusion).isPositive();
        assertThat(critical).isPositive();

        // The items, walked in pages of 7: each changed case once, in case id order, with both outcomes.
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> query = new HashMap<>(Map.of("limit", PAGE));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonNode page = Events.JSON.readTree(Replays.impact(viewer, impactId, query).then().statusCode(200)
                    .header("Cache-Control", org.hamcrest.Matchers.containsString("no-store")).extract().asString());
            assertThat(page.get("items").size()).isLessThanOrEqualTo(PAGE);
            page.get("items").forEach(items::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            assertThat(++pages).isLessThanOrEqualTo(changed.size() / PAGE + 2);
        } while (cursor != null);
        assertThat(items.stream().map(item -> item.get("caseId").asText()).toList()).containsExactlyElementsOf(changed);
        for (JsonNode item : items) {
            int i = index(item.get("caseId").asText());
            for (String side : List.of("from", "to")) {
                Outcome expected = Outcome.of(i, side.equals("from") ? FROM : TO);
                JsonNode outcome = item.get(side);
                assertThat(outcome.get("conclusion").asText()).isEqualTo(expected.conclusion());
                assertThat(outcome.get("recommendation").asText()).isEqualTo(expected.recommendation());
                assertThat(outcome.get("glucocorticoidRecommended").asBoolean()).isEqualTo(expected.glucocorticoid());
                assertThat(outcome.get("criticalWarning").asBoolean()).isEqualTo(expected.critical());
                assertThat(outcome.get("severity").asText()).isEqualTo("moderate");
                assertThat(outcome.get("suspicion").asText()).isEqualTo("high");
            }
        }

        // Only the cases updated after a date: the 40 posted last.
        var later = Replays.requestImpact(viewer, "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"updatedAfter\":\""
                + between + "\"}");
        later.then().statusCode(202).body("cases", equalTo(40));
        String laterId = later.jsonPath().getString("impactId");
        assertThat(report(viewer, laterId, Map.of()).getInt("cases")).isEqualTo(40);
        Set<String> expectedLater = new TreeSet<>();
        for (int i = CASES - 40; i < CASES; i++) {
            expectedLater.add(String.format("impact-%03d", (i * 7919) % CASES));
        }
        await().atMost(WAIT).until(() -> laterCases(hospital, answered).size() == 80);
        Map<String, Long> perCase = new HashMap<>();
        laterCases(hospital, answered).forEach(c -> perCase.merge(c, 1L, Long::sum));
        assertThat(new TreeSet<>(perCase.keySet())).isEqualTo(expectedLater);
        assertThat(perCase.values()).containsOnly(2L);

        // Another hospital sees no such run; bad paging parameters are 400s.
        Replays.impact(Tokens.viewer("h-someone-else"), impactId, Map.of()).then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        Replays.impact(viewer, UUID.randomUUID().toString(), Map.of()).then().statusCode(404);
        Replays.impact(viewer, "not-a-uuid", Map.of()).then().statusCode(404);
        Replays.impact(viewer, impactId, Map.of("limit", 0)).then().statusCode(400).body("errors.parameter", equalTo(List.of("limit")));
        Replays.impact(viewer, impactId, Map.of("sort", "x")).then().statusCode(400).body("errors.parameter", equalTo(List.of("sort")));
        Replays.impact(viewer, impactId, Map.of("cursor", "garbage")).then().statusCode(400)
                .body("errors.parameter", equalTo(List.of("cursor")));
        String foreignCursor = report(viewer, impactId, Map.of("limit", 1)).getString("nextCursor");
        Replays.impact(viewer, laterId, Map.of("cursor", foreignCursor)).then().statusCode(400);
    }

    /** The case ids of the replay records sent for the hospital that were not answered by the first run. */
    List<String> laterCases(String hospital, Set<String> answered) {
        List<String> cases = new ArrayList<>();
        for (Message<String> sent : sink().received()) {
            String replayId = KafkaRecords.header(sent, "replayId").orElse("");
            if (hospital.equals(KafkaRecords.header(sent, "hospitalId").orElse(null)) && !answered.contains(replayId)) {
                cases.add(KafkaRecords.key(sent).substring(hospital.length() + 1));
            }
        }
        return cases;
    }

    @Test
    void invalidImpactRequestsAre400WithPointers() {
        String viewer = Tokens.viewer("h-impact-bad");
        Map<String, List<String>> cases = Map.of(
                "{}", List.of("/from", "/to"),
                "{\"from\":\"cop-knowledge-v1\",\"to\":\"cop-knowledge-v1\"}", List.of("/to"),
                "{\"from\":\"cop-knowledge-v3\",\"to\":\"cop-knowledge-v1\"}", List.of("/from"),
                "{\"from\":\"cop-knowledge-v2\",\"to\":\"cop-knowledge-v1\",\"updatedAfter\":\"yesterday\"}",
                List.of("/updatedAfter"),
                "{\"from\":\"cop-knowledge-v2\",\"to\":\"cop-knowledge-v1\",\"updatedAfter\":5}", List.of("/updatedAfter"),
                "{\"from\":\"cop-knowledge-v2\",\"to\":\"cop-knowledge-v1\",\"cases\":[]}", List.of("/cases"));
        cases.forEach((body, pointers) -> Replays.requestImpact(viewer, body).then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors.pointer", equalTo(pointers)));
        Replays.requestImpact(viewer, "{").then().statusCode(400).body("type", equalTo("urn:cop-pipeline:problem:malformed-json"));
    }
}
