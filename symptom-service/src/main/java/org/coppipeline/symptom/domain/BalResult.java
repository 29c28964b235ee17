package org.coppipeline.symptom.domain;

import java.util.Optional;

/** The bronchoalveolar lavage values the score reads; an empty value is unknown, never zero. */
public record BalResult(Optional<Double> lymphocytePercent, Optional<Double> cd4Cd8Ratio,
        Optional<Double> eosinophilPercent) {
    public BalResult {
        lymphocytePercent = SuspicionInput.orEmpty(lymphocytePercent);
        cd4Cd8Ratio = SuspicionInput.orEmpty(cd4Cd8Ratio);
        eosinophilPercent = SuspicionInput.orEmpty(eosinophilPercent);
    }

    /** Whether the lavage reports anything the score uses. */
    public boolean hasScoredValue() {
        return lymphocytePercent.isPresent() || cd4Cd8Ratio.isPresent() || eosinophilPercent.isPresent();
    }
}
