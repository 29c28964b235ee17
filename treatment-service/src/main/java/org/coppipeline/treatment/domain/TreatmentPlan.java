package org.coppipeline.treatment.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The treatment plan of one case. The constructor is the last line of the infection gate (TX-GATE-INFECTION):
 * no plan object can exist that recommends a glucocorticoid while infection is not excluded, whatever the
 * rules before it did.
 *
 * @param causeActions one action per present cause (TX-CAUSE-ACTIONS); empty when the knowledge version has none
 *        (v1), an empty list when it has them but no cause is present
 * @param infectionStatus the infection status the plan was made with, kept so the invariant can be checked
 * @param knowledgeVersion the version whose rules made the plan
 */
public record TreatmentPlan(
        Severity severity,
        List<Reason> severityCriteria,
        Recommendation recommendation,
        boolean glucocorticoidRecommended,
        Optional<List<CauseAction>> causeActions,
        Optional<Regimen> regimen,
        List<Alternative> alternatives,
        List<Precaution> precautions,
        List<FollowUp> followUp,
        List<Warning> warnings,
        List<Reason> reasons,
        CategoryStatus infectionStatus,
        KnowledgeVersion knowledgeVersion) {

    public TreatmentPlan {
        Objects.requireNonNull(severity, "severity");
        severityCriteria = List.copyOf(severityCriteria);
        Objects.requireNonNull(recommendation, "recommendation");
        causeActions = causeActions.map(List::copyOf);
        Objects.requireNonNull(regimen, "regimen");
        alternatives = List.copyOf(alternatives);
        precautions = List.copyOf(precautions);
        followUp = List.copyOf(followUp);
        warnings = List.copyOf(warnings);
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(infectionStatus, "infectionStatus");
        Objects.requireNonNull(knowledgeVersion, "knowledgeVersion");
        if (glucocorticoidRecommended != recommendation.startsGlucocorticoid()) {
            throw new IllegalStateException("glucocorticoidRecommended must follow the recommendation");
        }
        if (glucocorticoidRecommended && infectionStatus != CategoryStatus.EXCLUDED) {
            throw new IllegalStateException("TX-GATE-INFECTION: no glucocorticoid unless infection is excluded");
        }
        if (regimen.isPresent() != glucocorticoidRecommended) {
            throw new IllegalStateException("a regimen goes with a glucocorticoid recommendation and only with one");
        }
    }

    public boolean hasWarning(String code) {
        return warnings.stream().anyMatch(w -> w.code().equals(code));
    }
}
