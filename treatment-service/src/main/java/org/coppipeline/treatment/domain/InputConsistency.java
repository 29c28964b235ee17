package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Numbers.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Schema-valid input that is clinically odd or contradicts itself is answered with warnings, never an error:
 * the plan is still made from the rules, and the clinician sees what does not fit.
 */
public final class InputConsistency {

    private static final Set<Conclusion> COP = EnumSet.of(Conclusion.COP_PROBABLE, Conclusion.COP_CONFIRMED);

    /** The opEvidence each conclusion follows from (CONTRACT 4.2), with the rule that says so. */
    private static final Map<Conclusion, Set<OpEvidence>> EVIDENCE_OF = Map.of(
            Conclusion.OP_UNLIKELY, EnumSet.of(OpEvidence.UNLIKELY),
            Conclusion.SUSPECTED_OP, EnumSet.of(OpEvidence.SUSPECTED),
            Conclusion.SECONDARY_OP, EnumSet.of(OpEvidence.PROBABLE, OpEvidence.CONFIRMED),
            Conclusion.WORKUP_INCOMPLETE, EnumSet.of(OpEvidence.PROBABLE, OpEvidence.CONFIRMED),
            Conclusion.COP_PROBABLE, EnumSet.of(OpEvidence.PROBABLE),
            Conclusion.COP_CONFIRMED, EnumSet.of(OpEvidence.CONFIRMED));
    private static final Map<Conclusion, RuleSource> CONCLUSION_RULE = Map.of(
            Conclusion.OP_UNLIKELY, Knowledge.CX_OP_UNLIKELY,
            Conclusion.SUSPECTED_OP, Knowledge.CX_SUSPECTED,
            Conclusion.SECONDARY_OP, Knowledge.CX_SECONDARY,
            Conclusion.WORKUP_INCOMPLETE, Knowledge.CX_WORKUP_INCOMPLETE,
            Conclusion.COP_PROBABLE, Knowledge.CX_COP_PROBABLE,
            Conclusion.COP_CONFIRMED, Knowledge.CX_COP_CONFIRMED);

    // Warnings whose wording depends on nothing from the case are built once.
    private static final Optional<Warning> OP_EVIDENCE_MISSING = Optional.of(new Warning(WarningLevel.WARNING,
            "op-evidence-missing",
            "the cause assessment does not report opEvidence: the plan assumes organizing pneumonia may be present",
            Knowledge.TX_GATE_INFECTION));
    private static final Optional<Warning> SECONDARY_WITHOUT_CAUSE = Optional.of(new Warning(WarningLevel.WARNING,
            "secondary-op-without-cause", "conclusion secondary-op but no cause category is present: no cause to name",
            Knowledge.CX_SECONDARY));
    private static final Optional<Warning> PREDNISONE_WITHOUT_OP = Optional.of(new Warning(WarningLevel.WARNING,
            "prednisone-without-op",
            "the patient takes prednisone although organizing pneumonia is unlikely: review the indication",
            Knowledge.TX_REC_NO_OP));

    public static List<Warning> warnings(TreatmentInput input, TreatmentThresholds thresholds, RuleSet rules) {
        List<Warning> warnings = new ArrayList<>();
        CauseAssessment causes = input.causes();
        ClinicalFindings findings = input.findings();
        missingCategories(causes).ifPresent(warnings::add);
        missingOpEvidence(causes).ifPresent(warnings::add);
        conclusionAgainstEvidence(causes).ifPresent(warnings::add);
        copWithOpenCategories(causes).ifPresent(warnings::add);
        secondaryWithoutCause(causes).ifPresent(warnings::add);
        lowSaturationWithoutSupport(findings, thresholds).ifPresent(warnings::add);
        prednisoneWithoutOp(causes, findings).ifPresent(warnings::add);
        prednisoneWithOpenInfection(causes, findings).ifPresent(warnings::add);
        relapseFlagNotUsed(causes, findings, rules.relapseRegimenFor()).ifPresent(warnings::add);
        return warnings;
    }

    static Optional<Warning> missingCategories(CauseAssessment causes) {
        List<CauseCategory> missing = causes.missing();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner codes = new StringJoiner(", ");
        for (CauseCategory category : missing) {
            codes.add(category.code());
        }
        return Optional.of(new Warning(WarningLevel.WARNING, "category-missing", "the cause assessment does not report "
                + codes + ": counted as not assessed", Knowledge.CX_WORKUP_INCOMPLETE));
    }

