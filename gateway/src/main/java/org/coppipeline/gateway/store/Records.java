package org.coppipeline.gateway.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** What the store hands out and takes in: plain rows, no SQL types. */
public final class Records {

    private Records() {
    }

    /** The outcome of an accepted (or repeated, or conflicting) event id. */
    public enum AcceptKind {
        NEW, REPEAT, CONFLICT
    }

    /**
     * status is "accepted" or "stale", or "pending" when the event is recorded but its publish not yet acknowledged
     * (what the intake's first step answers for a new event, or a repeat of a pending one); null for a conflict.
     */
    public record AcceptResult(AcceptKind kind, String status) {

        public static final String PENDING = "pending";

        /** The event must be (re)published, then settled. */
        public boolean needsPublish() {
            return kind != AcceptKind.CONFLICT && PENDING.equals(status);
        }
    }

    /** Sections are the stored JSON text (json: as the stage wrote it), null until their stage has run. */
    /**
     * What a view GET's If-None-Match matches: any version ("*"), or the versions whose ETag it lists (weak or not).
     * A header that names no version matches nothing.
     */
    public record ViewCondition(boolean anyVersion, Long[] versions) {

        public static final ViewCondition NONE = new ViewCondition(false, new Long[0]);

        public boolean matches(long version) {
            return anyVersion || Arrays.asList(versions).contains(version);
        }
    }

    /** A view GET's answer as audited: its status (200, 304 or 404) and the view, absent for a 404. */
    public record AuditedView(int status, Optional<ViewRow> row) {
    }

    /** A history GET's answer as audited: its status (200 or 404) and the page's rows (none for a 404). */
    public record AuditedHistory(int status, List<HistoryRow> rows) {
    }

    public record ViewRow(String caseId, String hospitalId, UUID eventId, Instant occurredAt, Instant updatedAt,
            Stage stage, String symptomAssessment, String causeAssessment, String treatmentPlan, long version) {
    }

    public record SummaryRow(String caseId, String hospitalId, UUID eventId, Instant occurredAt, Instant updatedAt,
            Stage stage, String conclusion, String recommendation, String suspicion, String severity) {
    }

    /** One line of a case's audit trail: an accepted event or a stage result, with its place in the trail's order. */
    public record HistoryRow(String kind, Instant at, UUID eventId, Instant occurredAt, String status, Stage stage,
            String section, JsonNode content, String knowledgeVersion, HistoryPosition position) {
    }

    /**
     * Keyset position in a case's trail, ordered by (at, kind, key): kind 0 for an event (key: its id as text), 1 for a
     * stage result (key: its row id, zero-padded to 19 digits so that text order is number order).
     */
    public record HistoryPosition(Instant at, int kind, String key) {
    }

    /** Keyset position in the list order (updated_at, hospital_id, case_id). */
    public record Position(Instant updatedAt, String hospitalId, String caseId) {
    }

    public record ListFilter(String conclusion, String recommendation, Stage stage, Instant updatedAfter) {
    }

    /**
     * A stage result read from a topic. Sections are the record's own JSON text of each object (never re-encoded),
     * null when the record lacks one; a later stage's record carries the earlier sections too.
     *
     * @param knowledgeVersion the own section's knowledgeVersion, when it is text
     * @param conclusion causeAssessment.conclusion, when it is text (the list filters on it)
     * @param recommendation treatmentPlan.recommendation, when it is text (the list filters on it)
     */
    public record StageResult(Stage stage, UUID eventId, String hospitalId, String caseId, String ownSection,
            String symptomAssessment, String causeAssessment, String treatmentPlan, String knowledgeVersion,
            String conclusion, String recommendation) {
    }

    public enum ProjectionOutcome {
        /** The view advanced. */
        APPLIED,
        /** Kept in the history; the view already shows a newer event or a later stage. */
        RECORDED,
        /** The same result was already stored (redelivery). */
        DUPLICATE,
        /** No accepted event with that id (e.g. its POST was answered 503): nothing stored. */
        UNKNOWN_EVENT,
        /** The record's hospital or case differs from the accepted event's: nothing stored. */
        MISMATCH
    }
}
