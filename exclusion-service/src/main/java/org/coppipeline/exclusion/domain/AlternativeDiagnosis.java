package org.coppipeline.exclusion.domain;

import java.util.List;
import java.util.Objects;

/**
 * A diagnosis other than organizing pneumonia that a finding points to.
 *
 * @param nextSteps what would confirm or rule it out (knowledge v2; v1 alternatives name none)
 */
public record AlternativeDiagnosis(String diagnosis, String reason, CauseRule source, List<String> nextSteps) {
    public AlternativeDiagnosis {
        Objects.requireNonNull(diagnosis, "diagnosis");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        nextSteps = List.copyOf(nextSteps);
    }

    public AlternativeDiagnosis(String diagnosis, String reason, CauseRule source) {
        this(diagnosis, reason, source, List.of());
    }

    static AlternativeDiagnosis from(CounterIndicator indicator) {
        return new AlternativeDiagnosis(indicator.alternativeDiagnosis(), indicator.finding(), indicator.rule());
    }
}
