package org.coppipeline.exclusion.domain;

/** Result of a microbiology test or of the autoimmune panel. */
public enum TestResult implements Coded {
    NEGATIVE("negative"),
    POSITIVE("positive"),
    PENDING("pending");

    private final String code;

    TestResult(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
