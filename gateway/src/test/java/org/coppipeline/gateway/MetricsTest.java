package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Management;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/** The gateway's counters on /q/metrics (management port): events by outcome, projected results by stage and outcome; no ids in tags. */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class MetricsTest {

    static final String HOSPITAL = "h-metrics";

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void acceptedEventsAndProjectedAndUnprocessableResultsAreCounted() {
        drainTheProjectorsChannels();
        double accepted = sum("gateway_case_events_total", "outcome=\"accepted\"");
        double scored = sum("gateway_projector_results_total", "stage=\"scored\"", "outcome=\"applied\"");
        double unprocessable = sum("gateway_projector_results_total", "outcome=\"unprocessable\"");
        double batches = count("gateway_projector_batch_write_seconds_count");

        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("metrics"));
        Api.post(Tokens.publisher(HOSPITAL), event.toString()).then().statusCode(202);
        StageResults.send(connector, "case-scored", StageRecords.scored(event));
        StageResults.send(connector, "case-assessed", "not a record");

        assertThat(sum("gateway_case_events_total", "outcome=\"accepted\"")).isEqualTo(accepted + 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(sum("gateway_projector_results_total", "stage=\"scored\"", "outcome=\"applied\"")).isEqualTo(scored + 1);
            assertThat(sum("gateway_projector_results_total", "outcome=\"unprocessable\"")).isEqualTo(unprocessable + 1);
            // The scored record was written as a batch of one; the unreadable one never reached the database.
            assertThat(count("gateway_projector_batch_write_seconds_count")).isGreaterThanOrEqualTo(batches + 1);
        });
        for (String line : ours()) {
            assertThat(line).doesNotContain(HOSPITAL).doesNotContain(event.get("caseId").asText())
                    .doesNotContain(event.get("eventId").asText());
        }
    }

    /**
     * The counters are the application's, shared with every test class before this one: records another class sent
     * and did not wait for would move them under this test. A marker behind them on each channel (each is consumed
     * in order, one record after the other) shows they were all handled. The markers' own counts land outside the
     * samples measured here: they are results of an event a newer one has replaced in the view, recorded, not applied.
     */
    private void drainTheProjectorsChannels() {
        String caseId = Events.newCaseId("metrics-drain");
        ObjectNode marker = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-06-01T09:00:00Z"));
        ObjectNode newer = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-06-02T09:00:00Z"));
        for (ObjectNode event : List.of(marker, newer)) {
            Api.post(Tokens.publisher(HOSPITAL), event.toString()).then().statusCode(202);
        }
        StageResults.send(connector, "case-planned", StageRecords.planned(marker, "cop-probable", "oral-glucocorticoid"));
        StageResults.send(connector, "case-scored", StageRecords.scored(marker));
        StageResults.send(connector, "case-assessed", StageRecords.assessed(marker, "cop-probable"));
        await().atMost(Duration.ofSeconds(60)).until(() -> results(marker) == 3);
    }

    private long results(ObjectNode event) {
        return Database.count(dataSource, "SELECT count(*) FROM stage_result WHERE event_id = ?",
                UUID.fromString(event.get("eventId").asText()));
    }

    private static List<String> ours() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("gateway_")).toList();
    }

    /** Sum of the samples of {@code name} that have every one of {@code labels} (0 when there is none yet). */
    private static double sum(String name, String... labels) {
        return ours().stream().filter(l -> l.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(MetricsTest::value).sum();
    }

    /** A sample without labels (0 when there is none yet). */
    private static double count(String name) {
        return ours().stream().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> l.startsWith(name + "{") ? value(l)
                        : Double.parseDouble(l.substring(name.length() + 1).split(" ")[0])).sum();
    }

    /** The sample's value: the number after the labels (OpenMetrics may follow it with an exemplar and its timestamp). */
    private static double value(String sample) {
        return Double.parseDouble(sample.substring(sample.indexOf("} ") + 2).split(" ")[0]);
    }
}
