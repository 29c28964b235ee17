package org.coppipeline.exclusion.domain;

/** Pattern reported on lung histology. */
public enum HistologyPattern implements Coded {
    ORGANIZING_PNEUMONIA("organizing-pneumonia"),
    OTHER("other"),
    NON_DIAGNOSTIC("non-diagnostic");

    private final String code;

    HistologyPattern(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
