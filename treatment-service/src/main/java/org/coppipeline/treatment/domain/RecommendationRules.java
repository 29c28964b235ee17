package org.coppipeline.treatment.domain;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/** CONTRACT 4.3 recommendation, lines 1-4, first match wins (TX-REC-*); line 2 is the knowledge version's. */
public final class RecommendationRules {

    /** The secondary-op line: TX-REC-TREAT-CAUSE in v1, the TX-SECONDARY-GC ladder in v2. */
    @FunctionalInterface
    public interface SecondaryOpLine {
        RecommendationDecision decide(CauseAssessment causes, Severity severity, ClinicalFindings findings);
    }

    private static final Set<OpEvidence> PROBABLE_OR_CONFIRMED = EnumSet.of(OpEvidence.PROBABLE, OpEvidence.CONFIRMED);

    // Decisions whose wording depends on nothing from the case are built once.
    private static final RecommendationDecision NO_OP_TREATMENT = new RecommendationDecision(Recommendation.NO_OP_TREATMENT,
            new Reason("organizing pneumonia unlikely: no OP-directed treatment; pursue the alternative diagnosis",
                    Knowledge.TX_REC_NO_OP));
    private static final Optional<RecommendationDecision> IV_SEVERE = Optional.of(new RecommendationDecision(
            Recommendation.IV_GLUCOCORTICOID, new Reason("severe COP: intravenous glucocorticoid", Knowledge.TX_REC_IV_SEVERE)));
    private static final Optional<RecommendationDecision> RELAPSE = Optional.of(new RecommendationDecision(
            Recommendation.RELAPSE_REGIMEN,
            new Reason("COP relapsing on glucocorticoid taper: relapse regimen", Knowledge.TX_REC_RELAPSE)));
    private static final Optional<RecommendationDecision> OBSERVE = Optional.of(new RecommendationDecision(
            Recommendation.OBSERVE, new Reason("mild COP: observe without glucocorticoid; re-assess and escalate if not improving",
                    Knowledge.TX_REC_OBSERVE)));
    private static final RecommendationDecision ORAL = new RecommendationDecision(Recommendation.ORAL_GLUCOCORTICOID,
            new Reason("COP, not severe, not mild, no relapse: oral prednisone", Knowledge.TX_REC_ORAL));

    public static RecommendationDecision decide(CauseAssessment causes, Severity severity, ClinicalFindings findings,
            SecondaryOpLine secondaryOp) {
        return switch (causes.conclusion()) {
            case OP_UNLIKELY -> noOpTreatment();
            case SECONDARY_OP -> secondaryOp.decide(causes, severity, findings);
            case WORKUP_INCOMPLETE, SUSPECTED_OP -> ivPendingWorkup(causes, severity).orElseGet(() -> completeWorkup(causes));
            case COP_PROBABLE, COP_CONFIRMED -> ivSevere(severity)
                    .or(() -> relapse(findings))
                    .or(() -> observe(severity))
                    .orElseGet(RecommendationRules::oral);
        };
    }

    /** TX-REC-NO-OP (line 1). */
    static RecommendationDecision noOpTreatment() {
        return NO_OP_TREATMENT;
    }

    /** TX-REC-TREAT-CAUSE (line 2, v1), naming the present categories. */
    static RecommendationDecision treatUnderlyingCause(CauseAssessment causes) {
        return new RecommendationDecision(Recommendation.TREAT_UNDERLYING_CAUSE, new Reason(
                "secondary organizing pneumonia: treat the underlying cause first (" + presentCauses(causes) + ")",
                Knowledge.TX_REC_TREAT_CAUSE));
    }

