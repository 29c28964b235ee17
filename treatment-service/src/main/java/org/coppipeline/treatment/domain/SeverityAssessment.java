package org.coppipeline.treatment.domain;

import java.util.List;
import java.util.Objects;

/** The severity and the criteria that decided it, each with its rule. */
public record SeverityAssessment(Severity severity, List<Reason> criteria) {
    public SeverityAssessment {
        Objects.requireNonNull(severity, "severity");
        criteria = List.copyOf(criteria);
    }
}
