package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.tracing.KafkaOpenTelemetryInstrumenter;
import io.smallrye.reactive.messaging.kafka.tracing.KafkaTrace;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.KafkaRecords;
import org.coppipeline.gateway.support.Tokens;

/**
 * The POST's trace reaches the case-events record. The in-memory channel stands in for Kafka, so the sink's own
 * tracing step (a producer span, written as the record's traceparent header) is applied here by hand with the Kafka
 * connector's class, to the message exactly as the gateway handed it over.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class TracingTest {

    static final String HOSPITAL = "h-trace";

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @Test
    void thePostContinuesTheCallersTraceparentAndTheRecordCarriesExactlyOneOfTheSameTrace() {
        String traceId = hex(32);
        String callerSpanId = hex(16);
        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("trace"));
        Api.as(Tokens.publisher(HOSPITAL)).header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .contentType("application/json").body(event.toString()).post(Api.EVENTS).then().statusCode(202);

        Message<String> record = sent(event);
        assertThat(KafkaRecords.header(record, "traceparent")).as("the gateway writes no traceparent itself").isEmpty();
        String[] traceparent = traceparentWrittenBySink(record);
        assertThat(traceparent[1]).as("trace id of the record").isEqualTo(traceId);

        SpanData server = await().atMost(Duration.ofSeconds(60)).until(() -> span(traceId, SpanKind.SERVER), s -> s != null);
        SpanData producer = await().atMost(Duration.ofSeconds(60)).until(() -> span(traceId, SpanKind.PRODUCER), s -> s != null);
        assertThat(server.getParentSpanId()).as("the POST's span continues the caller's").isEqualTo(callerSpanId);
        assertThat(producer.getParentSpanId()).as("the record is produced within the POST").isEqualTo(server.getSpanId());
        assertThat(traceparent[2]).as("the header names the producer span").isEqualTo(producer.getSpanId());
    }

    @Test
    void aMalformedTraceparentStartsAFreshTraceAndIsNotPassedOn() {
        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("trace-bad"));
        Api.as(Tokens.publisher(HOSPITAL)).header("traceparent", "nonsense").contentType("application/json")
                .body(event.toString()).post(Api.EVENTS).then().statusCode(202);

        Message<String> record = sent(event);
        SpanContext context = Span.fromContext(TracingMetadata.fromMessage(record).orElseThrow().getCurrentContext())
                .getSpanContext();
        assertThat(context.isValid()).isTrue();
        String[] traceparent = traceparentWrittenBySink(record);
        assertThat(traceparent[1]).isEqualTo(context.getTraceId()).matches("[0-9a-f]{32}");
        SpanData server = await().atMost(Duration.ofSeconds(60))
                .until(() -> span(context.getTraceId(), SpanKind.SERVER), s -> s != null);
        assertThat(server.getParentSpanContext().isValid()).as("a root span: nothing of 'nonsense' was continued").isFalse();
    }

    private Message<String> sent(ObjectNode event) {
        List<? extends Message<String>> records = KafkaRecords.withEventId(connector.sink("case-events"),
                event.get("eventId").asText());
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    /** What the Kafka sink does before it sends: returns the parts of each traceparent header it wrote (exactly one). */
    private String[] traceparentWrittenBySink(Message<String> record) {
        Headers headers = new RecordHeaders(
                record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders().toArray());
        KafkaOpenTelemetryInstrumenter.createForSink(openTelemetry).traceOutgoing(record,
                new KafkaTrace.Builder().withTopic("case-events").withHeaders(headers).build());
        List<Header> traceparents = Arrays.stream(headers.toArray()).filter(h -> h.key().equals("traceparent")).toList();
        assertThat(traceparents).as("one traceparent per record").hasSize(1);
        return new String(traceparents.get(0).value(), StandardCharsets.UTF_8).split("-");
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
}
