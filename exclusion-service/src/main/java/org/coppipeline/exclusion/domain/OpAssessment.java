package org.coppipeline.exclusion.domain;

import java.util.List;
import java.util.Objects;

/**
 * Evidence of organizing pneumonia with the ladder line that decided it.
 *
 * @param nextSteps what the deciding line asks for next (a suspected OP: chest CT, or under v2 after a CT, biopsy)
 */
public record OpAssessment(OpEvidence evidence, Reason reason, List<String> nextSteps) {
    public OpAssessment {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(reason, "reason");
        nextSteps = List.copyOf(nextSteps);
    }

    /** A line that asks for nothing in particular. */
    public OpAssessment(OpEvidence evidence, Reason reason) {
        this(evidence, reason, List.of());
    }
}