    /**
     * TX-SECONDARY-GC (line 2, v2), first match wins: infection not excluded -> treat the cause (the safety
     * invariant, TX-GATE-INFECTION); severe -> IV; relapse on taper -> relapse regimen; moderate -> oral; mild -> treat
     * the cause. Radiation, drug and checkpoint-inhibitor OP are treated with glucocorticoids once infection is out.
     */
    static RecommendationDecision secondaryOpLadder(CauseAssessment causes, Severity severity, ClinicalFindings findings) {
        String named = presentCauses(causes);
        if (!causes.infectionExcluded()) {
            return new RecommendationDecision(Recommendation.TREAT_UNDERLYING_CAUSE, new Reason("secondary organizing pneumonia, "
                    + "infection " + causes.status(CauseCategory.INFECTION).code() + " (not excluded): treat the underlying cause; "
                    + "no glucocorticoid before infection is excluded (" + named + ")", Knowledge.TX_GATE_INFECTION));
        }
        if (severity == Severity.SEVERE) {
            return secondary(Recommendation.IV_GLUCOCORTICOID,
                    "severe secondary organizing pneumonia, infection excluded: intravenous glucocorticoid while the cause is dealt with", named);
        }
        if (findings.relapseOnTaper()) {
            return secondary(Recommendation.RELAPSE_REGIMEN,
                    "secondary organizing pneumonia relapsing on glucocorticoid taper, infection excluded: relapse regimen", named);
        }
        if (severity == Severity.MODERATE) {
            return secondary(Recommendation.ORAL_GLUCOCORTICOID,
                    "moderate secondary organizing pneumonia, infection excluded: oral prednisone while the cause is dealt with", named);
        }
        return secondary(Recommendation.TREAT_UNDERLYING_CAUSE,
                "mild secondary organizing pneumonia: treat the underlying cause without glucocorticoid", named);
    }

    private static RecommendationDecision secondary(Recommendation recommendation, String text, String named) {
        return new RecommendationDecision(recommendation, new Reason(text + " (" + named + ")", Knowledge.TX_SECONDARY_GC));
    }

    /** The present categories in contract order, for the reason text. */
    private static String presentCauses(CauseAssessment causes) {
        StringJoiner present = new StringJoiner(", ");
        for (CauseCategory category : causes.withStatus(CategoryStatus.PRESENT)) {
            present.add(category.code());
        }
        return present.length() == 0 ? "no cause named by the exclusion service" : present.toString();
    }

    /** TX-REC-IV-PENDING-WORKUP (line 3, first half): severe, infection excluded, OP probable or confirmed. */
    static Optional<RecommendationDecision> ivPendingWorkup(CauseAssessment causes, Severity severity) {
        boolean opLikely = causes.opEvidence().filter(PROBABLE_OR_CONFIRMED::contains).isPresent();
        if (severity == Severity.SEVERE && causes.infectionExcluded() && opLikely) {
            return Optional.of(new RecommendationDecision(Recommendation.IV_GLUCOCORTICOID, new Reason(
                    "severe disease with organizing pneumonia " + causes.opEvidence().get().code()
                            + " and infection excluded: IV glucocorticoid without waiting for the rest of the work-up",
                    Knowledge.TX_REC_IV_PENDING_WORKUP)));
        }
        return Optional.empty();
    }

    /** TX-REC-COMPLETE-WORKUP (line 3, otherwise). */
    static RecommendationDecision completeWorkup(CauseAssessment causes) {
        return new RecommendationDecision(Recommendation.COMPLETE_WORKUP, new Reason(
                causes.conclusion().code() + ": complete the work-up before any COP treatment", Knowledge.TX_REC_COMPLETE_WORKUP));
    }

    /** TX-REC-IV-SEVERE (line 4): COP and severe. */
    static Optional<RecommendationDecision> ivSevere(Severity severity) {
        return severity == Severity.SEVERE ? IV_SEVERE : Optional.empty();
    }

    /** TX-REC-RELAPSE (line 4): COP relapsing on taper. */
    static Optional<RecommendationDecision> relapse(ClinicalFindings findings) {
        return findings.relapseOnTaper() ? RELAPSE : Optional.empty();
    }

    /** TX-REC-OBSERVE (line 4): COP and mild. */
    static Optional<RecommendationDecision> observe(Severity severity) {
        return severity == Severity.MILD ? OBSERVE : Optional.empty();
    }

    /** TX-REC-ORAL (line 4, otherwise). */
    static RecommendationDecision oral() {
        return ORAL;
    }

    private RecommendationRules() {
    }
}
