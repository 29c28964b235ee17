package org.coppipeline.exclusion.domain;

import java.util.Objects;

/** Evidence of organizing pneumonia with the ladder line that decided it. */
public record OpAssessment(OpEvidence evidence, Reason reason) {
    public OpAssessment {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(reason, "reason");
    }
}
