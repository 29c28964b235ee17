package org.coppipeline.exclusion.domain;

import java.util.Objects;

/** A diagnosis other than organizing pneumonia that a counter-indicator points to. */
public record AlternativeDiagnosis(String diagnosis, String reason, CauseRule source) {
    public AlternativeDiagnosis {
        Objects.requireNonNull(diagnosis, "diagnosis");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
    }

    static AlternativeDiagnosis from(CounterIndicator indicator) {
        return new AlternativeDiagnosis(indicator.alternativeDiagnosis(), indicator.finding(), indicator.rule());
    }
}
