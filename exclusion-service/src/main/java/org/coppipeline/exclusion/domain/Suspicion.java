package org.coppipeline.exclusion.domain;

/** Suspicion band written by the symptom service (symptomAssessment.suspicion). */
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
