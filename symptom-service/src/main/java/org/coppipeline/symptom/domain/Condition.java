package org.coppipeline.symptom.domain;

/** Conditions of the case history (CONTRACT section 2, history.conditions), in the contract's order. */
public enum Condition implements Coded {
    RHEUMATOID_ARTHRITIS("rheumatoid-arthritis", false),
    MYOSITIS("myositis", false),
    SJOGREN_SYNDROME("sjogren-syndrome", false),
    SYSTEMIC_LUPUS_ERYTHEMATOSUS("systemic-lupus-erythematosus", false),
    SYSTEMIC_SCLEROSIS("systemic-sclerosis", false),
    OTHER_CONNECTIVE_TISSUE_DISEASE("other-connective-tissue-disease", false),
    MYELODYSPLASTIC_SYNDROME("myelodysplastic-syndrome", true),
    LEUKEMIA("leukemia", true),
    LYMPHOMA("lymphoma", true),
    ULCERATIVE_COLITIS("ulcerative-colitis", false),
    CROHN_DISEASE("crohn-disease", false),
    HEMATOPOIETIC_STEM_CELL_TRANSPLANT("hematopoietic-stem-cell-transplant", true),
    SOLID_ORGAN_TRANSPLANT("solid-organ-transplant", true),
    ASPIRATION_RISK("aspiration-risk", false),
    INHALATIONAL_EXPOSURE("inhalational-exposure", false),
    DIABETES("diabetes", false),
    OSTEOPOROSIS("osteoporosis", false);

    private final String code;
    private final boolean immunocompromising;

    Condition(String code, boolean immunocompromising) {
        this.code = code;
        this.immunocompromising = immunocompromising;
    }

    @Override
    public String code() {
        return code;
    }

    /** One of the conditions that make a patient immunocompromised by CONTRACT section 9's definition. */
    public boolean immunocompromising() {
        return immunocompromising;
    }
}
