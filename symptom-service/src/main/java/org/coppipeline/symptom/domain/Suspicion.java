package org.coppipeline.symptom.domain;

/** Suspicion band of the score (SX-BANDS). */
public enum Suspicion implements Coded {
    LOW("low"),
    MODERATE("moderate"),
    HIGH("high");

    private final String code;

    Suspicion(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
