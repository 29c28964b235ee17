package org.coppipeline.treatment.domain;

/** How a step is given. */
public enum Route {
    ORAL("oral"),
    IV("iv");

    private final String code;

    Route(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
