package org.coppipeline.symptom.domain;

/** The highest kind of data the assessment used (SX-EVIDENCE-LEVEL), lowest first: the order is meaningful. */
public enum EvidenceLevel implements Coded {
    SYMPTOMS_ONLY("symptoms-only"),
    CLINICAL_COURSE("clinical-course"),
    IMAGING("imaging"),
    HISTOLOGY("histology");

    private final String code;

    EvidenceLevel(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
