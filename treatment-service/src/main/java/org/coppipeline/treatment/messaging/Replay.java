package org.coppipeline.treatment.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import org.coppipeline.treatment.domain.KnowledgeVersion;

/**
 * A replay record (CONTRACT 9): it carries a {@code replayId} header and names the knowledge version to evaluate it
 * with in {@code replayKnowledgeVersion}. Both headers travel on with the outgoing record, as they came in.
 */
record Replay(Header id, Header versionHeader, KnowledgeVersion version) {

    static final String ID_HEADER = "replayId";
    static final String VERSION_HEADER = "replayKnowledgeVersion";

    /**
     * The replay a record belongs to, or empty for a live record (no replayId header). A replay record whose version
     * header is missing or names no known version cannot be evaluated: it goes to the dead-letter topic.
     */
    @SuppressWarnings("unchecked")
    static Optional<Replay> of(Message<?> in) {
        Optional<Headers> headers = in.getMetadata(IncomingKafkaRecordMetadata.class).map(meta -> meta.getHeaders());
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        Header id = headers.get().lastHeader(ID_HEADER);
        if (id == null) {
            return Optional.empty();
        }
        Header versionHeader = headers.get().lastHeader(VERSION_HEADER);
        if (versionHeader == null || versionHeader.value() == null) {
            throw new UnprocessableRecordException("replay record without a " + VERSION_HEADER + " header");
        }
        try {
            return Optional.of(new Replay(id, versionHeader,
                    KnowledgeVersion.fromCode(new String(versionHeader.value(), StandardCharsets.UTF_8))));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException("replay record with an unknown " + VERSION_HEADER
                    + " (expected cop-knowledge-v1 or cop-knowledge-v2)");
        }
    }

    /** Copies both replay headers onto the outgoing record. */
    void addTo(Headers out) {
        out.add(id);
        out.add(versionHeader);
    }
}
