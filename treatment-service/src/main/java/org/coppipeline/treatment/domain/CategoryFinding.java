package org.coppipeline.treatment.domain;

import java.util.List;
import java.util.Objects;

/**
 * What the exclusion service found for one cause category; evidence names the cause when present.
 *
 * @param drugs for a present drug category under knowledge v2, the knowledge-base names of the matched drugs as the
 *        exclusion service wrote them; empty when it named none (v1, or a record without the field)
 */
public record CategoryFinding(CategoryStatus status, List<String> evidence, List<String> drugs) {

    public CategoryFinding {
        Objects.requireNonNull(status, "status");
        evidence = List.copyOf(evidence);
        drugs = List.copyOf(drugs);
    }

    /** A finding that names no drug: every category but drug, and drug as v1 or an older record reports it. */
    public CategoryFinding(CategoryStatus status, List<String> evidence) {
        this(status, evidence, List.of());
    }

    public static CategoryFinding of(CategoryStatus status) {
        return new CategoryFinding(status, List.of());
    }
}
