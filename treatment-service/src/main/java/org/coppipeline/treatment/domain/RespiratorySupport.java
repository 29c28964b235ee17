package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** Respiratory support the patient is on (CONTRACT 2, measurements). */
public enum RespiratorySupport {
    NONE("none"),
    OXYGEN("oxygen"),
    HIGH_FLOW("high-flow"),
    NON_INVASIVE("non-invasive"),
    INVASIVE("invasive");

    private final String code;

    RespiratorySupport(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<RespiratorySupport> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
