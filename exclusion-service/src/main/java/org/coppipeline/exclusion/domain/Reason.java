package org.coppipeline.exclusion.domain;

import java.util.Objects;

/** A rule that fired, with a human-readable sentence of what it saw. */
public record Reason(CauseRule rule, String text) {
    public Reason {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(text, "text");
    }
}
