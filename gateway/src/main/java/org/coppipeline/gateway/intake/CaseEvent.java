package org.coppipeline.gateway.intake;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A case event that passed the contract's schema: the identifying fields bound, the body kept whole.
 *
 * @param occurredAt   truncated to microseconds, the precision the database keeps, so that comparisons agree
 * @param canonicalJson keys sorted, no whitespace: what the body hash is computed over and what is stored
 * @param compactJson  the body as sent, re-serialized without whitespace: the Kafka record value
 */
public record CaseEvent(
        UUID eventId,
        String caseId,
        String hospitalId,
        Instant occurredAt,
        int schemaVersion,
        ObjectNode body,
        String canonicalJson,
        String bodySha256,
        String compactJson) {

    /** Kafka key: a case id is unique only within its hospital. */
    public String key() {
        return hospitalId + "/" + caseId;
    }
}
