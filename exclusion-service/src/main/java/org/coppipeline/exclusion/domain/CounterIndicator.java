package org.coppipeline.exclusion.domain;

import java.util.Objects;

/**
 * A finding that argues against organizing pneumonia (an OP-UNLIKELY-* line) and the diagnosis it points to.
 *
 * @param finding              what was seen, e.g. "BAL eosinophils 30% (> 25%)"
 * @param alternativeDiagnosis what the finding points to instead
 */
public record CounterIndicator(CauseRule rule, String finding, String alternativeDiagnosis) {
    public CounterIndicator {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(alternativeDiagnosis, "alternativeDiagnosis");
    }

    public Reason reason() {
        return new Reason(rule, finding + ": organizing pneumonia unlikely");
    }
}
