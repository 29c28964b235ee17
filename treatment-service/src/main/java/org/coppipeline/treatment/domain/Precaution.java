package org.coppipeline.treatment.domain;

import java.util.Objects;

/** A precaution that goes with a glucocorticoid plan (PC-*). */
public record Precaution(String code, String text, RuleSource source) {
    public Precaution {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }
}
