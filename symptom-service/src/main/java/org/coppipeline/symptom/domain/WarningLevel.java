package org.coppipeline.symptom.domain;

/** Severity of a warning (CONTRACT section 3: info, warning, critical). */
public enum WarningLevel implements Coded {
    INFO("info"),
    WARNING("warning"),
    CRITICAL("critical");

    private final String code;

    WarningLevel(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
