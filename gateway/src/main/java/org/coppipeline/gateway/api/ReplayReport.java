package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** CONTRACT 9: one replay of a case's event under a knowledge version, compared with what the view holds. */
@JsonPropertyOrder({ "replayId", "caseId", "eventId", "status", "knowledgeVersion", "requestedAt", "completedAt",
        "reason", "summary", "baseline", "candidate", "changes" })
@Schema(name = "Replay", description = "A replay and its comparison with the stored sections. Advice for a clinician.")
public record ReplayReport(
        UUID replayId,
        String caseId,
        @Schema(description = "The event replayed") UUID eventId,
        @Schema(description = "`running` until the replayed plan comes back; `failed` (an addition to the contract's "
                + "statuses) when it did not within the configured time, with `reason`",
                enumeration = { "running", "done", "failed" }) String status,
        @Schema(description = "The knowledge version the stages evaluated the event under") String knowledgeVersion,
        Instant requestedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant completedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Why the replay failed") String reason,
        @Schema(description = "One sentence on what changes") String summary,
        @Schema(description = "The stored sections of the event (symptomAssessment, causeAssessment, treatmentPlan), "
                + "as the view held them when the replay was asked for", type = SchemaType.OBJECT) JsonNode baseline,
        @Schema(description = "The replayed sections; null until done", type = SchemaType.OBJECT, nullable = true)
        JsonNode candidate,
        @Schema(description = "Structural difference from baseline to candidate; empty until done") List<Change> changes) {

    /** One change: a value added, removed or replaced. */
    @JsonPropertyOrder({ "path", "toPath", "kind", "from", "to", "significant" })
    @Schema(name = "ReplayChange")
    public record Change(
            @Schema(description = "JSON Pointer into baseline (into candidate for an added value)",
                    examples = "/treatmentPlan/recommendation") String path,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "JSON Pointer into candidate, when it differs from path (array elements that moved)")
            String toPath,
            @Schema(enumeration = { "added", "removed", "changed" }) String kind,
            @Schema(description = "The baseline's value; null when added", nullable = true) JsonNode from,
            @Schema(description = "The candidate's value; null when removed", nullable = true) JsonNode to,
            @Schema(description = "A change of the conclusion, recommendation, glucocorticoidRecommended, severity or "
                    + "a critical warning") boolean significant) {
    }
}