    static Optional<Warning> missingOpEvidence(CauseAssessment causes) {
        return causes.opEvidence().isPresent() ? Optional.empty() : OP_EVIDENCE_MISSING;
    }

    static Optional<Warning> conclusionAgainstEvidence(CauseAssessment causes) {
        Conclusion conclusion = causes.conclusion();
        return causes.opEvidence()
                .filter(evidence -> !EVIDENCE_OF.get(conclusion).contains(evidence))
                .map(evidence -> new Warning(WarningLevel.WARNING, "conclusion-contradicts-op-evidence",
                        "conclusion " + conclusion.code() + " does not follow from opEvidence " + evidence.code()
                                + ": the plan follows the conclusion; check the cause assessment", CONCLUSION_RULE.get(conclusion)));
    }

    static Optional<Warning> copWithOpenCategories(CauseAssessment causes) {
        if (!COP.contains(causes.conclusion())) {
            return Optional.empty();
        }
        List<CauseCategory> open = causes.notExcluded();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner statuses = new StringJoiner(", ");
        for (CauseCategory category : open) {
            statuses.add(category.code() + " is " + causes.status(category).code());
        }
        return Optional.of(new Warning(WarningLevel.WARNING, "conclusion-contradicts-categories",
                "conclusion " + causes.conclusion().code() + " although " + statuses
                        + ": COP may only be named once every cause is excluded", Knowledge.CX_NEVER_COP_UNEXCLUDED));
    }

    static Optional<Warning> secondaryWithoutCause(CauseAssessment causes) {
        if (causes.conclusion() != Conclusion.SECONDARY_OP || !causes.withStatus(CategoryStatus.PRESENT).isEmpty()) {
            return Optional.empty();
        }
        return SECONDARY_WITHOUT_CAUSE;
    }

    static Optional<Warning> lowSaturationWithoutSupport(ClinicalFindings findings, TreatmentThresholds thresholds) {
        boolean low = findings.spo2RestPercent().isPresent()
                && findings.spo2RestPercent().getAsDouble() < thresholds.spo2SevereBelowPercent();
        if (low && findings.respiratorySupport().equals(Optional.of(RespiratorySupport.NONE))) {
            return Optional.of(new Warning(WarningLevel.WARNING, "low-spo2-without-support",
                    "resting SpO2 " + format(findings.spo2RestPercent().getAsDouble()) + "% with no respiratory support: "
                            + "check the measurement and whether oxygen is needed", Knowledge.SV_SEVERE_SPO2));
        }
        return Optional.empty();
    }

    static Optional<Warning> prednisoneWithoutOp(CauseAssessment causes, ClinicalFindings findings) {
        return onPrednisone(findings) && causes.conclusion() == Conclusion.OP_UNLIKELY
                ? PREDNISONE_WITHOUT_OP : Optional.empty();
    }

    static Optional<Warning> prednisoneWithOpenInfection(CauseAssessment causes, ClinicalFindings findings) {
        if (onPrednisone(findings) && !causes.infectionExcluded()) {
            return Optional.of(new Warning(WarningLevel.WARNING, "prednisone-infection-not-excluded",
                    "the patient already takes prednisone while infection is " + causes.status(CauseCategory.INFECTION).code()
                            + ": review whether immunosuppression should continue", Knowledge.TX_GATE_INFECTION));
        }
        return Optional.empty();
    }

    /** Relapse on taper reported for a conclusion whose ladder has no relapse line (v1: COP only; v2: also secondary OP). */
    static Optional<Warning> relapseFlagNotUsed(CauseAssessment causes, ClinicalFindings findings, Set<Conclusion> relapseRegimenFor) {
        if (findings.relapseOnTaper() && !relapseRegimenFor.contains(causes.conclusion())) {
            String appliesTo = relapseRegimenFor.contains(Conclusion.SECONDARY_OP) ? "COP and secondary OP" : "COP";
            return Optional.of(new Warning(WarningLevel.INFO, "relapse-flag-not-used",
                    "relapse on taper is reported, but the relapse regimen applies only to " + appliesTo + " and the conclusion is "
                            + causes.conclusion().code(), Knowledge.TX_REC_RELAPSE));
        }
        return Optional.empty();
    }

    private static boolean onPrednisone(ClinicalFindings findings) {
        return findings.currentPrednisoneMgPerDay().isPresent() && findings.currentPrednisoneMgPerDay().getAsDouble() > 0;
    }

    private InputConsistency() {
    }
}
