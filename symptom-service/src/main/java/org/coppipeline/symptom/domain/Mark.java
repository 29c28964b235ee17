package org.coppipeline.symptom.domain;

/** Verification mark of a knowledge-base rule line (cop-knowledge.md, "Marks"). */
public enum Mark implements Coded {
    /** The statement the rule relies on was read in the cited source. */
    V,
    /** Not read in a source, or the rule adds a design number: needs clinical review. */
    U;

    @Override
    public String code() {
        return name();
    }
}
