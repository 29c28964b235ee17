package org.coppipeline.symptom.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds a {@link SuspicionInput} for tests: everything unknown unless set. */
final class CaseBuilder {
    private final List<SymptomReport> symptoms = new ArrayList<>();
    private Optional<Integer> age = Optional.empty();
    private Optional<Integer> duration = Optional.empty();
    private Optional<Integer> courses = Optional.empty();
    private Optional<AntibioticResponse> response = Optional.empty();
    private Optional<CtScan> ct = Optional.empty();
    private Optional<BalResult> bal = Optional.empty();
    private Optional<HistologyPattern> histology = Optional.empty();
    private Optional<Boolean> immunocompromised = Optional.empty();
    private final Set<Condition> conditions = new HashSet<>();
    private Optional<Double> prednisone = Optional.empty();

    static CaseBuilder aCase() {
        return new CaseBuilder();
    }

    CaseBuilder present(Symptom... listed) {
        for (Symptom s : listed) {
            symptoms.add(new SymptomReport(s, true));
        }
        return this;
    }

    CaseBuilder absent(Symptom... listed) {
        for (Symptom s : listed) {
            symptoms.add(new SymptomReport(s, false));
        }
        return this;
    }

    CaseBuilder age(int years) {
        age = Optional.of(years);
        return this;
    }

    CaseBuilder duration(int days) {
        duration = Optional.of(days);
        return this;
    }

    CaseBuilder courses(int count) {
        courses = Optional.of(count);
        return this;
    }

    CaseBuilder response(AntibioticResponse value) {
        response = Optional.of(value);
        return this;
    }

    CaseBuilder ct(CtFinding... findings) {
        ct = Optional.of(new CtScan(true, Set.of(findings)));
        return this;
    }

    CaseBuilder ctNotPerformed(CtFinding... findings) {
        ct = Optional.of(new CtScan(false, Set.of(findings)));
        return this;
    }

    CaseBuilder bal(Double lymphocytes, Double ratio, Double eosinophils) {
        bal = Optional.of(new BalResult(Optional.ofNullable(lymphocytes), Optional.ofNullable(ratio),
                Optional.ofNullable(eosinophils)));
        return this;
    }

    CaseBuilder histology(HistologyPattern pattern) {
        histology = Optional.of(pattern);
        return this;
    }

    /** patient.immunocompromised as the platform reports it. */
    CaseBuilder immunocompromised(boolean reported) {
        immunocompromised = Optional.of(reported);
        return this;
    }

    CaseBuilder conditions(Condition... listed) {
        conditions.addAll(List.of(listed));
        return this;
    }

    CaseBuilder prednisoneMgPerDay(double dose) {
        prednisone = Optional.of(dose);
        return this;
    }

    SuspicionInput build() {
        return new SuspicionInput(symptoms, age, duration, courses, response, ct, bal, histology,
                new ImmuneHistory(immunocompromised, conditions, prednisone));
    }
}
