package org.coppipeline.exclusion.domain;

/** How strongly the data point to an organizing-pneumonia pattern, whatever its cause. */
public enum OpEvidence implements Coded {
    UNLIKELY("unlikely"),
    SUSPECTED("suspected"),
    PROBABLE("probable"),
    CONFIRMED("confirmed");

    private final String code;

    OpEvidence(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
