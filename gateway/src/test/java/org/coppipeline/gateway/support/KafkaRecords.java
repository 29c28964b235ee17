package org.coppipeline.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;

/** Reads what the gateway sent to the (in-memory) case-events channel. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    public static List<? extends Message<String>> withKey(InMemorySink<String> sink, String key) {
        return sink.received().stream().filter(m -> key.equals(key(m))).toList();
    }

    public static List<? extends Message<String>> withEventId(InMemorySink<String> sink, String eventId) {
        return sink.received().stream().filter(m -> eventId.equals(header(m, "eventId").orElse(null))).toList();
    }

    public static String key(Message<?> message) {
        return message.getMetadata(OutgoingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getKey())).orElse(null);
    }

    public static Optional<String> header(Message<?> message, String name) {
        return message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(name))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8));
    }
}
