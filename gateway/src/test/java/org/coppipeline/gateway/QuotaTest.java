package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Replays;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 1.1 quotas: a hospital beyond its request rate gets 429 with Retry-After, for that hospital only; another
 * hospital's reads keep answering 200 meanwhile. The flooding hospital has its own small quota (1/s, bursts of 5:
 * gateway.quota.hospital."h-quota-flood", GatewayTestResources), so that the test needs no thousands of requests.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class QuotaTest {

    static final String FLOODING = GatewayTestResources.FLOODING_HOSPITAL;
    static final String QUIET = "h-quota-quiet";

    @Test
    void aFloodingHospitalGets429WhileAnotherHospitalsReadsStay200() {
        String quietCase = Events.newCaseId("quiet");
        Api.post(Tokens.publisher(QUIET), Events.event(QUIET, quietCase).toString()).then().statusCode(202);
        String flooder = Tokens.token(FLOODING, Tokens.VIEWER, Tokens.PUBLISHER);
        String quiet = Tokens.viewer(QUIET);

        List<Integer> flood = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        Response refused = null;
        long started = System.nanoTime();
        for (int i = 0; i < 3 * GatewayTestResources.FLOODING_BURST; i++) {
            Response answer = i % 2 == 0 ? Api.as(flooder).get(Api.CASES)
                    : Api.post(flooder, Events.event(FLOODING, Events.newCaseId("flood")).toString());
            flood.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                refused = answer;
            }
            others.add(Api.view(quiet, quietCase).statusCode());
            others.add(Api.as(quiet).get(Api.CASES).statusCode());
        }

        // At most a burst and the refill (1/s) got through, less if an earlier test used some: GETs and POSTs alike.
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;
        assertThat(flood.stream().filter(s -> s != 429).count()).isLessThanOrEqualTo(GatewayTestResources.FLOODING_BURST + seconds);
        assertThat(flood).contains(429).allMatch(s -> s == 200 || s == 202 || s == 429);
        assertThat(others).allMatch(s -> s == 200);
        refused.then()
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(429))
                .body("type", equalTo("urn:cop-pipeline:problem:too-many-requests"));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);
    }

    /**
     * Replay and knowledge impact (CONTRACT 9) draw on the same bucket: once it is empty each of their four endpoints
     * answers 429 too (the requests here are refused past the quota anyway, 400 or 404, so nothing is queued).
     */
    @Test
    void replayAndKnowledgeImpactCountAgainstTheHospitalsRate() {
        String flooder = Tokens.viewer(FLOODING);
        Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
        calls.put("replay request", () -> Replays.request(flooder, Events.newCaseId("flood"), "{}"));
        calls.put("replay report", () -> Replays.get(flooder, Events.newCaseId("flood"), UUID.randomUUID().toString()));
        calls.put("impact request", () -> Replays.requestImpact(flooder, "{}"));
        calls.put("impact report", () -> Replays.impact(flooder, UUID.randomUUID().toString(), Map.of()));
        List<String> names = new ArrayList<>(calls.keySet());
        Map<String, List<Integer>> statuses = new LinkedHashMap<>();
        for (int round = 0; round < 3 * GatewayTestResources.FLOODING_BURST; round++) {
            // Each round starts with another endpoint: the token refilled meanwhile goes to a different one each time.
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                Response answer = calls.get(name).get();
                statuses.computeIfAbsent(name, n -> new ArrayList<>()).add(answer.statusCode());
                if (answer.statusCode() == 429) {
                    answer.then().contentType(Problem.MEDIA_TYPE)
                            .body("type", equalTo("urn:cop-pipeline:problem:too-many-requests"));
                    assertThat(answer.header("Retry-After")).isNotNull();
                }
            }
        }
        // 60 requests against a burst of 5 and 1 more a second: every endpoint meets the empty bucket.
        assertThat(statuses).allSatisfy((name, seen) -> assertThat(seen).as(name).contains(429)
                .allMatch(s -> s == 400 || s == 404 || s == 429));
    }
}
