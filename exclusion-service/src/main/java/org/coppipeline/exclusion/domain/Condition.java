package org.coppipeline.exclusion.domain;

import java.util.Optional;

/** A condition of the contract's history.conditions[], with the cause category it belongs to (if any). */
public enum Condition implements Coded {
    RHEUMATOID_ARTHRITIS("rheumatoid-arthritis", CauseCategory.CONNECTIVE_TISSUE_DISEASE),
    MYOSITIS("myositis", CauseCategory.CONNECTIVE_TISSUE_DISEASE),
    SJOGREN_SYNDROME("sjogren-syndrome", CauseCategory.CONNECTIVE_TISSUE_DISEASE),
    SYSTEMIC_LUPUS_ERYTHEMATOSUS("systemic-lupus-erythematosus", CauseCategory.CONNECTIVE_TISSUE_DISEASE),
    SYSTEMIC_SCLEROSIS("systemic-sclerosis", CauseCategory.CONNECTIVE_TISSUE_DISEASE),
    OTHER_CONNECTIVE_TISSUE_DISEASE("other-connective-tissue-disease", CauseCategory.CONNECTIVE_TISSUE_DISEASE),
    MYELODYSPLASTIC_SYNDROME("myelodysplastic-syndrome", CauseCategory.HEMATOLOGIC_MALIGNANCY),
    LEUKEMIA("leukemia", CauseCategory.HEMATOLOGIC_MALIGNANCY),
    LYMPHOMA("lymphoma", CauseCategory.HEMATOLOGIC_MALIGNANCY),
    ULCERATIVE_COLITIS("ulcerative-colitis", CauseCategory.INFLAMMATORY_BOWEL_DISEASE),
    CROHN_DISEASE("crohn-disease", CauseCategory.INFLAMMATORY_BOWEL_DISEASE),
    HEMATOPOIETIC_STEM_CELL_TRANSPLANT("hematopoietic-stem-cell-transplant", CauseCategory.TRANSPLANT),
    SOLID_ORGAN_TRANSPLANT("solid-organ-transplant", CauseCategory.TRANSPLANT),
    ASPIRATION_RISK("aspiration-risk", CauseCategory.ASPIRATION_EXPOSURE),
    INHALATIONAL_EXPOSURE("inhalational-exposure", CauseCategory.ASPIRATION_EXPOSURE),
    // Listed for the treatment stage (glucose and bone precautions); no cause of OP.
    DIABETES("diabetes", null),
    OSTEOPOROSIS("osteoporosis", null);

    private final String code;
    /** Kept as an Optional so that reading it, once per condition and rule, allocates nothing. */
    private final Optional<CauseCategory> category;

    Condition(String code, CauseCategory category) {
        this.code = code;
        this.category = Optional.ofNullable(category);
    }

    @Override
    public String code() {
        return code;
    }

    /** The cause category this condition makes present, empty for conditions that cause no OP. */
    public Optional<CauseCategory> category() {
        return category;
    }
}
