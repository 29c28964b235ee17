package org.coppipeline.treatment.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.tracing.KafkaOpenTelemetryInstrumenter;
import io.smallrye.reactive.messaging.kafka.tracing.KafkaTrace;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

import org.coppipeline.treatment.domain.Recommendation;
import org.coppipeline.treatment.domain.Severity;

/**
 * Traces and metrics of the stage as it runs. The in-memory channels stand in for Kafka, so the Kafka connector's
 * own tracing steps are applied here by hand, with the connector's classes: on the way in what its source does with a
 * consumed record (a consumer span continuing the record's traceparent), on the way out what its sink does before it
 * sends (a producer span, written as the record's traceparent header).
 */
@QuarkusTest
@WithTestResource(InMemoryChannels.class)
class ObservabilityTest {

    private static final String STAGE = "treatment-service";

    @Inject
    @Connector(InMemoryConnector.CONNECTOR)
    InMemoryConnector connector;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @Inject
    ObjectMapper mapper;

    private InMemorySource<Message<?>> in;
    private InMemorySink<byte[]> out;
    private InMemorySink<byte[]> dlq;

    @BeforeEach
    void channels() {
        in = connector.source(Topics.IN);
        out = connector.sink(Topics.OUT);
        dlq = connector.sink(Topics.DLQ);
        out.clear();
        dlq.clear();
    }

    /** The classic example as the exclusion stage forwards it: every cause excluded, COP confirmed. */
    private String validRecord() throws Exception {
        JsonNode example = mapper.readTree(Files.readString(
                Paths.get("src/test/resources/contract/examples/classic-cop-moderate.json"), StandardCharsets.UTF_8));
        ObjectNode record = example.path("event").deepCopy();
        record.putObject("symptomAssessment").put("suspicionScore", 17).put("suspicion", "high")
                .put("knowledgeVersion", "cop-knowledge-v1");
        ObjectNode cause = record.putObject("causeAssessment");
        cause.put("conclusion", "cop-confirmed").put("opEvidence", "confirmed").put("knowledgeVersion", "cop-knowledge-v1");
        ObjectNode categories = cause.putObject("categories");
        example.path("expected").path("categories").fieldNames().forEachRemaining(name -> categories.putObject(name)
                .put("status", "excluded").set("evidence", mapper.createArrayNode()));
        cause.putArray("alternativeDiagnoses");
        return mapper.writeValueAsString(record);
    }

    /** Each record of a poll continues its own trace (issue 15: batches keep the per-record traceparent). */
    @Test
    void eachConsumedRecordsTraceContinuesIntoExactlyOneTraceparentOfItsOutgoingRecord() throws Exception {
        String otherTraceId = hex(32);
        Poll poll = Poll.of(validRecord())
                .add(validRecord(), traceparent(otherTraceId, hex(16)));
        String traceId = hex(32);
        String upstreamSpanId = hex(16);
        poll.add(validRecord(), traceparent(traceId, upstreamSpanId));
        KafkaRecordBatch<byte[], byte[]> batch = poll.batch();
        // What the connector's source does to each record of a batch before the stage sees it.
        KafkaOpenTelemetryInstrumenter consumerSide = KafkaOpenTelemetryInstrumenter.createForSource(openTelemetry);
        for (KafkaRecord<byte[], byte[]> record : batch.getRecords()) {
            consumerSide.traceIncoming(record, new KafkaTrace.Builder().withTopic(Topics.IN).withPartition(0)
                    .withOffset(record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getOffset())
                    .withGroupId(STAGE).withHeaders(record.getHeaders()).build(), false);
        }
        in.send(batch);

        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 3);
        assertEquals(otherTraceId, traceIdOf(out.received().get(1)), "the second record keeps its own trace");
        Message<byte[]> sent = out.received().get(2);
        Headers produced = new RecordHeaders(
                sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders().toArray());
        assertNull(produced.lastHeader("traceparent"), "the stage writes no traceparent itself: the sink writes it");
        KafkaOpenTelemetryInstrumenter.createForSink(openTelemetry).traceOutgoing(sent,
                new KafkaTrace.Builder().withTopic(Topics.OUT).withHeaders(produced).build());

