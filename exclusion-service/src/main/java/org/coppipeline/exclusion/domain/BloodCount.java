package org.coppipeline.exclusion.domain;

/** Result of the blood count (tests.bloodCount). */
public enum BloodCount implements Coded {
    NORMAL("normal"),
    ABNORMAL("abnormal"),
    PENDING("pending");

    private final String code;

    BloodCount(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
