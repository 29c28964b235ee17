package org.coppipeline.treatment.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TX-GATE-INFECTION. Glucocorticoids given for an unrecognised infection can harm, so no glucocorticoid is
 * recommended unless infection is excluded, whatever the upstream conclusion says, and the clinician is told
 * loudly whenever organizing pneumonia is on the table while infection is still open.
 */
public final class InfectionGate {

    private static final Set<OpEvidence> OP_ON_THE_TABLE = EnumSet.of(OpEvidence.SUSPECTED, OpEvidence.PROBABLE, OpEvidence.CONFIRMED);

    /** The critical warning's wording depends only on the infection status: one per status, built once. */
    private static final Map<CategoryStatus, Optional<Warning>> CRITICAL_WARNING = criticalWarnings();

    /**
     * The critical warning, exactly when infection is not excluded and opEvidence is suspected, probable or
     * confirmed. An opEvidence the record does not carry could be any of them, so it warns too.
     */
    public static Optional<Warning> criticalWarning(CauseAssessment causes) {
        boolean opOnTheTable = causes.opEvidence().isEmpty() || OP_ON_THE_TABLE.contains(causes.opEvidence().get());
        if (!causes.infectionExcluded() && opOnTheTable) {
            return CRITICAL_WARNING.get(causes.status(CauseCategory.INFECTION));
        }
        return Optional.empty();
    }

    private static Map<CategoryStatus, Optional<Warning>> criticalWarnings() {
        Map<CategoryStatus, Optional<Warning>> warnings = new EnumMap<>(CategoryStatus.class);
        for (CategoryStatus status : CategoryStatus.values()) {
            warnings.put(status, Optional.of(new Warning(WarningLevel.CRITICAL, Warning.INFECTION_NOT_EXCLUDED,
                    "infection is " + status.code() + ", not excluded: do not start immunosuppression before infection is excluded",
                    Knowledge.TX_GATE_INFECTION)));
        }
        return Collections.unmodifiableMap(warnings);
    }

    /**
     * The decision as the gate lets it through: a glucocorticoid recommendation while infection is not excluded
     * becomes complete-workup. Empty when the decision passes unchanged.
     */
    static Optional<RecommendationDecision> withheld(RecommendationDecision decision, CauseAssessment causes) {
        if (decision.recommendation().startsGlucocorticoid() && !causes.infectionExcluded()) {
            return Optional.of(new RecommendationDecision(Recommendation.COMPLETE_WORKUP, new Reason(
                    decision.recommendation().code() + " withheld: infection is "
                            + causes.status(CauseCategory.INFECTION).code() + ", not excluded; complete the work-up first",
                    Knowledge.TX_GATE_INFECTION)));
        }
        return Optional.empty();
    }

    private InfectionGate() {
    }
}
