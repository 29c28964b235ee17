package org.coppipeline.symptom.domain;

/** Symptom codes of the case event (CONTRACT section 2). */
public enum Symptom implements Coded {
    NONPRODUCTIVE_COUGH("nonproductive-cough"),
    PRODUCTIVE_COUGH("productive-cough"),
    DYSPNEA("dyspnea"),
    FEVER("fever"),
    MALAISE("malaise"),
    FATIGUE("fatigue"),
    WEIGHT_LOSS("weight-loss"),
    HEMOPTYSIS("hemoptysis"),
    CRACKLES("crackles");

    private final String code;

    Symptom(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
