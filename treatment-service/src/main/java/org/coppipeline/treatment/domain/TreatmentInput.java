package org.coppipeline.treatment.domain;

import java.util.Objects;

/** Everything the treatment rules read: the upstream cause assessment and the clinical findings of the event. */
public record TreatmentInput(CauseAssessment causes, ClinicalFindings findings) {
    public TreatmentInput {
        Objects.requireNonNull(causes, "causes");
        Objects.requireNonNull(findings, "findings");
    }
}
