package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** CONTRACT 9: what changing the knowledge version would change for a hospital's cases. */
@JsonPropertyOrder({ "impactId", "status", "from", "to", "updatedAfter", "requestedAt", "cases", "compared", "failed",
        "changed", "items", "nextCursor" })
@Schema(name = "KnowledgeImpact")
public record ImpactReport(
        UUID impactId,
        @Schema(description = "`running` while any of its replays runs, then `done`", enumeration = { "running", "done" })
        String status,
        @Schema(description = "Knowledge version compared from") String from,
        @Schema(description = "Knowledge version compared to") String to,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant updatedAfter,
        Instant requestedAt,
        @Schema(description = "Cases replayed (each under both versions)") int cases,
        @Schema(description = "Cases with both replays done") int compared,
        @Schema(description = "Cases with a replay that failed (no result in time); not compared") int failed,
        @Schema(description = "Compared cases whose value differs between the versions, per field") Changed changed,
        @Schema(description = "Compared cases whose significant outcome differs, in case id order; one page")
        List<Item> items,
        @Schema(description = "Pass as `cursor` for the next page of items; null on the last page", nullable = true)
        String nextCursor) {

    @Schema(name = "KnowledgeImpactChanged")
    public record Changed(int conclusion, int recommendation, int glucocorticoidRecommended, int criticalWarning,
            @Schema(description = "An addition to the contract's counts") int severity) {
    }

    @Schema(name = "KnowledgeImpactItem")
    public record Item(String caseId, Outcome from, Outcome to) {
    }

    /** The outcome of a case under one version. */
    @Schema(name = "KnowledgeImpactOutcome")
    public record Outcome(String suspicion, String conclusion, String severity, String recommendation,
            Boolean glucocorticoidRecommended, Boolean criticalWarning) {
    }
}
