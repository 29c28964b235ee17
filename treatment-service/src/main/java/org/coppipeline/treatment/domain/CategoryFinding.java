package org.coppipeline.treatment.domain;

import java.util.List;
import java.util.Objects;

/** What the exclusion service found for one cause category; evidence names the cause when present. */
public record CategoryFinding(CategoryStatus status, List<String> evidence) {

    public CategoryFinding {
        Objects.requireNonNull(status, "status");
        evidence = List.copyOf(evidence);
    }

    public static CategoryFinding of(CategoryStatus status) {
        return new CategoryFinding(status, List.of());
    }
}
