package org.coppipeline.symptom.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the case says about the patient's immune state, read only by knowledge v2: the platform's flag
 * (patient.immunocompromised), the history's conditions and the current prednisone dose. Each part is unknown when
 * absent; an unknown part never makes a patient immunocompromised.
 */
public record ImmuneHistory(Optional<Boolean> reportedImmunocompromised, Set<Condition> conditions,
        Optional<Double> currentPrednisoneMgPerDay) {

    private static final ImmuneHistory UNKNOWN = new ImmuneHistory(Optional.empty(), Set.of(), Optional.empty());

    public ImmuneHistory {
        reportedImmunocompromised = SuspicionInput.orEmpty(reportedImmunocompromised);
        conditions = conditions == null ? Set.of() : Set.copyOf(conditions.stream().filter(Objects::nonNull).toList());
        currentPrednisoneMgPerDay = SuspicionInput.orEmpty(currentPrednisoneMgPerDay);
    }

    public static ImmuneHistory unknown() {
        return UNKNOWN;
    }

    /**
     * CONTRACT section 9: the flag is true, or a condition is a transplant, leukaemia, lymphoma or myelodysplastic
     * syndrome, or the current prednisone dose is at least {@code prednisoneMgPerDayFrom} (20 by default).
     */
    public boolean immunocompromised(double prednisoneMgPerDayFrom) {
        if (reportedImmunocompromised.orElse(false)) {
            return true;
        }
        for (Condition condition : conditions) {
            if (condition.immunocompromising()) {
                return true;
            }
        }
        return currentPrednisoneMgPerDay.isPresent() && currentPrednisoneMgPerDay.get() >= prednisoneMgPerDayFrom;
    }
}
