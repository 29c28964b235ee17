package org.coppipeline.treatment.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * TX-DOSE-ROUNDING: mg doses are rounded to the nearest 5 mg. A dose exactly halfway rounds up
 * (52.5 mg -> 55 mg): the usual commercial rounding, and the safer side against undertreatment in a
 * condition where the start dose is what matters. Decimal arithmetic keeps halfway cases exact
 * (70 kg x 0.75 mg/kg is 52.5, not 52.49999).
 */
public final class DoseRounding {

    public static final BigDecimal STEP_MG = BigDecimal.valueOf(5);

    /** The dose rounded to the nearest 5 mg, or empty when that would be 0 mg (no tablet dose fits). */
    public static Optional<BigDecimal> toNearestStep(BigDecimal exactMg) {
        BigDecimal rounded = exactMg.divide(STEP_MG).setScale(0, RoundingMode.HALF_UP).multiply(STEP_MG);
        return rounded.signum() > 0 ? Optional.of(rounded) : Optional.empty();
    }

    private DoseRounding() {
    }
}
