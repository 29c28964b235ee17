package org.coppipeline.exclusion.domain;

/** The eight known causes of organizing pneumonia that must be excluded before it may be called cryptogenic. */
public enum CauseCategory implements Coded {
    INFECTION("infection"),
    DRUG("drug"),
    RADIATION("radiation"),
    CONNECTIVE_TISSUE_DISEASE("connective-tissue-disease"),
    HEMATOLOGIC_MALIGNANCY("hematologic-malignancy"),
    INFLAMMATORY_BOWEL_DISEASE("inflammatory-bowel-disease"),
    TRANSPLANT("transplant"),
    ASPIRATION_EXPOSURE("aspiration-exposure");

    private final String code;

    CauseCategory(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