        List<Header> traceparents = Arrays.asList(produced.toArray()).stream()
                .filter(h -> h.key().equals("traceparent")).toList();
        assertEquals(1, traceparents.size(), "one traceparent per record");
        String[] outgoing = new String(traceparents.get(0).value(), StandardCharsets.UTF_8).split("-");
        assertEquals(traceId, outgoing[1], "the outgoing record carries the incoming trace");

        SpanData consumer = await().atMost(Duration.ofSeconds(60)).until(() -> span(traceId, SpanKind.CONSUMER),
                s -> s != null);
        SpanData producer = await().atMost(Duration.ofSeconds(60)).until(() -> span(traceId, SpanKind.PRODUCER),
                s -> s != null);
        assertEquals(upstreamSpanId, consumer.getParentSpanId(), "the consumer span continues the record's traceparent");
        assertEquals(consumer.getSpanId(), producer.getParentSpanId(), "the record is produced within the consumed one's trace");
        assertEquals(producer.getSpanId(), outgoing[2], "the header names the producer span");
    }

    /** The trace id of the traceparent the sink would write for this outgoing record. */
    private String traceIdOf(Message<byte[]> sent) {
        Headers produced = new RecordHeaders(
                sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders().toArray());
        KafkaOpenTelemetryInstrumenter.createForSink(openTelemetry).traceOutgoing(sent,
                new KafkaTrace.Builder().withTopic(Topics.OUT).withHeaders(produced).build());
        return new String(produced.lastHeader("traceparent").value(), StandardCharsets.UTF_8).split("-")[1];
    }

    private static Headers traceparent(String traceId, String spanId) {
        return new RecordHeaders()
                .add("traceparent", ("00-" + traceId + "-" + spanId + "-01").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countersOfRecordsDeadLettersRecommendationsAndSeveritiesMoveOnTheMetricsEndpoint() throws Exception {
        double processed = metric("cop_stage_records_total", "outcome=\"processed\"");
        double deadLettered = metric("cop_stage_records_total", "outcome=\"dead-lettered\"");
        double badRecords = metric("cop_stage_dead_letters_total", "cause=\"record\"");
        Map<String, Double> recommendations = new HashMap<>();
        for (Recommendation r : Recommendation.values()) {
            recommendations.put(r.code(), metric("cop_treatment_recommendation_total", "recommendation=\"" + r.code() + "\""));
        }
        Map<String, Double> severities = new HashMap<>();
        for (Severity s : Severity.values()) {
            severities.put(s.code(), metric("cop_treatment_severity_total", "severity=\"" + s.code() + "\""));
        }

        // One poll: a good record, then one that cannot be read.
        Poll poll = Poll.of(validRecord(), "{ not json");
        in.send(poll.batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 1 && dlq.received().size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(poll::acknowledged);
        JsonNode plan = mapper.readTree(out.received().get(0).getPayload()).path("treatmentPlan");

        assertEquals(processed + 1, metric("cop_stage_records_total", "outcome=\"processed\""));
        assertEquals(deadLettered + 1, metric("cop_stage_records_total", "outcome=\"dead-lettered\""));
        assertEquals(badRecords + 1, metric("cop_stage_dead_letters_total", "cause=\"record\""));
        for (Recommendation r : Recommendation.values()) {
            assertEquals(recommendations.get(r.code()) + (r.code().equals(plan.path("recommendation").asText()) ? 1 : 0),
                    metric("cop_treatment_recommendation_total", "recommendation=\"" + r.code() + "\""), r.code());
        }
        for (Severity s : Severity.values()) {
            assertEquals(severities.get(s.code()) + (s.code().equals(plan.path("severity").asText()) ? 1 : 0),
                    metric("cop_treatment_severity_total", "severity=\"" + s.code() + "\""), s.code());
        }
    }

    @Test
    void aReplayRecordCountsAsReplayedAndNeverInTheRuleOutcomes() throws Exception {
        double processed = metric("cop_stage_records_total", "outcome=\"processed\"");
        double replayed = metric("cop_stage_records_total", "outcome=\"replayed\"");
        Map<String, Double> outcomes = new HashMap<>();
        for (Recommendation r : Recommendation.values()) {
            outcomes.put(r.code(), metric("cop_treatment_recommendation_total", "recommendation=\"" + r.code() + "\""));
        }
        for (Severity s : Severity.values()) {
            outcomes.put(s.code(), metric("cop_treatment_severity_total", "severity=\"" + s.code() + "\""));
        }

        for (String version : new String[] { "cop-knowledge-v1", "cop-knowledge-v2" }) {
            in.send(StageRecords.fromKafka(validRecord(), StageRecords.replayHeaders("replay-" + version, version)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 2);

        assertEquals(replayed + 2, metric("cop_stage_records_total", "outcome=\"replayed\""));
        assertEquals(processed, metric("cop_stage_records_total", "outcome=\"processed\""));
        for (Recommendation r : Recommendation.values()) {
            assertEquals(outcomes.get(r.code()), metric("cop_treatment_recommendation_total", "recommendation=\"" + r.code() + "\""),
                    r.code());
        }
        for (Severity s : Severity.values()) {
            assertEquals(outcomes.get(s.code()), metric("cop_treatment_severity_total", "severity=\"" + s.code() + "\""), s.code());
        }
    }

    @Test
    void metricTagsNameNoCaseAndNoHospital() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> ours = metrics.lines().filter(l -> l.startsWith("cop_")).toList();
        assertFalse(ours.isEmpty());
        for (String line : ours) {
            assertFalse(line.contains("hosp-") || line.contains("PUB-") || line.contains("caseId") || line.contains("eventId"),
                    line);
        }
        // Every value shows from the start, so a dashboard sees a zero rather than nothing.
        for (Recommendation r : Recommendation.values()) {
            assertTrue(ours.stream().anyMatch(l -> l.startsWith("cop_treatment_recommendation_total{")
                    && l.contains("recommendation=\"" + r.code() + "\"")), r.code());
        }
        for (Severity s : Severity.values()) {
            assertTrue(ours.stream().anyMatch(l -> l.startsWith("cop_treatment_severity_total{")
                    && l.contains("severity=\"" + s.code() + "\"")), s.code());
        }
    }

    /** CONTRACT 1: health and metrics answer on the management port, never on the API port. */
    @Test
    void metricsAndHealthAreOnTheManagementPortOnly() {
        management().get("/q/health/live").then().statusCode(200);
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/live", "/q/health/ready")) {
            given().get(path).then().statusCode(404);
        }
    }

    /** The management interface, on a port of its own: in tests a free one, published under this property once bound. */
    private static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }

    /** The value of the one sample of {@code name} with this stage's tag and {@code label}, from /q/metrics. */
    private static double metric(String name, String label) {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> samples = metrics.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label)
                        && (!name.startsWith("cop_stage_") || l.contains("stage=\"" + STAGE + "\"")))
                .toList();
        assertEquals(1, samples.size(), name + " " + label + " in " + samples);
        String sample = samples.get(0);
        return value(sample);
    }

    private SpanData span(String traceId, SpanKind kind) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == kind)
                .findFirst().orElse(null);
    }

    private static String hex(int digits) {
        StringBuilder out = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (out.length() < digits) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    /** The sample's value: the number after the labels (OpenMetrics may follow it with an exemplar and its timestamp). */
    private static double value(String sample) {
        return Double.parseDouble(sample.substring(sample.indexOf("} ") + 2).split(" ")[0]);
    }
}
