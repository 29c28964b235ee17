package org.coppipeline.exclusion.domain;

/** A microbiology test of the contract (tests.microbiology[].test). */
public enum MicrobiologyTest implements Coded {
    BLOOD_CULTURE("blood-culture"),
    SPUTUM_CULTURE("sputum-culture"),
    BAL_CULTURE("bal-culture"),
    RESPIRATORY_PCR_PANEL("respiratory-pcr-panel"),
    SARS_COV_2_PCR("sars-cov-2-pcr"),
    URINARY_ANTIGENS("urinary-antigens"),
    BAL_PNEUMOCYSTIS("bal-pneumocystis"),
    BAL_MYCOBACTERIA("bal-mycobacteria"),
    FUNGAL_MARKERS("fungal-markers"),
    HIV_SEROLOGY("hiv-serology"),
    // v1.2 additions: knowledge v2 counts them towards "excluded"; v1 reads them as any other result.
    ATYPICAL_SEROLOGY("atypical-serology"),
    BAL_STAINS("bal-stains");

    private final String code;

    MicrobiologyTest(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
