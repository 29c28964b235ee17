package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.intake.CaseEvent;
import org.coppipeline.gateway.intake.CaseEventParser;
import org.coppipeline.gateway.messaging.LivePublishes;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Tokens;

/**
 * The case-events channel is a real Kafka producer pointed at a port where nothing listens: a POST must answer
 * 503 with Retry-After in bounded time (the client gives up after 30 s, far above the configured 4 s), and leave
 * no accepted row behind. While POSTs wait for Kafka they hold no database connection (CONTRACT 1.1: one hospital
 * never exhausts the pool for the others): the pool here has only {@link GatewayTestResources#DEAD_POOL} connections.
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
    static final String READER = "h-dead-reader";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry meters;

    @Inject
    CaseStore store;

    @Inject
    CaseEventParser parser;

    @Inject
    LivePublishes livePublishes;

    static final RestAssuredConfig BOUNDED = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 30_000)
            .setParam("http.connection.timeout", 5_000));

    static Response post(String hospital, ObjectNode event) {
        return io.restassured.RestAssured.given().config(BOUNDED)
                .header("Authorization", "Bearer " + Tokens.publisher(hospital))
                .contentType("application/json")
                .body(event.toString())
                .post("/api/v1/case-events");
    }

    /** POSTs waiting for Kafka's acknowledgement right now. */
    double publishing() {
        return meters.get("gateway.case.events.publishing").gauge().value();
    }

    /** Sends every body at once, one thread each; the answers in the same order. */
    static List<Response> inParallel(List<Callable<Response>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (Callable<Response> call : calls) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * More POSTs than the pool has connections wait for Kafka at the same time, and reads of another hospital are
     * answered meanwhile: a POST holds a connection only for its two short transactions, never across the wait (with
     * the case lock and a connection held for it, as before, the reads found no connection within the 2 s acquisition
     * timeout). Every POST then ends in 503 with Retry-After and leaves no row.
     */
    @Test
    void postsWaitingForKafkaHoldNoConnectionSoReadsKeepAnswering() throws Exception {
        String readCase = Events.newCaseId("readable");
        CaseEvent readable = parser.parse(Events.event(READER, readCase).toString().getBytes(StandardCharsets.UTF_8));
        AuditEntry audit = AuditEntry.of("setup", READER, AuditEntry.POST_EVENT, readCase, null);
        store.reserve(readable, audit);
        store.settle(readable, audit);

        List<ObjectNode> events = new ArrayList<>();
        for (String hospital : List.of("h-dead-1", "h-dead-2", "h-dead-3")) {
            for (int i = 0; i < 6; i++) {
                events.add(Events.event(hospital, Events.newCaseId("waiting")));
            }
        }
        assertThat(events.size()).isGreaterThan(GatewayTestResources.DEAD_POOL);
        CompletableFuture<List<Response>> posts = CompletableFuture.supplyAsync(() -> {
            try {
                return inParallel(events.stream().<Callable<Response>> map(e -> () -> post(e.get("hospitalId").asText(), e)).toList());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> publishing() > GatewayTestResources.DEAD_POOL);
        // What the replay dispatcher waits on before it sends a replay record (live first): the intake's publishes raise it.
        assertThat(livePublishes.inFlight()).as("live publishes in flight").isPositive();
        String viewer = Tokens.viewer(READER);
        for (int round = 0; round < 3; round++) {
            io.restassured.RestAssured.given().config(BOUNDED).header("Authorization", "Bearer " + viewer)
                    .get("/api/v1/cases/" + readCase).then().statusCode(200).body("caseId", equalTo(readCase));
            io.restassured.RestAssured.given().config(BOUNDED).header("Authorization", "Bearer " + viewer)
                    .get("/api/v1/cases/" + readCase + "/history").then().statusCode(200);
        }
        assertThat(publishing()).as("the POSTs were still waiting for Kafka while the reads were answered")
                .isGreaterThan(GatewayTestResources.DEAD_POOL);

        List<Response> answers = posts.get(60, TimeUnit.SECONDS);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("5");
            assertThat(answer.contentType()).startsWith(Problem.MEDIA_TYPE);
        });
        for (ObjectNode event : events) {
            assertThat(Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE hospital_id = ? AND event_id = ?",
                    event.get("hospitalId").asText(), UUID.fromString(event.get("eventId").asText()))).isZero();
        }
        assertThat(publishing()).isZero();
        assertThat(livePublishes.inFlight()).isZero();
    }

    /** CONTRACT 1.1: beyond its POSTs in flight a hospital gets 429 with Retry-After (this one has 2, GatewayTestResources). */
    @Test
    void aHospitalBeyondItsPostsInFlightGets429() throws Exception {
        String hospital = GatewayTestResources.NARROW_HOSPITAL;
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < GatewayTestResources.NARROW_POSTS + 3; i++) {
            ObjectNode event = Events.event(hospital, Events.newCaseId("narrow"));
            calls.add(() -> post(hospital, event));
        }
        List<Response> answers = inParallel(calls);
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertThat(statuses).containsOnly(429, 503).contains(429);
        assertThat(statuses.stream().filter(s -> s == 503).count()).isGreaterThanOrEqualTo(GatewayTestResources.NARROW_POSTS);
        answers.stream().filter(a -> a.statusCode() == 429).forEach(a -> a.then()
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", "1")
                .body("type", equalTo("urn:cop-pipeline:problem:too-many-requests")));
    }

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
