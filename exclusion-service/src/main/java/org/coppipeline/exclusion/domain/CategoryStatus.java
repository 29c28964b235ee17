package org.coppipeline.exclusion.domain;

/** Status of one cause category (CONTRACT 4.2). Only EXCLUDED lets a COP conclusion through. */
public enum CategoryStatus implements Coded {
    EXCLUDED("excluded"),
    PRESENT("present"),
    INCOMPLETE("incomplete"),
    NOT_ASSESSED("not-assessed");

    private final String code;

    CategoryStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
