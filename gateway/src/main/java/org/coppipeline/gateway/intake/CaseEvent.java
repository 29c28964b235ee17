package org.coppipeline.gateway.intake;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A case event that passed the contract's schema: the identifying fields bound, the body kept whole.
 *
 * @param occurredAt    truncated to microseconds, the precision the database keeps, so that comparisons agree
 * @param body          the event, integral numbers of integer fields written as integers (3.0 as 3)
 * @param canonicalJson the body serialised once, keys sorted and no whitespace: what the body hash is computed over,
 *                      what is stored and what is published
 */
public record CaseEvent(
        UUID eventId,
        String caseId,
        String hospitalId,
        Instant occurredAt,
        int schemaVersion,
        ObjectNode body,
        String canonicalJson,
        String bodySha256) {

    /** Kafka key: a case id is unique only within its hospital. */
    public String key() {
        return hospitalId + "/" + caseId;
    }

    /**
     * The Kafka record value: the canonical JSON itself. Member order carries no meaning in JSON (a replay publishes the body
     * in the store's order), so one serialisation serves the hash, the store and the record.
     */
    public String compactJson() {
        return canonicalJson;
    }
}
