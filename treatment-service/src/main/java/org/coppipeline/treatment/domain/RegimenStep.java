package org.coppipeline.treatment.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** One step of a regimen: a drug, its route and dose, for a number of days. */
public record RegimenStep(Drug drug, Route route, Dose dose, int days, RuleSource source) {

    public RegimenStep {
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(dose, "dose");
        Objects.requireNonNull(source, "source");
        if (days < 1) {
            throw new IllegalArgumentException("a step lasts at least one day");
        }
    }

    /** Duration in weeks, to two decimals (a 3-day pulse is 0.43 weeks). */
    public BigDecimal weeks() {
        return BigDecimal.valueOf(days).divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    public String text() {
        // One concatenation per branch: the text is built for every step of every plan.
        if (days % 7 == 0) {
            return drug.code() + " " + dose.text() + " " + route.code() + " for " + days / 7 + " weeks";
        }
        return drug.code() + " " + dose.text() + " " + route.code() + " for " + days + " days";
    }
}
