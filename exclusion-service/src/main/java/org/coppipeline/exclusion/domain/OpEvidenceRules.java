package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evidence of organizing pneumonia, CONTRACT 4.2 (first matching line wins). The "unlikely" lines run
 * before histology because a small biopsy may show only the rim of another lesion (Epler-2001).
 */
public final class OpEvidenceRules {

    private static final List<CtFinding> OPACITIES =
            List.of(CtFinding.BILATERAL_CONSOLIDATION, CtFinding.UNILATERAL_CONSOLIDATION, CtFinding.GROUND_GLASS);
    private static final List<CtFinding> TYPICAL_DISTRIBUTION_OR_SIGN = List.of(CtFinding.PERIPHERAL_DISTRIBUTION,
            CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION, CtFinding.MIGRATORY_OPACITIES, CtFinding.REVERSED_HALO,
            CtFinding.PERILOBULAR_PATTERN);

    // Lines whose wording depends on nothing (or on an enum value alone) are built once.
    private static final CounterIndicator OTHER_HISTOLOGY = new CounterIndicator(CauseRule.OP_UNLIKELY_HISTOLOGY,
            "histology shows another pattern", "the disease of the other histological pattern reported");
    private static final CounterIndicator RESOLVED_ON_ANTIBIOTICS = new CounterIndicator(CauseRule.OP_UNLIKELY_ABX,
            "resolved on antibiotics", "infectious pneumonia");
    private static final CounterIndicator HONEYCOMBING = ctCounterIndicator(CtFinding.HONEYCOMBING,
            CauseRule.OP_UNLIKELY_HONEYCOMB, "fibrotic interstitial lung disease");
    private static final CounterIndicator MASS = ctCounterIndicator(CtFinding.MASS, CauseRule.OP_UNLIKELY_MASS,
            "malignancy");
    private static final CounterIndicator CAVITATION = ctCounterIndicator(CtFinding.CAVITATION,
            CauseRule.OP_UNLIKELY_CAVITATION, "lung abscess, mycobacterial or fungal infection, or tumour");
    private static final OpAssessment OP_ON_HISTOLOGY = new OpAssessment(OpEvidence.CONFIRMED,
            new Reason(CauseRule.OP_CONFIRMED_HISTOLOGY, "organizing pneumonia on histology"));
    private static final OpAssessment SUSPECTED_MODERATE = suspected(Suspicion.MODERATE);
    private static final OpAssessment SUSPECTED_HIGH = suspected(Suspicion.HIGH);
    private static final OpAssessment NOTHING_POINTS_TO_OP = new OpAssessment(OpEvidence.UNLIKELY,
            new Reason(CauseRule.OP_UNLIKELY_DEFAULT, "no histology, typical CT or moderate-to-high suspicion without CT"));

    private OpEvidenceRules() {
    }

    /** Every "unlikely" line that applies, in ladder order; the first decides, all point to alternatives. */
    public static List<CounterIndicator> counterIndicators(CauseInput input, ExclusionThresholds thresholds) {
        List<CounterIndicator> found = new ArrayList<>();
        otherHistology(input).ifPresent(found::add);
        resolvedOnAntibiotics(input).ifPresent(found::add);
        balEosinophilia(input, thresholds.balEosinophilPercent()).ifPresent(found::add);
        honeycombing(input).ifPresent(found::add);
        mass(input).ifPresent(found::add);
        cavitation(input).ifPresent(found::add);
        return found;
    }

    public static OpAssessment assess(CauseInput input, List<CounterIndicator> counterIndicators) {
        return FirstMatch.of(
                () -> firstCounterIndicator(counterIndicators),
                () -> organizingPneumoniaOnHistology(input),
                () -> typicalCt(input),
                () -> suspectedWithoutCt(input))
                .orElseGet(OpEvidenceRules::nothingPointsToOp);
    }

    static Optional<OpAssessment> firstCounterIndicator(List<CounterIndicator> counterIndicators) {
        if (counterIndicators.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OpAssessment(OpEvidence.UNLIKELY, counterIndicators.get(0).reason()));
    }

    /** OP-UNLIKELY-HISTOLOGY: histology shows another pattern. */
    static Optional<CounterIndicator> otherHistology(CauseInput input) {
        return input.histology() == HistologyPattern.OTHER ? Optional.of(OTHER_HISTOLOGY) : Optional.empty();
    }

    /** OP-UNLIKELY-ABX: the illness resolved on antibiotics. */
    static Optional<CounterIndicator> resolvedOnAntibiotics(CauseInput input) {
        return input.antibioticResponse() == AntibioticResponse.RESOLVED
                ? Optional.of(RESOLVED_ON_ANTIBIOTICS) : Optional.empty();
    }

