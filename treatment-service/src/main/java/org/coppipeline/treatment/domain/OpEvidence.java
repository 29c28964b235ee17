package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** Evidence of organizing pneumonia from the exclusion service (CONTRACT 4.2). */
public enum OpEvidence {
    UNLIKELY("unlikely"),
    SUSPECTED("suspected"),
    PROBABLE("probable"),
    CONFIRMED("confirmed");

    private final String code;

    OpEvidence(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<OpEvidence> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
