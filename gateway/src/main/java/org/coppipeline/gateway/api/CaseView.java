package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import org.coppipeline.gateway.store.Stage;

/**
 * CONTRACT 3: the current picture of a case. A section is present once its stage has run for the current event; it is
 * written out as the database stored it (valid JSON, checked on the way in), not decoded and encoded again per read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "CaseView", description = "The current picture of a case (CONTRACT 3). Advice for a clinician, with reasons and sources.")
public record CaseView(
        String caseId,
        String hospitalId,
        @Schema(description = "The last applied event") UUID eventId,
        @Schema(description = "occurredAt of the last applied event") Instant occurredAt,
        @Schema(description = "When this view last changed") Instant updatedAt,
        @Schema(enumeration = { "received", "scored", "assessed", "planned" }, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING) Stage stage,
        @Schema(description = "Symptom service result (CONTRACT 4.1); present from stage scored", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT) @JsonRawValue String symptomAssessment,
        @Schema(description = "Exclusion service result (CONTRACT 4.2); present from stage assessed", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT) @JsonRawValue String causeAssessment,
        @Schema(description = "Treatment service result (CONTRACT 4.3); present at stage planned", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT) @JsonRawValue String treatmentPlan) {
}
