package org.coppipeline.symptom.domain;

/** Pattern reported on lung histology (CONTRACT section 2, histology.pattern). */
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
