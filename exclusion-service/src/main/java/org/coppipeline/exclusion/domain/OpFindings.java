package org.coppipeline.exclusion.domain;

import java.util.List;
import java.util.Objects;

/**
 * What the evidence ladder of one knowledge version found: the evidence, every ladder rule that fired (in order),
 * the alternative diagnoses its findings point to and the warnings it raises.
 */
public record OpFindings(OpAssessment assessment, List<Reason> reasons, List<AlternativeDiagnosis> alternatives,
        List<Warning> warnings) {
    public OpFindings {
        Objects.requireNonNull(assessment, "assessment");
        reasons = List.copyOf(reasons);
        alternatives = List.copyOf(alternatives);
        warnings = List.copyOf(warnings);
    }
}
