package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** Severity of the case (CONTRACT 4.3). */
public enum Severity {
    MILD("mild"),
    MODERATE("moderate"),
    SEVERE("severe");

    private final String code;

    Severity(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<Severity> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
