package org.coppipeline.treatment.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The three glucocorticoid regimens of CONTRACT 4.3 (TX-ORAL-PRED, TX-IV-MP, TX-RELAPSE-PRED). */
public final class Regimens {

    public static final String ORAL_NAME = "oral-prednisone-taper";
    public static final String IV_NAME = "iv-methylprednisolone-then-oral-prednisone";
    public static final String RELAPSE_NAME = "relapse-prednisone-taper";

    private static final BigDecimal START_PER_KG = new BigDecimal("0.75");
    private static final BigDecimal SECOND_PER_KG = new BigDecimal("0.5");

    // Steps that need no weight are the same in every plan: built once (records, immutable).
    private static final RegimenStep IV_PULSE = new RegimenStep(Drug.METHYLPREDNISOLONE, Route.IV,
            new Dose.MgPerDayRange(BigDecimal.valueOf(500), BigDecimal.valueOf(1000)), 3, Knowledge.TX_IV_MP);
    private static final List<RegimenStep> ORAL_FIXED_STEPS = List.of(
            prednisone(Dose.MgPerDay.of(20), 4, Knowledge.TX_ORAL_PRED),
            prednisone(Dose.MgPerDay.of(10), 6, Knowledge.TX_ORAL_PRED),
            prednisone(Dose.MgPerDay.of(5), 6, Knowledge.TX_ORAL_PRED));
    private static final Regimen RELAPSE = new Regimen(RELAPSE_NAME, Knowledge.TX_RELAPSE_PRED, List.of(
            prednisone(Dose.MgPerDay.of(20), 12, Knowledge.TX_RELAPSE_PRED),
            prednisone(Dose.MgPerDay.of(10), 6, Knowledge.TX_RELAPSE_PRED),
            prednisone(Dose.MgPerDay.of(5), 6, Knowledge.TX_RELAPSE_PRED)));

    /** TX-ORAL-PRED: 0.75 mg/kg/day 4 wk, 0.5 mg/kg/day 4 wk, 20 mg/day 4 wk, 10 mg/day 6 wk, 5 mg/day 6 wk. */
    public static Regimen oralPrednisone(OptionalDouble weightKg) {
        return new Regimen(ORAL_NAME, Knowledge.TX_ORAL_PRED, oralSteps(weightKg));
    }

    /** TX-IV-MP: methylprednisolone 500-1000 mg/day IV for 3 days, then the oral regimen. */
    public static Regimen ivMethylprednisolone(OptionalDouble weightKg) {
        List<RegimenStep> steps = new ArrayList<>(6);
        steps.add(IV_PULSE);
        steps.addAll(oralSteps(weightKg));
        return new Regimen(IV_NAME, Knowledge.TX_IV_MP, steps);
    }

    /** TX-RELAPSE-PRED: prednisone 20 mg/day 12 wk, 10 mg/day 6 wk, 5 mg/day 6 wk; needs no weight. */
    public static Regimen relapsePrednisone() {
        return RELAPSE;
    }

    private static List<RegimenStep> oralSteps(OptionalDouble weightKg) {
        return List.of(
                prednisone(perKg(START_PER_KG, weightKg), 4, Knowledge.TX_ORAL_PRED),
                prednisone(perKg(SECOND_PER_KG, weightKg), 4, Knowledge.TX_ORAL_PRED),
                ORAL_FIXED_STEPS.get(0), ORAL_FIXED_STEPS.get(1), ORAL_FIXED_STEPS.get(2));
    }

    /**
     * A mg/kg dose turned into mg with the weight and rounded (TX-DOSE-ROUNDING); without a weight, or when
     * rounding would give 0 mg, it stays per kg (TX-WEIGHT-MISSING) for the prescriber to compute.
     */
    static Dose perKg(BigDecimal amountPerKg, OptionalDouble weightKg) {
        if (weightKg.isEmpty()) {
            return new Dose.MgPerKgPerDay(amountPerKg);
        }
        BigDecimal weight = BigDecimal.valueOf(weightKg.getAsDouble());
        BigDecimal exact = amountPerKg.multiply(weight);
        Optional<BigDecimal> rounded = DoseRounding.toNearestStep(exact);
        if (rounded.isEmpty()) {
            return new Dose.MgPerKgPerDay(amountPerKg);
        }
        return new Dose.MgPerDay(rounded.get(), Optional.of(new Dose.WeightBasedDose(amountPerKg, weight, exact)));
    }

    private static RegimenStep prednisone(Dose dose, int weeks, RuleSource source) {
        return new RegimenStep(Drug.PREDNISONE, Route.ORAL, dose, weeks * 7, source);
    }

    private Regimens() {
    }
}
