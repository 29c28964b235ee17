package org.coppipeline.treatment.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What to do next for each recommendation: the missing work-up, the causes to deal with, when to re-assess. */
public final class FollowUps {

    // Follow-ups whose wording depends on nothing from the case are built once.
    private static final FollowUp CHEST_CT = FollowUp.general("chest-ct",
            "obtain a chest CT: organizing pneumonia is only suspected", Knowledge.CX_SUSPECTED);
    private static final FollowUp PURSUE_ALTERNATIVE = FollowUp.general("pursue-alternative-diagnosis",
            "pursue the alternative diagnosis (see the alternative diagnoses of the cause assessment)", Knowledge.TX_REC_NO_OP);
    private static final Optional<FollowUp> BIOPSY_IF_ATYPICAL = Optional.of(FollowUp.general("biopsy-if-atypical",
            "COP is probable without histology: biopsy if the course is atypical or treatment fails", Knowledge.CX_COP_PROBABLE));

    public static List<FollowUp> forPlan(Recommendation recommendation, RuleSource decidedBy, CauseAssessment causes,
            TreatmentThresholds thresholds) {
        List<FollowUp> followUps = new ArrayList<>();
        switch (recommendation) {
            case NO_OP_TREATMENT -> followUps.add(alternativeDiagnosis());
            case TREAT_UNDERLYING_CAUSE -> {
                for (CauseCategory category : causes.withStatus(CategoryStatus.PRESENT)) {
                    followUps.add(causeAction(category, causes.finding(category), Knowledge.TX_REC_TREAT_CAUSE));
                }
            }
            case COMPLETE_WORKUP -> followUps.addAll(workup(causes, decidedBy));
            case IV_GLUCOCORTICOID -> {
                // the pending-work-up line lets IV start while categories are open: they still have to be closed
                if (decidedBy.equals(Knowledge.TX_REC_IV_PENDING_WORKUP)) {
                    followUps.addAll(workup(causes, decidedBy));
                }
            }
            case OBSERVE -> followUps.add(reassess(thresholds));
            default -> {
                // oral and relapse regimens: their precautions carry the follow-up
            }
        }
        Optional<FollowUp> biopsy = biopsyIfAtypical(causes);
        if (biopsy.isPresent()) {
            followUps.add(biopsy.get());
        }
        return followUps;
    }

    /** The open part of the work-up: chest CT when OP is only suspected, then every category not excluded. */
    static List<FollowUp> workup(CauseAssessment causes, RuleSource source) {
        List<FollowUp> followUps = new ArrayList<>();
        if (causes.conclusion() == Conclusion.SUSPECTED_OP) {
            followUps.add(CHEST_CT);
        }
        for (CauseCategory category : causes.notExcluded()) {
            CategoryFinding finding = causes.finding(category);
            if (finding.status() == CategoryStatus.PRESENT) {
                followUps.add(causeAction(category, finding, source));
            } else {
                followUps.add(new FollowUp("complete-workup", category.code() + " is " + finding.status().code()
                        + ": complete its work-up (see the next steps of the cause assessment)", OptionalInt.empty(),
                        Optional.of(category), finding.evidence(), source));
            }
        }
        return followUps;
    }

    /** Remove the drug, treat the infection, or refer for the associated disease (TX-REC-TREAT-CAUSE). */
    static FollowUp causeAction(CauseCategory category, CategoryFinding finding, RuleSource source) {
        String named = finding.evidence().isEmpty() ? "no detail given" : String.join("; ", finding.evidence());
        String code;
        String text;
        switch (category) {
            case DRUG -> {
                code = "remove-drug";
                text = "stop or replace the drug associated with organizing pneumonia: " + named;
            }
            case INFECTION -> {
                code = "treat-infection";
                text = "treat the infection: " + named;
            }
            default -> {
                code = "refer-associated-disease";
                text = "refer for the associated " + category.code() + ": " + named;
            }
        }
        return new FollowUp(code, text, OptionalInt.empty(), Optional.of(category), finding.evidence(), source);
    }

    /** TX-REC-OBSERVE: re-assess within the window, escalate if not improving. */
    static FollowUp reassess(TreatmentThresholds thresholds) {
        return new FollowUp("reassess", "re-assess within " + thresholds.observeReassessWithinDays()
                + " days; escalate to oral prednisone if not improving", OptionalInt.of(thresholds.observeReassessWithinDays()),
                Optional.empty(), List.of(), Knowledge.TX_REC_OBSERVE);
    }

    /** TX-REC-NO-OP: the clinician pursues the alternative diagnosis. */
    static FollowUp alternativeDiagnosis() {
        return PURSUE_ALTERNATIVE;
    }

    /** CX-COP-PROBABLE: without histology, biopsy when the course is atypical or treatment fails. */
    static Optional<FollowUp> biopsyIfAtypical(CauseAssessment causes) {
        return causes.conclusion() == Conclusion.COP_PROBABLE ? BIOPSY_IF_ATYPICAL : Optional.empty();
    }

    private FollowUps() {
    }
}
