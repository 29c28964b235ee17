package org.coppipeline.symptom.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the suspicion score reads from a case event. An empty Optional means the event does not say (unknown),
 * which is never the same as zero or "no finding" (CONTRACT section 2).
 *
 * @param symptoms            the symptom list as sent, duplicates and contradictions included
 * @param histology           the histology pattern: it adds no points, it only raises the evidence level
 * @param immuneHistory       what the case says about the immune state: read by knowledge v2 only
 */
public record SuspicionInput(
        List<SymptomReport> symptoms,
        Optional<Integer> ageYears,
        Optional<Integer> symptomDurationDays,
        Optional<Integer> antibioticCourses,
        Optional<AntibioticResponse> antibioticResponse,
        Optional<CtScan> ct,
        Optional<BalResult> bal,
        Optional<HistologyPattern> histology,
        ImmuneHistory immuneHistory) {

    public SuspicionInput {
        symptoms = symptoms == null ? List.of() : symptoms.stream().filter(Objects::nonNull).toList();
        ageYears = orEmpty(ageYears);
        symptomDurationDays = orEmpty(symptomDurationDays);
        antibioticCourses = orEmpty(antibioticCourses);
        antibioticResponse = orEmpty(antibioticResponse);
        ct = orEmpty(ct);
        bal = orEmpty(bal);
        histology = orEmpty(histology);
        immuneHistory = immuneHistory == null ? ImmuneHistory.unknown() : immuneHistory;
    }

    /** A case whose immune state is not known: all that knowledge v1 reads. */
    public SuspicionInput(List<SymptomReport> symptoms, Optional<Integer> ageYears,
            Optional<Integer> symptomDurationDays, Optional<Integer> antibioticCourses,
            Optional<AntibioticResponse> antibioticResponse, Optional<CtScan> ct, Optional<BalResult> bal,
            Optional<HistologyPattern> histology) {
        this(symptoms, ageYears, symptomDurationDays, antibioticCourses, antibioticResponse, ct, bal, histology,
                ImmuneHistory.unknown());
    }

    /** A case of which nothing is known: the starting point for tests and builders. */
    public static SuspicionInput unknown() {
        return new SuspicionInput(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
