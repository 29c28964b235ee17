package org.coppipeline.symptom.domain;

import java.util.Objects;
import java.util.Set;

/** The chest CT as reported: whether it was performed and the findings listed (a set: each finding counts once). */
public record CtScan(boolean performed, Set<CtFinding> findings) {
    public CtScan {
        findings = findings == null ? Set.of() : Set.copyOf(findings.stream().filter(Objects::nonNull).toList());
    }
}
