package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.Optional;

/** The plan's recommendation (CONTRACT 4.3); three of them start a glucocorticoid. */
public enum Recommendation {
    NO_OP_TREATMENT("no-op-treatment", false),
    COMPLETE_WORKUP("complete-workup", false),
    TREAT_UNDERLYING_CAUSE("treat-underlying-cause", false),
    OBSERVE("observe", false),
    ORAL_GLUCOCORTICOID("oral-glucocorticoid", true),
    IV_GLUCOCORTICOID("iv-glucocorticoid", true),
    RELAPSE_REGIMEN("relapse-regimen", true);

    private final String code;
    private final boolean glucocorticoid;

    Recommendation(String code, boolean glucocorticoid) {
        this.code = code;
        this.glucocorticoid = glucocorticoid;
    }

    public String code() {
        return code;
    }

    /** glucocorticoidRecommended is true exactly for these (CONTRACT 4.3). */
    public boolean startsGlucocorticoid() {
        return glucocorticoid;
    }

    public static Optional<Recommendation> fromCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