    /** OP-UNLIKELY-BAL-EOS: BAL eosinophils above the threshold (strictly greater). */
    static Optional<CounterIndicator> balEosinophilia(CauseInput input, double thresholdPercent) {
        Double eosinophils = input.bal().eosinophilPercent();
        if (eosinophils == null || !(eosinophils > thresholdPercent)) {
            return Optional.empty();
        }
        return Optional.of(new CounterIndicator(CauseRule.OP_UNLIKELY_BAL_EOS,
                "BAL eosinophils " + percent(eosinophils) + "% (> " + percent(thresholdPercent) + "%)",
                "chronic eosinophilic pneumonia"));
    }

    /** OP-UNLIKELY-HONEYCOMB: honeycombing on CT. */
    static Optional<CounterIndicator> honeycombing(CauseInput input) {
        return ctShows(input, CtFinding.HONEYCOMBING, HONEYCOMBING);
    }

    /** OP-UNLIKELY-MASS: a mass on CT (focal OP can look like one, so this line can misclassify it). */
    static Optional<CounterIndicator> mass(CauseInput input) {
        return ctShows(input, CtFinding.MASS, MASS);
    }

    /** OP-UNLIKELY-CAVITATION: cavitation on CT. */
    static Optional<CounterIndicator> cavitation(CauseInput input) {
        return ctShows(input, CtFinding.CAVITATION, CAVITATION);
    }

    /** OP-CONFIRMED-HISTOLOGY: organizing pneumonia on histology, whatever the biopsy method. */
    static Optional<OpAssessment> organizingPneumoniaOnHistology(CauseInput input) {
        return input.histology() == HistologyPattern.ORGANIZING_PNEUMONIA ? Optional.of(OP_ON_HISTOLOGY) : Optional.empty();
    }

    /** OP-PROBABLE-CT: CT performed with consolidation or ground glass plus a typical distribution or sign. */
    static Optional<OpAssessment> typicalCt(CauseInput input) {
        CauseInput.ChestCt ct = input.ct();
        if (!ct.performed()) {
            return Optional.empty();
        }
        if (!showsAny(ct, OPACITIES) || !showsAny(ct, TYPICAL_DISTRIBUTION_OR_SIGN)) {
            return Optional.empty();
        }
        List<String> opacities = codes(OPACITIES, ct);
        List<String> typical = codes(TYPICAL_DISTRIBUTION_OR_SIGN, ct);
        return Optional.of(new OpAssessment(OpEvidence.PROBABLE, new Reason(CauseRule.OP_PROBABLE_CT,
                "CT: " + String.join(", ", opacities) + " with " + String.join(", ", typical))));
    }

    /** OP-SUSPECTED-NO-CT: no CT performed (or none recorded) and suspicion moderate or high. */
    static Optional<OpAssessment> suspectedWithoutCt(CauseInput input) {
        boolean suspicious = input.suspicion() == Suspicion.MODERATE || input.suspicion() == Suspicion.HIGH;
        if (input.ct().performed() || !suspicious) {
            return Optional.empty();
        }
        return Optional.of(input.suspicion() == Suspicion.HIGH ? SUSPECTED_HIGH : SUSPECTED_MODERATE);
    }

    private static OpAssessment suspected(Suspicion suspicion) {
        return new OpAssessment(OpEvidence.SUSPECTED, new Reason(CauseRule.OP_SUSPECTED_NO_CT,
                "no CT performed and suspicion " + suspicion.code()));
    }

    /** OP-UNLIKELY-DEFAULT: nothing above applies. */
    static OpAssessment nothingPointsToOp() {
        return NOTHING_POINTS_TO_OP;
    }

    private static Optional<CounterIndicator> ctShows(CauseInput input, CtFinding finding, CounterIndicator indicator) {
        // The contract's unlikely lines read the findings as listed; a list on a CT marked not performed is warned about.
        return input.ct().shows(finding) ? Optional.of(indicator) : Optional.empty();
    }

    private static CounterIndicator ctCounterIndicator(CtFinding finding, CauseRule rule, String alternative) {
        return new CounterIndicator(rule, "CT " + finding.code(), alternative);
    }

    private static boolean showsAny(CauseInput.ChestCt ct, List<CtFinding> findings) {
        for (CtFinding finding : findings) {
            if (ct.shows(finding)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> codes(List<CtFinding> findings, CauseInput.ChestCt ct) {
        List<String> shown = new ArrayList<>(findings.size());
        for (CtFinding finding : findings) {
            if (ct.shows(finding)) {
                shown.add(finding.code());
            }
        }
        return shown;
    }

    /** 26.0 -> "26", 25.5 -> "25.5". */
    static String percent(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
