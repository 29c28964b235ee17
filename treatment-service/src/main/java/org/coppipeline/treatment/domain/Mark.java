package org.coppipeline.treatment.domain;

/** The mark of a rule line in cop-knowledge.md: V read in the cited source, U design choice or not verified. */
public enum Mark {
    V,
    U;

    /** [U] lines are what the contract labels "requires clinical review". */
    public boolean requiresClinicalReview() {
        return this == U;
    }
}
