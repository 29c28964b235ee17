package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** How urgent a warning of the plan is. */
public enum WarningLevel {
    INFO("info"),
    WARNING("warning"),
    CRITICAL("critical");

    private final String code;

    WarningLevel(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<WarningLevel> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
