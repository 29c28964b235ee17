package org.coppipeline.treatment.domain;

import java.util.Objects;

/** A human-readable statement of why a rule fired, with the rule it comes from. */
public record Reason(String text, RuleSource source) {
    public Reason {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }
}
