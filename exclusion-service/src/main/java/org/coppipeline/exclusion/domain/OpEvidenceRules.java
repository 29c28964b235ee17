package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evidence of organizing pneumonia, CONTRACT 4.2 and its v2 in section 9 (first matching line wins), one ladder
 * per knowledge version over shared lines. v1: the "unlikely" lines run before histology because a small biopsy
 * may show only the rim of another lesion (Epler-2001). v2: histology first, with a transbronchial biopsy of a mass
 * or cavity only probable; a mass is no longer against OP but adds malignancy as an alternative; a CT never lowers
 * the evidence below suspected; a reversed halo gives no OP credit in an immunocompromised patient.
 */
public final class OpEvidenceRules {

    private static final List<CtFinding> OPACITIES =
            List.of(CtFinding.BILATERAL_CONSOLIDATION, CtFinding.UNILATERAL_CONSOLIDATION, CtFinding.GROUND_GLASS);
    private static final List<CtFinding> TYPICAL_DISTRIBUTION_OR_SIGN = List.of(CtFinding.PERIPHERAL_DISTRIBUTION,
            CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION, CtFinding.MIGRATORY_OPACITIES, CtFinding.REVERSED_HALO,
            CtFinding.PERILOBULAR_PATTERN);
    // v2, in the contract's order: nodules and consolidation of unstated side count as opacities; the reversed halo
    // counts only when the patient is not immunocompromised (V2_SIGNS_IMMUNOCOMPROMISED leaves it out).
    private static final List<CtFinding> V2_OPACITIES = List.of(CtFinding.BILATERAL_CONSOLIDATION,
            CtFinding.UNILATERAL_CONSOLIDATION, CtFinding.CONSOLIDATION, CtFinding.GROUND_GLASS, CtFinding.NODULES);
    private static final List<CtFinding> V2_SIGNS = List.of(CtFinding.PERIPHERAL_DISTRIBUTION,
            CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION, CtFinding.MIGRATORY_OPACITIES, CtFinding.PERILOBULAR_PATTERN,
            CtFinding.REVERSED_HALO);
    private static final List<CtFinding> V2_SIGNS_IMMUNOCOMPROMISED = List.of(CtFinding.PERIPHERAL_DISTRIBUTION,
            CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION, CtFinding.MIGRATORY_OPACITIES, CtFinding.PERILOBULAR_PATTERN);

    static final String CHEST_CT = "chest CT";
    static final String BIOPSY = "biopsy";
    static final String TISSUE_DIAGNOSIS = "tissue diagnosis";
    static final List<String> FUNGAL_WORKUP = List.of("BAL fungal studies", "fungal markers");

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

    // v2 lines whose wording depends on nothing.
    private static final OpAssessment V2_NOTHING_POINTS_TO_OP = new OpAssessment(OpEvidence.UNLIKELY,
            new Reason(CauseRule.OP_UNLIKELY_DEFAULT, "no histology, typical CT or moderate-to-high suspicion"));
    private static final Warning SMALL_BIOPSY_WARNING = Warning.warning("small-biopsy-of-a-mass", "organizing pneumonia"
            + " on a transbronchial biopsy of a CT mass or cavitation: a small sample can miss a tumour beside the OP, so"
            + " the evidence is probable, not confirmed (OP-HISTOLOGY-SMALL-BIOPSY)");

    private OpEvidenceRules() {
    }

    /** Knowledge v1: every "unlikely" line that applies decides (the first) and names an alternative. */
    public static OpFindings ladderV1(CauseInput input, ExclusionThresholds thresholds) {
        List<CounterIndicator> counterIndicators = counterIndicators(input, thresholds);
        OpAssessment op = assess(input, counterIndicators);
        List<Reason> reasons = new ArrayList<>(Math.max(1, counterIndicators.size()));
        List<AlternativeDiagnosis> alternatives = new ArrayList<>(counterIndicators.size());
        if (counterIndicators.isEmpty()) {
            reasons.add(op.reason());
        } else {
            // The first counter-indicator decided the ladder; the others fired too and each names an alternative.
            for (CounterIndicator indicator : counterIndicators) {
                reasons.add(indicator.reason());
                alternatives.add(AlternativeDiagnosis.from(indicator));
            }
        }
        return new OpFindings(op, reasons, alternatives, List.of());
    }

