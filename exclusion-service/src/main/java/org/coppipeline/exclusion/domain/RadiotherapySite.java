package org.coppipeline.exclusion.domain;

/** Site of a past radiotherapy course. */
public enum RadiotherapySite implements Coded {
    BREAST("breast"),
    THORAX("thorax"),
    OTHER("other");

    private final String code;

    RadiotherapySite(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
