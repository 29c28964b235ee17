package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** The eight cause categories the exclusion service assesses (CONTRACT 4.2). */
public enum CauseCategory {
    INFECTION("infection"),
    DRUG("drug"),
    RADIATION("radiation"),
    CONNECTIVE_TISSUE_DISEASE("connective-tissue-disease"),
    HEMATOLOGIC_MALIGNANCY("hematologic-malignancy"),
    INFLAMMATORY_BOWEL_DISEASE("inflammatory-bowel-disease"),
    TRANSPLANT("transplant"),
    ASPIRATION_EXPOSURE("aspiration-exposure");

    private final String code;

    CauseCategory(String code) {
        this.code = code;
    }

    /** The contract's spelling. */
    public String code() {
        return code;
    }

    /** The value spelled {@code code} in the contract, or empty for any other text. */
    public static Optional<CauseCategory> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
