package org.coppipeline.exclusion.domain;

/** How the illness responded to antibiotic courses. */
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
