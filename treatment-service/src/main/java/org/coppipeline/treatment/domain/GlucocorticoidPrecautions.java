package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Numbers.format;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Precautions with any glucocorticoid plan (PC-*), computed from the regimen's steps. */
public final class GlucocorticoidPrecautions {

    private static final double DAYS_PER_MONTH = 365.25 / 12;

    // Texts that depend on nothing but the diabetes flag are built once.
    private static final Precaution GLUCOSE_MONITORING = new Precaution("glucose-monitoring",
            "monitor blood glucose while on glucocorticoids", Knowledge.PC_GLUCOSE);
    private static final Precaution GLUCOSE_MONITORING_DIABETES = new Precaution("glucose-monitoring",
            "monitor blood glucose while on glucocorticoids (known diabetes: closely)", Knowledge.PC_GLUCOSE);
    private static final Optional<Warning> DIABETES_WARNING = Optional.of(new Warning(WarningLevel.WARNING,
            "diabetes-glucose-control",
            "the patient has diabetes: glucocorticoids can worsen glucose control; monitor closely and adjust treatment",
            Knowledge.PC_GLUCOSE_DIABETES));

    public static List<Precaution> forRegimen(Regimen regimen, ClinicalFindings findings, TreatmentThresholds thresholds) {
        List<Precaution> precautions = new ArrayList<>();
        pneumocystisProphylaxis(regimen, thresholds).ifPresent(precautions::add);
        boneProtection(regimen, thresholds).ifPresent(precautions::add);
        precautions.add(glucoseMonitoring(findings));
        precautions.add(relapseSurveillance(thresholds));
        return precautions;
    }

    /** PC-GLUCOSE-DIABETES: known diabetes raises the risk of poor control on steroids. */
    public static Optional<Warning> diabetesWarning(ClinicalFindings findings) {
        return findings.diabetes() ? DIABETES_WARNING : Optional.empty();
    }

    /** PC-PJP: at least 20 mg/day prednisone equivalent planned for at least 4 weeks. */
    static Optional<Precaution> pneumocystisProphylaxis(Regimen regimen, TreatmentThresholds thresholds) {
        int days = longestRunAtLeast(regimen, BigDecimal.valueOf(thresholds.pjpMinMgPerDay()));
        if (days >= thresholds.pjpMinWeeks() * 7) {
            return Optional.of(new Precaution("pneumocystis-prophylaxis", "Pneumocystis prophylaxis (first line TMP-SMX): the plan gives at least "
                    + format(thresholds.pjpMinMgPerDay()) + " mg/day prednisone equivalent for " + days + " days (threshold: "
                    + thresholds.pjpMinWeeks() + " weeks)", Knowledge.PC_PJP));
        }
        return Optional.empty();
    }

    /** PC-BONE: at least 2.5 mg/day prednisone equivalent planned for more than 3 months. */
    static Optional<Precaution> boneProtection(Regimen regimen, TreatmentThresholds thresholds) {
        int days = longestRunAtLeast(regimen, BigDecimal.valueOf(thresholds.boneMinMgPerDay()));
        if (days > thresholds.boneMoreThanMonths() * DAYS_PER_MONTH) {
            return Optional.of(new Precaution("bone-protection", "bone protection (fracture-risk assessment, calcium and vitamin D, "
                    + "drug treatment when risk is moderate or high): the plan gives at least " + format(thresholds.boneMinMgPerDay())
                    + " mg/day prednisone equivalent for " + days + " days (threshold: more than " + thresholds.boneMoreThanMonths()
                    + " months)", Knowledge.PC_BONE));
        }
        return Optional.empty();
    }

    /** PC-GLUCOSE: glucose monitoring with any glucocorticoid plan. */
    static Precaution glucoseMonitoring(ClinicalFindings findings) {
        return findings.diabetes() ? GLUCOSE_MONITORING_DIABETES : GLUCOSE_MONITORING;
    }

    /** PC-RELAPSE-WATCH: relapses mostly come within the first year. */
    static Precaution relapseSurveillance(TreatmentThresholds thresholds) {
        return new Precaution("relapse-surveillance", "watch for relapse for " + thresholds.relapseSurveillanceMonths()
                + " months, especially during the taper", Knowledge.PC_RELAPSE_WATCH);
    }

    /**
     * Longest run of consecutive glucocorticoid steps whose daily prednisone-equivalent dose is at least
     * {@code mgPerDay}, in days. A mg/kg step without a weight counts as reaching it: a precaution is the side
     * to err on.
     */
    static int longestRunAtLeast(Regimen regimen, BigDecimal mgPerDay) {
        int longest = 0;
        int run = 0;
        for (RegimenStep step : regimen.steps()) {
            if (reaches(step, mgPerDay)) {
                run += step.days();
                longest = Math.max(longest, run);
            } else {
                run = 0;
            }
        }
        return longest;
    }

    private static boolean reaches(RegimenStep step, BigDecimal mgPerDay) {
        Optional<BigDecimal> potency = step.drug().prednisonePotency();
        if (potency.isEmpty()) {
            return false;
        }
        Optional<BigDecimal> mg = step.dose().minimumMgPerDay();
        if (mg.isEmpty()) {
            return true;
        }
        // Prednisone itself (potency exactly 1) needs no product: mg x 1 compares as mg.
        BigDecimal prednisoneMg = potency.get().compareTo(BigDecimal.ONE) == 0 ? mg.get() : mg.get().multiply(potency.get());
        return prednisoneMg.compareTo(mgPerDay) >= 0;
    }

    private GlucocorticoidPrecautions() {
    }
}
