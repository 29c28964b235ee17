package org.coppipeline.exclusion.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * A replay record (CONTRACT section 9): it carries a {@code replayId} header and is assessed with the version its
 * {@code replayKnowledgeVersion} header names, not the configured one. Both headers travel on to the next stage.
 *
 * @param id      the replayId header as received
 * @param version the version the replay asks for
 */
record Replay(byte[] id, KnowledgeVersion version) {

    static final String REPLAY_ID = "replayId";
    static final String REPLAY_KNOWLEDGE_VERSION = "replayKnowledgeVersion";

    /**
     * The replay a record belongs to, or empty for a live record. A replay record without a known version is
     * unprocessable: guessing one would compare the wrong rules. The reason names the header, never its value.
     */
    static Optional<Replay> of(Message<?> in) {
        Optional<Headers> headers = in.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getHeaders);
        Header id = headers.map(h -> h.lastHeader(REPLAY_ID)).orElse(null);
        if (id == null) {
            return Optional.empty();
        }
        Header version = headers.get().lastHeader(REPLAY_KNOWLEDGE_VERSION);
        if (version == null || version.value() == null) {
            throw new UnprocessableRecordException("replay record without a " + REPLAY_KNOWLEDGE_VERSION + " header");
        }
        try {
            return Optional.of(new Replay(id.value() == null ? new byte[0] : id.value(),
                    KnowledgeVersion.fromCode(new String(version.value(), StandardCharsets.UTF_8))));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException("replay record with an unknown " + REPLAY_KNOWLEDGE_VERSION
                    + " (expected cop-knowledge-v1 or cop-knowledge-v2)");
        }
    }

    /** The two replay headers for the outgoing record: the id as received, the version as used. */
    void copyTo(Headers headers) {
        headers.add(REPLAY_ID, id);
        headers.add(REPLAY_KNOWLEDGE_VERSION, version.code().getBytes(StandardCharsets.UTF_8));
    }
}
