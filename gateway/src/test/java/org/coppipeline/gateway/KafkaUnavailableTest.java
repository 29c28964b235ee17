package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Tokens;

/**
 * The case-events channel is a real Kafka producer pointed at a port where nothing listens: a POST must answer
 * 503 with Retry-After in bounded time (the client gives up after 30 s, far above the configured 4 s), and leave
 * no accepted row behind.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.DeadKafka.class)
class KafkaUnavailableTest {

    public static class DeadKafka implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GatewayTestResources.class,
                    Map.of(GatewayTestResources.KAFKA, GatewayTestResources.DEAD)));
        }
    }

    static final String HOSPITAL = "h-dead";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void unreachableKafkaIs503WithRetryAfterAndNothingStored() {
        String caseId = Events.newCaseId("dead");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        UUID eventId = UUID.fromString(event.get("eventId").asText());
        RestAssuredConfig bounded = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 30_000)
                .setParam("http.connection.timeout", 5_000));

        for (int attempt = 0; attempt < 2; attempt++) {
            io.restassured.RestAssured.given().config(bounded)
                    .header("Authorization", "Bearer " + Tokens.publisher(HOSPITAL))
                    .contentType("application/json")
                    .body(event.toString())
                    .post("/api/v1/case-events").then()
                    .statusCode(503)
                    .contentType(Problem.MEDIA_TYPE)
                    .header("Retry-After", "5")
                    .body("type", equalTo("urn:cop-pipeline:problem:service-unavailable"));
        }

        assertThat(Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE event_id = ?", eventId)).isZero();
        assertThat(Database.count(dataSource, "SELECT count(*) FROM case_view WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isZero();
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + Tokens.viewer(HOSPITAL))
                .get("/api/v1/cases/" + caseId).then().statusCode(404);
    }

    @Test
    void readsStillWorkWithoutKafka() {
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + Tokens.viewer(HOSPITAL))
                .get("/api/v1/cases").then().statusCode(200);
    }
}
