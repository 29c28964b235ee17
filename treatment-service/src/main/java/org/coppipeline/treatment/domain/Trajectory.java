package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** Course of the illness (CONTRACT 2, course). */
public enum Trajectory {
    IMPROVING("improving"),
    STABLE("stable"),
    PROGRESSIVE("progressive"),
    RAPIDLY_PROGRESSIVE("rapidly-progressive");

    private final String code;

    Trajectory(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<Trajectory> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
