package org.coppipeline.symptom.domain;

/** How the illness responded to antibiotics (CONTRACT section 2, course.antibioticResponse). */
public enum AntibioticResponse implements Coded {
    NONE("none"),
    PARTIAL("partial"),
    RESOLVED("resolved");

    private final String code;

    AntibioticResponse(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
