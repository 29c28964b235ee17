package org.coppipeline.symptom.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The input read once for all rules: each symptom's status, the CT findings that may score, and the
 * clinically odd (but schema-valid) inputs noticed on the way, as warnings.
 */
record CaseFacts(SuspicionInput input, Map<Symptom, SymptomStatus> symptoms, Set<CtFinding> scoredCtFindings,
        List<Warning> warnings) {

    enum SymptomStatus {
        PRESENT,
        ABSENT,
        /** Listed both present and absent: treated as unknown until a clinician clarifies it. */
        CONFLICTING,
        NOT_LISTED
    }

    /** Symptom.values() clones its array on every call; the rules read it once per symptom, so it is kept. */
    private static final Symptom[] SYMPTOMS = Symptom.values();

    static CaseFacts of(SuspicionInput input) {
        List<Warning> warnings = new ArrayList<>();
        Map<Symptom, SymptomStatus> symptoms = symptomStatuses(input.symptoms(), warnings);
        Set<CtFinding> ctFindings = scoredCtFindings(input.ct(), warnings);
        checkAntibioticHistory(input, warnings);
        return new CaseFacts(input, symptoms, Set.copyOf(ctFindings), List.copyOf(warnings));
    }

    SymptomStatus status(Symptom symptom) {
        return symptoms.get(symptom);
    }

    /** A CT was performed, so its findings (or their absence) were used. */
    boolean ctRead() {
        Optional<CtScan> ct = input.ct();
        return ct.isPresent() && ct.get().performed();
    }

    /** One pass over the reports, counting each symptom's present and absent entries (the rules run per record). */
    private static Map<Symptom, SymptomStatus> symptomStatuses(List<SymptomReport> reports, List<Warning> warnings) {
        int[] presentCount = new int[SYMPTOMS.length];
        int[] absentCount = new int[SYMPTOMS.length];
        for (SymptomReport report : reports) {
            if (report.present()) {
                presentCount[report.symptom().ordinal()]++;
            } else {
                absentCount[report.symptom().ordinal()]++;
            }
        }
        Map<Symptom, SymptomStatus> statuses = new EnumMap<>(Symptom.class);
        for (Symptom symptom : SYMPTOMS) {
            int listed = presentCount[symptom.ordinal()] + absentCount[symptom.ordinal()];
            boolean present = presentCount[symptom.ordinal()] > 0;
            boolean absent = absentCount[symptom.ordinal()] > 0;
            if (present && absent) {
                statuses.put(symptom, SymptomStatus.CONFLICTING);
                warnings.add(new Warning(WarningLevel.WARNING, "symptom-conflicting", symptom.code()
                        + " is listed both as present and as absent; it is not scored until this is clarified"));
            } else if (present) {
                statuses.put(symptom, SymptomStatus.PRESENT);
            } else if (absent) {
                statuses.put(symptom, SymptomStatus.ABSENT);
            } else {
                statuses.put(symptom, SymptomStatus.NOT_LISTED);
            }
            if (listed > 1 && present != absent) {
                warnings.add(new Warning(WarningLevel.INFO, "symptom-repeated",
                        symptom.code() + " is listed " + listed + " times; it is counted once"));
            }
        }
        return Collections.unmodifiableMap(statuses);
    }

    private static Set<CtFinding> scoredCtFindings(Optional<CtScan> ct, List<Warning> warnings) {
        if (ct.isEmpty()) {
            return Set.of();
        }
        CtScan scan = ct.get();
        if (scan.performed()) {
            return scan.findings();
        }
        if (!scan.findings().isEmpty()) {
            // The event contradicts itself; findings of a CT said not to exist are not trusted for points.
            warnings.add(new Warning(WarningLevel.WARNING, "ct-findings-without-ct",
                    "CT findings are listed although the CT is marked not performed; they are not scored"));
        }
        return Set.of();
    }

    private static void checkAntibioticHistory(SuspicionInput input, List<Warning> warnings) {
        Optional<Integer> courses = input.antibioticCourses();
        boolean noCourse = courses.isPresent() && courses.get() == 0;
        if (noCourse && input.antibioticResponse().isPresent()) {
            warnings.add(new Warning(WarningLevel.WARNING, "antibiotic-response-without-course",
                    "an antibiotic response is given although no antibiotic course is recorded"));
        }
    }
}
