package org.coppipeline.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.intake.CaseEvent;

/**
 * Sends an accepted event to case-events and waits, bounded, for the broker's acknowledgement (acks=all).
 * The record's traceparent header is written by the Kafka connector from the span this message carries: the POST's
 * span (which continues the caller's traceparent, if it sent a valid one), attached here because the connector may
 * send the record from another thread than the request's.
 */
@ApplicationScoped
public class CaseEventPublisher {

    private final MutinyEmitter<String> emitter;
    private final Duration timeout;
    private final LivePublishes live;

    public CaseEventPublisher(@Channel(Topics.CASE_EVENTS) MutinyEmitter<String> emitter, GatewayConfig config,
            LivePublishes live) {
        this.emitter = emitter;
        this.timeout = config.publish().timeout();
        this.live = live;
    }

    /** Returns once Kafka acknowledged the record; throws {@link PublishFailedException} otherwise. */
    public void publish(CaseEvent event) {
        Headers headers = new RecordHeaders();
        header(headers, "eventId", event.eventId().toString());
        header(headers, "hospitalId", event.hospitalId());
        header(headers, "schemaVersion", Integer.toString(event.schemaVersion()));
        Message<String> record = Message.of(event.compactJson()).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build())
                .addMetadata(TracingMetadata.withCurrent(Context.current()));
        live.started();
        try {
            emitter.sendMessage(record).await().atMost(timeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new PublishFailedException("no acknowledgement from Kafka within " + timeout);
        } catch (RuntimeException e) {
            // Buffer full, channel down, broker timeout or refusal: the cause's message is not passed on.
            throw new PublishFailedException("Kafka did not take the event (" + e.getClass().getSimpleName() + ")");
        } finally {
            live.finished();
        }
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
