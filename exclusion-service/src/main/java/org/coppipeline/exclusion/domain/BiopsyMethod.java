package org.coppipeline.exclusion.domain;

/** How the lung tissue was sampled (histology.method); a transbronchial sample is small. */
public enum BiopsyMethod implements Coded {
    TRANSBRONCHIAL("transbronchial"),
    CRYOBIOPSY("cryobiopsy"),
    SURGICAL("surgical");

    private final String code;

    BiopsyMethod(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
