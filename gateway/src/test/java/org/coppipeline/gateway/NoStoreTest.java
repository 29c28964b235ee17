package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Replays;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 1.1: every answer of the API carries Cache-Control: no-store: the views, lists, history, audit, replays and
 * knowledge-impact runs with case data, and every problem too (whoever wrote it: a resource, the security layer, the 413 guard, the quota).
 * ETag and If-None-Match keep working.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class NoStoreTest {

    static final String HOSPITAL = "h-nostore";

    @Test
    void everyAnswerOfTheApiIsNoStore() {
        String caseId = Events.newCaseId("nostore");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        String viewer = Tokens.viewer(HOSPITAL);
        Map<String, Response> answers = new LinkedHashMap<>();
        answers.put("202 post", Api.post(Tokens.publisher(HOSPITAL), event.toString()));
        answers.put("202 repeat", Api.post(Tokens.publisher(HOSPITAL), event.toString()));
        Response view = Api.view(viewer, caseId);
        answers.put("200 view", view);
        answers.put("304 view", Api.as(viewer).header("If-None-Match", view.header("ETag")).get(Api.CASES + "/" + caseId));
        answers.put("200 list", Api.as(viewer).get(Api.CASES));
        answers.put("200 history", Api.history(viewer, caseId));
        answers.put("200 audit", Api.audit(Tokens.auditor(HOSPITAL), Map.of()));
        answers.put("400 post", Api.post(Tokens.publisher(HOSPITAL), "{}"));
        answers.put("400 list", Api.as(viewer).queryParam("limit", "0").get(Api.CASES));
        answers.put("401", Api.view(null, caseId));
        answers.put("403 role", Api.view(Tokens.publisher(HOSPITAL), caseId));
        answers.put("403 tenant", Api.post(Tokens.publisher(HOSPITAL), Events.event("h-elsewhere", caseId).toString()));
        answers.put("404 case", Api.view(viewer, Events.newCaseId("missing")));
        answers.put("404 path", Api.as(viewer).get("/api/v1/nothing"));
        answers.put("409", Api.post(Tokens.publisher(HOSPITAL), event.deepCopy().put("caseId", Events.newCaseId("other")).toString()));
        answers.put("413", Api.post(Tokens.publisher(HOSPITAL), event + " ".repeat(300 * 1024)));
        // Replay and knowledge impact (CONTRACT 9) carry case data too.
        Response replay = Replays.request(viewer, caseId, "{\"knowledgeVersion\":\"cop-knowledge-v1\"}");
        answers.put("202 replay", replay);
        answers.put("200 replay", Replays.get(viewer, caseId, replay.jsonPath().getString("replayId")));
        answers.put("400 replay", Replays.request(viewer, caseId, "{}"));
        answers.put("404 replay", Replays.get(viewer, caseId, java.util.UUID.randomUUID().toString()));
        Response impact = Replays.requestImpact(viewer, "{\"from\":\"cop-knowledge-v1\",\"to\":\"cop-knowledge-v2\"}");
        answers.put("202 impact", impact);
        answers.put("200 impact", Replays.impact(viewer, impact.jsonPath().getString("impactId"), Map.of()));
        answers.put("400 impact", Replays.impact(viewer, impact.jsonPath().getString("impactId"), Map.of("limit", 0)));
        String flooding = Tokens.viewer(GatewayTestResources.FLOODING_HOSPITAL);
        Response limited;
        int tries = 0;
        do {
            limited = Api.as(flooding).get(Api.CASES);
        } while (limited.statusCode() == 200 && ++tries < 50);
        answers.put("429", limited);

        List<String> wrong = new ArrayList<>();
        answers.forEach((name, answer) -> {
            assertThat(answer.statusCode()).as(name).isEqualTo(Integer.parseInt(name.substring(0, 3)));
            if (!"no-store".equals(answer.header("Cache-Control"))) {
                wrong.add(name + ": " + answer.header("Cache-Control"));
            }
        });
        assertThat(wrong).as("answers without Cache-Control: no-store").isEmpty();
        assertThat(answers.get("304 view").header("ETag")).isEqualTo(view.header("ETag"));
    }
}
