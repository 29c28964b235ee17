package org.coppipeline.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.intake.CaseEvent;

/** Sends an accepted event to case-events and waits, bounded, for the broker's acknowledgement (acks=all). */
@ApplicationScoped
public class CaseEventPublisher {

    /** W3C trace context, version 00 layout; anything else is not forwarded. */
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");

    private final MutinyEmitter<String> emitter;
    private final Duration timeout;

    public CaseEventPublisher(@Channel(Topics.CASE_EVENTS) MutinyEmitter<String> emitter, GatewayConfig config) {
        this.emitter = emitter;
        this.timeout = config.publish().timeout();
    }

    /** Returns once Kafka acknowledged the record; throws {@link PublishFailedException} otherwise. */
    public void publish(CaseEvent event, String traceparent) {
        Headers headers = new RecordHeaders();
        header(headers, "eventId", event.eventId().toString());
        header(headers, "hospitalId", event.hospitalId());
        header(headers, "schemaVersion", Integer.toString(event.schemaVersion()));
        if (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) {
            header(headers, "traceparent", traceparent);
        }
        Message<String> record = Message.of(event.compactJson()).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build());
        try {
            emitter.sendMessage(record).await().atMost(timeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new PublishFailedException("no acknowledgement from Kafka within " + timeout);
        } catch (RuntimeException e) {
            // Buffer full, channel down, broker timeout or refusal: the cause's message is not passed on.
            throw new PublishFailedException("Kafka did not take the event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
