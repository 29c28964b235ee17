package org.coppipeline.symptom.domain;

/**
 * Chest CT findings of the case event (CONTRACT section 2, imaging.ct.findings), in the schema's order. The last three
 * are the v1.2 additions (section 9): knowledge v1 accepts them and scores none of them.
 */
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
    /** Multiple nodules. */
    NODULES("nodules"),
    /** Consolidation whose side the report does not state. */
    CONSOLIDATION("consolidation"),
    /** The radiologist reports a pattern typical of organizing pneumonia. */
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
