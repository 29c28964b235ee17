package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import org.coppipeline.gateway.store.Stage;

/** One line of the case list: what a dashboard needs to decide which case to open. */
@Schema(name = "CaseSummary")
public record CaseSummary(
        String caseId,
        String hospitalId,
        UUID eventId,
        Instant occurredAt,
        Instant updatedAt,
        @Schema(type = SchemaType.STRING, enumeration = { "received", "scored", "assessed", "planned" }) Stage stage,
        @Schema(description = "causeAssessment.conclusion, once assessed", nullable = true) String conclusion,
        @Schema(description = "treatmentPlan.recommendation, once planned", nullable = true) String recommendation,
        @Schema(description = "symptomAssessment.suspicion, once scored", nullable = true) String suspicion,
        @Schema(description = "treatmentPlan.severity, once planned", nullable = true) String severity) {
}
