package org.coppipeline.exclusion.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * A replay record (CONTRACT section 9): it carries a {@code replayId} header and is evaluated with the version its
 * {@code replayKnowledgeVersion} header names, not the configured one. Both headers travel on to the next stage.
 *
 * @param id            the replayId header as received
 * @param versionHeader the replayKnowledgeVersion header as received
 * @param version       the version it names
 */
record Replay(Header id, Header versionHeader, KnowledgeVersion version) {

    static final String ID_HEADER = "replayId";
    static final String VERSION_HEADER = "replayKnowledgeVersion";
    /** The reason of a replay record whose version header names no known version (never its value). */
    static final String UNKNOWN_VERSION = "replay record with an unknown " + VERSION_HEADER
            + " (expected cop-knowledge-v1 or cop-knowledge-v2)";

    /**
     * The replay a record belongs to, or empty for a live record (no replayId header). A replay record without a known
     * version is unprocessable: guessing one would compare the wrong rules. The reason names the header, never its value.
     */
    static Optional<Replay> of(Message<?> in) {
        Optional<Headers> headers = in.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getHeaders);
        Header id = headers.map(h -> h.lastHeader(ID_HEADER)).orElse(null);
        if (id == null) {
            return Optional.empty();
        }
        Header versionHeader = headers.get().lastHeader(VERSION_HEADER);
        if (versionHeader == null || versionHeader.value() == null) {
            throw new UnprocessableRecordException("replay record without a " + VERSION_HEADER + " header");
        }
        try {
            // This stage has always sent a replayId header without a value on as an empty one.
            Header sent = id.value() == null ? new RecordHeader(ID_HEADER, new byte[0]) : id;
            return Optional.of(new Replay(sent, versionHeader,
                    KnowledgeVersion.fromCode(new String(versionHeader.value(), StandardCharsets.UTF_8))));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException(UNKNOWN_VERSION);
        }
    }

    /** Copies both replay headers onto the outgoing record. */
    void copyTo(Headers out) {
        out.add(id);
        out.add(versionHeader);
    }
}
