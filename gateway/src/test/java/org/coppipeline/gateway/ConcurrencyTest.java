package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.KafkaRecords;
import org.coppipeline.gateway.support.Tokens;

/** Parallel posts of one case end in one consistent view: the newest event, with Kafka holding the same order. */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class ConcurrencyTest {

    static final String HOSPITAL = "h-conc";
    static final String PUBLISHER = Tokens.publisher(HOSPITAL);
    static final int N = 16;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    static List<Response> inParallel(List<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (String body : bodies) {
                Callable<Response> call = () -> {
                    start.await();
                    return Api.post(PUBLISHER, body);
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelEventsOfOneCaseEndInTheNewest() throws Exception {
        String caseId = Events.newCaseId("race");
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            events.add(Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-06-01T00:00:00Z").plusSeconds(i * 60L)));
        }
        Collections.shuffle(events);
        List<Response> responses = inParallel(events.stream().map(ObjectNode::toString).toList());

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(202));
        ObjectNode newest = events.stream().max(Comparator.comparing(e -> Instant.parse(e.get("occurredAt").asText()))).orElseThrow();
        Api.view(Tokens.viewer(HOSPITAL), caseId).then()
                .statusCode(200)
                .body("eventId", org.hamcrest.Matchers.equalTo(newest.get("eventId").asText()))
                .body("occurredAt", org.hamcrest.Matchers.equalTo(newest.get("occurredAt").asText()))
                .body("stage", org.hamcrest.Matchers.equalTo("received"));
        assertThat(Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isEqualTo(N);
        assertThat(Database.count(dataSource, "SELECT count(*) FROM case_view WHERE hospital_id = ? AND case_id = ?",
                HOSPITAL, caseId)).isEqualTo(1);
        // The newest event is never answered stale; every answer matches what was stored.
        for (int i = 0; i < N; i++) {
            String eventId = events.get(i).get("eventId").asText();
            String status = responses.get(i).jsonPath().getString("status");
            assertThat(Database.text(dataSource, "SELECT status FROM accepted_event WHERE event_id = ?", UUID.fromString(eventId)))
                    .isEqualTo(status);
            if (eventId.equals(newest.get("eventId").asText())) {
                assertThat(status).isEqualTo("accepted");
            }
        }
        // Writes of one case are serialized through Kafka: each accepted event is newer than every event before it.
        var records = KafkaRecords.withKey(connector.sink("case-events"), HOSPITAL + "/" + caseId);
        assertThat(records).hasSize(N);
        Instant newestSoFar = Instant.MIN;
        for (var record : records) {
            JsonNode value = Events.JSON.readTree(record.getPayload());
            Instant occurredAt = Instant.parse(value.get("occurredAt").asText());
            String status = Database.text(dataSource, "SELECT status FROM accepted_event WHERE event_id = ?",
                    UUID.fromString(value.get("eventId").asText()));
            assertThat(status).isEqualTo(occurredAt.isAfter(newestSoFar) ? "accepted" : "stale");
            if (occurredAt.isAfter(newestSoFar)) {
                newestSoFar = occurredAt;
            }
        }
    }

    @Test
    void parallelRepeatsOfOneEventStoreItOnce() throws Exception {
        String caseId = Events.newCaseId("repeat-race");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        List<Response> responses = inParallel(Collections.nCopies(N, event.toString()));
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.jsonPath().getString("status")).isEqualTo("accepted");
        });
        assertThat(Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE event_id = ?",
                UUID.fromString(event.get("eventId").asText()))).isEqualTo(1);
        assertThat(KafkaRecords.withEventId(connector.sink("case-events"), event.get("eventId").asText())).hasSize(1);
    }
}
