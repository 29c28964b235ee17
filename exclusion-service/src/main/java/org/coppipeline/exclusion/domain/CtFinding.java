package org.coppipeline.exclusion.domain;

/** A chest CT finding of the contract (imaging.ct.findings[]). */
public enum CtFinding implements Coded {
    BILATERAL_CONSOLIDATION("bilateral-consolidation"),
    UNILATERAL_CONSOLIDATION("unilateral-consolidation"),
    PERIPHERAL_DISTRIBUTION("peripheral-distribution"),
    PERIBRONCHOVASCULAR_DISTRIBUTION("peribronchovascular-distribution"),
    GROUND_GLASS("ground-glass"),
    MIGRATORY_OPACITIES("migratory-opacities"),
    REVERSED_HALO("reversed-halo"),
    PERILOBULAR_PATTERN("perilobular-pattern"),
    SOLITARY_OPACITY("solitary-opacity"),
    HONEYCOMBING("honeycombing"),
    MASS("mass"),
    LYMPHADENOPATHY("lymphadenopathy"),
    CAVITATION("cavitation"),
    PLEURAL_EFFUSION("pleural-effusion"),
    CENTRILOBULAR_NODULES("centrilobular-nodules"),
    // v1.2 additions: read by knowledge v2 only.
    NODULES("nodules"),
    CONSOLIDATION("consolidation"),
    OP_PATTERN("op-pattern");

    private final String code;

    CtFinding(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
