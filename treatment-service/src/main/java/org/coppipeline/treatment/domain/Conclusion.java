package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** The exclusion service's conclusion (CONTRACT 4.2). */
public enum Conclusion {
    OP_UNLIKELY("op-unlikely"),
    SUSPECTED_OP("suspected-op"),
    WORKUP_INCOMPLETE("workup-incomplete"),
    SECONDARY_OP("secondary-op"),
    COP_PROBABLE("cop-probable"),
    COP_CONFIRMED("cop-confirmed");

    private final String code;

    Conclusion(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<Conclusion> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
