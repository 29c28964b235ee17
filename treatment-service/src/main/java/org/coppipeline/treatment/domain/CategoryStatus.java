package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** Status of one cause category (CONTRACT 4.2). */
public enum CategoryStatus {
    EXCLUDED("excluded"),
    PRESENT("present"),
    INCOMPLETE("incomplete"),
    NOT_ASSESSED("not-assessed");

    private final String code;

    CategoryStatus(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<CategoryStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
