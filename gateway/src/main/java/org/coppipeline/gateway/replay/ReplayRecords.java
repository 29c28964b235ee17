package org.coppipeline.gateway.replay;

import java.time.Instant;
import java.util.UUID;

/** What the replay store hands out and takes in: plain rows, no SQL types. Sections are stored JSON text. */
public final class ReplayRecords {

    private ReplayRecords() {
    }

    /** Status of a replay run, as the API names it. */
    public enum Status {
        RUNNING("running"), DONE("done"), FAILED("failed");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Status of(String value) {
            for (Status status : values()) {
                if (status.value.equals(value)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown replay status");
        }
    }

    /** The three case-view sections, each the stored JSON text or null. */
    public record Sections(String symptomAssessment, String causeAssessment, String treatmentPlan) {
    }

    public enum RequestKind {
        CREATED(202),
        /** No such case for the hospital: 404. */
        NO_CASE(404),
        /** The named event is not one of the case's settled events: 400. */
        NO_EVENT(400),
        /** The hospital's bound of running replays and impact runs is reached: 429. */
        BUSY(429),
        /** An impact run over more cases than allowed: 400. */
        TOO_MANY_CASES(400);

        private final int status;

        RequestKind(int status) {
            this.status = status;
        }

        /** The HTTP status the request is answered with (what its access audit entry records). */
        public int status() {
            return status;
        }
    }

    /** The outcome of a request for a replay or an impact run; cases only for an impact run. */
    public record Requested(RequestKind kind, int cases) {
        public static Requested of(RequestKind kind) {
            return new Requested(kind, 0);
        }
    }

    /** A case replay as stored. */
    public record RunRow(UUID replayId, String caseId, UUID eventId, String knowledgeVersion, Status status,
            String failureReason, Sections baseline, Sections candidate, Instant requestedAt, Instant completedAt) {
    }

    /** A replay the dispatcher took from the queue, with the stored event body to send. */
    public record Claimed(UUID replayId, String hospitalId, String caseId, UUID eventId, String knowledgeVersion,
            String body) {
        /** Kafka key, as for live events. */
        public String key() {
            return hospitalId + "/" + caseId;
        }
    }

    /** A replayed planned record, as the projector read it. */
    public record ReplayResult(UUID replayId, UUID eventId, String hospitalId, String caseId, Sections sections) {
    }

    public enum CompleteOutcome {
        DONE, DUPLICATE, LATE, WRONG_VERSION, UNKNOWN_REPLAY, MISMATCH
    }

    /** The clinical outcome of one replayed case under one version: what an impact item shows and counts. */
    public record Outcome(String suspicion, String conclusion, String severity, String recommendation,
            Boolean glucocorticoidRecommended, Boolean criticalWarning) {
    }

    /** An impact run with its counts so far. */
    public record ImpactRow(UUID impactId, String fromVersion, String toVersion, Instant updatedAfter, int cases,
            Instant requestedAt, int running, int failed, int compared, int conclusion, int recommendation,
            int glucocorticoidRecommended, int criticalWarning, int severity) {
    }

    /** A case whose significant outcome differs between the two versions. */
    public record ImpactItem(String caseId, Outcome from, Outcome to) {
    }
}
