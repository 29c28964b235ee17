package org.coppipeline.treatment.domain;

import java.math.BigDecimal;
import java.util.Optional;

/** Drugs the plans name. Glucocorticoids carry their potency so exposure can be compared in prednisone mg. */
public enum Drug {
    PREDNISONE("prednisone", Optional.of(BigDecimal.ONE)),
    // 4 mg methylprednisolone is as potent as 5 mg prednisone (standard glucocorticoid equivalence)
    METHYLPREDNISOLONE("methylprednisolone", Optional.of(new BigDecimal("1.25"))),
    CLARITHROMYCIN("clarithromycin", Optional.empty());

    private final String code;
    private final Optional<BigDecimal> prednisonePotency;

    Drug(String code, Optional<BigDecimal> prednisonePotency) {
        this.code = code;
        this.prednisonePotency = prednisonePotency;
    }

    public String code() {
        return code;
    }

    /** Prednisone mg equivalent to 1 mg of this drug; empty when it is not a glucocorticoid. */
    public Optional<BigDecimal> prednisonePotency() {
        return prednisonePotency;
    }
}
