package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Numbers.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * CONTRACT 4.3 as one pure function: severity, recommendation, the infection gate, regimen, alternative,
 * precautions, follow-up and warnings, each with the reason and source of the rule that produced it. The knowledge
 * version chooses the rules where CONTRACT 9 changes them (see {@link RuleSet}); everything else is shared.
 */
public final class TreatmentPlanner {

    public static TreatmentPlan plan(TreatmentInput input, TreatmentThresholds thresholds, KnowledgeVersion version) {
        RuleSet rules = RuleSet.of(version);
        CauseAssessment causes = input.causes();
        ClinicalFindings findings = input.findings();
        List<Reason> reasons = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();

        SeverityAssessment severity = SeverityRules.assess(findings, thresholds, rules.moderateFloors());
        reasons.addAll(severity.criteria());

        RecommendationDecision ruled = RecommendationRules.decide(causes, severity.severity(), findings, rules.secondaryOp());
        reasons.add(ruled.reason());
        Optional<RecommendationDecision> withheld = InfectionGate.withheld(ruled, causes);
        RecommendationDecision decision = withheld.orElse(ruled);
        if (withheld.isPresent()) {
            Reason gate = withheld.get().reason();
            reasons.add(gate);
            warnings.add(new Warning(WarningLevel.WARNING, "glucocorticoid-withheld", gate.text(), Knowledge.TX_GATE_INFECTION));
        }
        addIfPresent(warnings, InfectionGate.criticalWarning(causes));
        if (decision.reason().source().equals(Knowledge.TX_REC_IV_PENDING_WORKUP)) {
            StringJoiner open = new StringJoiner(", ");
            for (CauseCategory category : causes.notExcluded()) {
                open.add(category.code());
            }
            warnings.add(new Warning(WarningLevel.WARNING, "complete-workup-in-parallel",
                    "IV glucocorticoid starts before the work-up is complete: complete it in parallel (" + open + ")",
                    Knowledge.TX_REC_IV_PENDING_WORKUP));
        }

        Optional<List<CauseAction>> causeActions = Optional.empty();
        if (rules.causeActions()) {
            List<CauseAction> actions = CauseActions.forPresent(causes);
            for (CauseAction action : actions) {
                reasons.add(new Reason(action.category().code() + " present: " + action.action(), action.source()));
            }
            causeActions = Optional.of(actions);
        }

        Optional<Regimen> regimen = regimenFor(decision.recommendation(), findings);
        List<Precaution> precautions = List.of();
        if (regimen.isPresent()) {
            reasons.addAll(regimenReasons(regimen.get(), findings));
            addIfPresent(warnings, weightWarning(regimen.get(), findings));
            precautions = GlucocorticoidPrecautions.forRegimen(regimen.get(), findings, thresholds);
            addIfPresent(warnings, GlucocorticoidPrecautions.diabetesWarning(findings));
        }
        for (Precaution precaution : precautions) {
            reasons.add(new Reason(precaution.text(), precaution.source()));
        }

        Optional<Alternative> alternative = ClarithromycinAlternative
                .offer(severity.severity(), findings, decision.recommendation(), causes, thresholds);
        List<Alternative> alternatives = List.of();
        if (alternative.isPresent()) {
            Alternative a = alternative.get();
            alternatives = List.of(a);
            reasons.add(new Reason("alternative " + a.step().text() + ", " + a.evidenceLabel(), a.source()));
            reasons.add(a.eligibility());
        }

        List<FollowUp> followUp = FollowUps.forPlan(decision.recommendation(), decision.reason().source(), causes, thresholds);
        warnings.addAll(InputConsistency.warnings(input, thresholds, rules));

        return new TreatmentPlan(severity.severity(), severity.criteria(), decision.recommendation(),
                decision.recommendation().startsGlucocorticoid(), causeActions, regimen, alternatives, precautions, followUp,
                warnings, reasons, causes.status(CauseCategory.INFECTION), version);
    }

    private static <T> void addIfPresent(List<T> list, Optional<T> value) {
        if (value.isPresent()) {
            list.add(value.get());
        }
    }

    /** The regimen of a glucocorticoid recommendation; none otherwise. */
    static Optional<Regimen> regimenFor(Recommendation recommendation, ClinicalFindings findings) {
        return switch (recommendation) {
            case ORAL_GLUCOCORTICOID -> Optional.of(Regimens.oralPrednisone(findings.weightKg()));
            case IV_GLUCOCORTICOID -> Optional.of(Regimens.ivMethylprednisolone(findings.weightKg()));
            case RELAPSE_REGIMEN -> Optional.of(Regimens.relapsePrednisone());
            default -> Optional.empty();
        };
    }

    /** One reason per rule line the regimen rests on, listing its steps, plus the rounding rule when it applied. */
    static List<Reason> regimenReasons(Regimen regimen, ClinicalFindings findings) {
        List<Reason> reasons = new ArrayList<>();
        for (RuleSource source : regimen.sources()) {
            StringBuilder text = new StringBuilder(regimen.name()).append(": ");
            String separator = "";
            for (RegimenStep step : regimen.steps()) {
                if (step.source().equals(source)) {
                    text.append(separator).append(step.text());
                    separator = ", then ";
                }
            }
            reasons.add(new Reason(text.toString(), source));
        }
        if (regimen.hasWeightBasedDoses()) {
            reasons.add(new Reason("mg doses computed from " + format(findings.weightKg().getAsDouble())
                    + " kg and rounded to the nearest 5 mg (halfway rounds up)", Knowledge.TX_DOSE_ROUNDING));
        }
        return reasons;
    }

    /** TX-WEIGHT-MISSING: a dose left per kg must be computed by the prescriber. */
    static Optional<Warning> weightWarning(Regimen regimen, ClinicalFindings findings) {
        if (!regimen.hasDosesPerKg()) {
            return Optional.empty();
        }
        if (findings.weightKg().isEmpty()) {
            return Optional.of(new Warning(WarningLevel.WARNING, "weight-missing",
                    "no body weight: the weight-based prednisone steps are given in mg/kg/day; compute the mg dose before prescribing",
                    Knowledge.TX_WEIGHT_MISSING));
        }
        return Optional.of(new Warning(WarningLevel.WARNING, "dose-below-rounding-step",
                "at " + format(findings.weightKg().getAsDouble()) + " kg a weight-based prednisone step rounds to 0 mg: "
                        + "it is given in mg/kg/day; compute the dose before prescribing", Knowledge.TX_DOSE_ROUNDING));
    }

    private TreatmentPlanner() {
    }
}