    /**
     * Knowledge v2 (CONTRACT section 9). The lines after the deciding one are not evaluated, so the counter-indicators
     * count only when they decide; OP-ALT-MALIGNANCY and OP-REVERSED-HALO-IMMUNOCOMPROMISED apply whatever decided.
     *
     * @param immunocompromised why the patient is immunocompromised, empty when not
     */
    public static OpFindings ladderV2(CauseInput input, ExclusionThresholds thresholds, Optional<String> immunocompromised) {
        List<CounterIndicator> counterIndicators = counterIndicatorsV2(input, thresholds);
        OpAssessment op = FirstMatch.of(
                () -> histologyV2(input),
                () -> firstCounterIndicator(counterIndicators),
                () -> typicalCtV2(input, immunocompromised.isPresent()),
                () -> suspectedV2(input))
                .orElse(V2_NOTHING_POINTS_TO_OP);
        List<Reason> reasons = new ArrayList<>(4);
        List<AlternativeDiagnosis> alternatives = new ArrayList<>(2);
        List<Warning> warnings = new ArrayList<>(2);
        if (op.evidence() == OpEvidence.UNLIKELY && !counterIndicators.isEmpty()) {
            for (CounterIndicator indicator : counterIndicators) {
                reasons.add(indicator.reason());
                alternatives.add(AlternativeDiagnosis.from(indicator));
            }
        } else {
            reasons.add(op.reason());
        }
        if (op.reason().rule() == CauseRule.OP_HISTOLOGY_SMALL_BIOPSY) {
            warnings.add(SMALL_BIOPSY_WARNING);
        }
        malignancyAlternative(input).ifPresent(alternative -> {
            reasons.add(new Reason(CauseRule.OP_ALT_MALIGNANCY, alternative.reason() + ": malignancy to be ruled out"));
            alternatives.add(alternative);
        });
        if (input.ct().shows(CtFinding.REVERSED_HALO) && immunocompromised.isPresent()) {
            String seen = "CT reversed-halo, " + immunocompromised.get();
            reasons.add(new Reason(CauseRule.OP_REVERSED_HALO_IMMUNOCOMPROMISED, seen
                    + ": invasive mould infection to be ruled out; the reversed halo gives no credit to organizing pneumonia"));
            alternatives.add(new AlternativeDiagnosis("invasive fungal infection (e.g. mucormycosis)", seen,
                    CauseRule.OP_REVERSED_HALO_IMMUNOCOMPROMISED, FUNGAL_WORKUP));
            warnings.add(Warning.warning("reversed-halo-immunocompromised", "a reversed halo in an immunocompromised patient"
                    + " suggests invasive mould infection (e.g. mucormycosis) and gives no credit to organizing pneumonia:"
                    + " BAL fungal studies and fungal markers (OP-REVERSED-HALO-IMMUNOCOMPROMISED)"));
        }
        return new OpFindings(op, reasons, alternatives, warnings);
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

    /** v2 "unlikely" lines in the contract's order; a mass is no longer one of them (OP-UNLIKELY-MASS is v1 only). */
    static List<CounterIndicator> counterIndicatorsV2(CauseInput input, ExclusionThresholds thresholds) {
        List<CounterIndicator> found = new ArrayList<>();
        otherHistology(input).ifPresent(found::add);
        balEosinophilia(input, thresholds.balEosinophilPercent()).map(OpEvidenceRules::eosinophilicPneumonia)
                .ifPresent(found::add);
        honeycombing(input).ifPresent(found::add);
        cavitation(input).ifPresent(found::add);
        resolvedOnAntibiotics(input).ifPresent(found::add);
        return found;
    }

    /** v2 names the alternative as the contract does: eosinophilic pneumonia, which needs its own plan. */
    private static CounterIndicator eosinophilicPneumonia(CounterIndicator v1) {
        return new CounterIndicator(v1.rule(), v1.finding(),
                "eosinophilic pneumonia (also responds to glucocorticoids, but needs its own plan)");
    }

    /**
     * v2 line 1. OP-CONFIRMED-HISTOLOGY: organizing pneumonia on histology; except OP-HISTOLOGY-SMALL-BIOPSY: on a
     * transbronchial biopsy of a CT mass or cavitation it is only probable (the warning goes with it).
     */
    static Optional<OpAssessment> histologyV2(CauseInput input) {
        if (input.histology() != HistologyPattern.ORGANIZING_PNEUMONIA) {
            return Optional.empty();
        }
        BiopsyMethod method = input.histologyMethod();
        List<String> lesions = codes(List.of(CtFinding.MASS, CtFinding.CAVITATION), input.ct());
        if (method == BiopsyMethod.TRANSBRONCHIAL && !lesions.isEmpty()) {
            return Optional.of(new OpAssessment(OpEvidence.PROBABLE, new Reason(CauseRule.OP_HISTOLOGY_SMALL_BIOPSY,
                    "organizing pneumonia on a transbronchial biopsy of a CT " + String.join(" and ", lesions)
                            + ": probable, not confirmed")));
        }
        return Optional.of(method == null ? OP_ON_HISTOLOGY : new OpAssessment(OpEvidence.CONFIRMED,
                new Reason(CauseRule.OP_CONFIRMED_HISTOLOGY, "organizing pneumonia on histology (" + method.code() + ")")));
    }

    /**
     * v2 line 3, OP-PROBABLE-CT: a performed CT with op-pattern, or with an opacity (consolidation of either or
     * unstated side, ground glass, nodules) and a typical distribution or sign; the reversed halo counts only when
     * the patient is not immunocompromised.
     */
    static Optional<OpAssessment> typicalCtV2(CauseInput input, boolean immunocompromised) {
        CauseInput.ChestCt ct = input.ct();
        if (!ct.performed()) {
            return Optional.empty();
        }
        List<CtFinding> signs = immunocompromised ? V2_SIGNS_IMMUNOCOMPROMISED : V2_SIGNS;
        boolean opPattern = ct.shows(CtFinding.OP_PATTERN);
        boolean opacityWithSign = showsAny(ct, V2_OPACITIES) && showsAny(ct, signs);
        if (!opPattern && !opacityWithSign) {
            return Optional.empty();
        }
        List<String> seen = new ArrayList<>(2);
        if (opPattern) {
            seen.add(CtFinding.OP_PATTERN.code());
        }
        if (opacityWithSign) {
            seen.add(String.join(", ", codes(V2_OPACITIES, ct)) + " with " + String.join(", ", codes(signs, ct)));
        }
        return Optional.of(new OpAssessment(OpEvidence.PROBABLE,
                new Reason(CauseRule.OP_PROBABLE_CT, "CT: " + String.join("; ", seen))));
    }

    /**
     * v2 line 4: suspicion moderate or high whether or not a CT was done. Without a CT: OP-SUSPECTED-NO-CT, next step
     * chest CT. After a CT without the typical pattern (a mass included): OP-CT-ATYPICAL-NOT-AGAINST, next step biopsy.
     */
    static Optional<OpAssessment> suspectedV2(CauseInput input) {
        Suspicion suspicion = input.suspicion();
        if (suspicion != Suspicion.MODERATE && suspicion != Suspicion.HIGH) {
            return Optional.empty();
        }
        if (!input.ct().performed()) {
            return Optional.of(suspicion == Suspicion.HIGH ? SUSPECTED_HIGH : SUSPECTED_MODERATE);
        }
        return Optional.of(new OpAssessment(OpEvidence.SUSPECTED, new Reason(CauseRule.OP_CT_ATYPICAL_NOT_AGAINST,
                "CT without the typical pattern and suspicion " + suspicion.code()
                        + ": a CT never lowers the evidence below suspected"), List.of(BIOPSY)));
    }

    /**
     * OP-ALT-MALIGNANCY (v2): a CT mass adds malignancy, next step tissue diagnosis, unless a surgical or cryobiopsy
     * sample shows organizing pneumonia.
     */
    static Optional<AlternativeDiagnosis> malignancyAlternative(CauseInput input) {
        if (!input.ct().shows(CtFinding.MASS)) {
            return Optional.empty();
        }
        boolean largeSampleShowsOp = input.histology() == HistologyPattern.ORGANIZING_PNEUMONIA
                && (input.histologyMethod() == BiopsyMethod.SURGICAL || input.histologyMethod() == BiopsyMethod.CRYOBIOPSY);
        if (largeSampleShowsOp) {
            return Optional.empty();
        }
        return Optional.of(new AlternativeDiagnosis("malignancy", "CT " + CtFinding.MASS.code(), CauseRule.OP_ALT_MALIGNANCY,
                List.of(TISSUE_DIAGNOSIS)));
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
                "no CT performed and suspicion " + suspicion.code()), List.of(CHEST_CT));
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
