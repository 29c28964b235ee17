package org.coppipeline.exclusion.domain;

/** The exclusion stage's conclusion (CONTRACT 4.2). */
public enum Conclusion implements Coded {
    OP_UNLIKELY("op-unlikely"),
    SUSPECTED_OP("suspected-op"),
    WORKUP_INCOMPLETE("workup-incomplete"),
    SECONDARY_OP("secondary-op"),
    COP_PROBABLE("cop-probable"),
    COP_CONFIRMED("cop-confirmed");

    private final String code;

    Conclusion(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** True for the two conclusions that name the disease cryptogenic; they need all eight causes excluded. */
    public boolean isCop() {
        return this == COP_PROBABLE || this == COP_CONFIRMED;
    }
}
