package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.INFECTION;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;

/** Infection category, CONTRACT 4.2 (first matching line wins). */
public final class InfectionRules {

    /**
     * The minimum negative set of EX-INF-EXCLUDED: each slot is filled by a negative result of any one of
     * its tests. The set is a design proposal ([U]); a clinician may want more (urinary antigens, SARS-CoV-2, ...).
     */
    enum RequiredTest {
        BLOOD("blood-culture", MicrobiologyTest.BLOOD_CULTURE),
        LOWER_AIRWAY_CULTURE("sputum-culture or bal-culture", MicrobiologyTest.SPUTUM_CULTURE, MicrobiologyTest.BAL_CULTURE),
        RESPIRATORY_PCR("respiratory-pcr-panel", MicrobiologyTest.RESPIRATORY_PCR_PANEL);

        final String label;
        final List<MicrobiologyTest> tests;

        RequiredTest(String label, MicrobiologyTest... tests) {
            this.label = label;
            this.tests = List.of(tests);
        }

        boolean filledBy(List<MicrobiologyResult> results) {
            return results.stream().anyMatch(r -> tests.contains(r.test()) && r.result() == TestResult.NEGATIVE);
        }
    }

    private InfectionRules() {
    }

    public static CategoryAssessment assess(List<MicrobiologyResult> results) {
        return FirstMatch.of(
                () -> positiveResult(results),
                () -> negativeMinimumSet(results),
                () -> noMicrobiology(results))
                .orElseGet(() -> incompleteSet(results));
    }

    /** EX-INF-POSITIVE: any positive microbiology result makes infection present. */
    static Optional<CategoryAssessment> positiveResult(List<MicrobiologyResult> results) {
        List<String> positives = results.stream().filter(r -> r.result() == TestResult.POSITIVE)
                .map(InfectionRules::describe).toList();
        if (positives.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CategoryAssessment.decided(INFECTION, CategoryStatus.PRESENT,
                new Reason(CauseRule.EX_INF_POSITIVE, "positive microbiology: " + String.join(", ", positives)),
                positives, List.of()));
    }

    /** EX-INF-EXCLUDED: blood culture, sputum or BAL culture and respiratory PCR panel negative, nothing pending. */
    static Optional<CategoryAssessment> negativeMinimumSet(List<MicrobiologyResult> results) {
        if (!missing(results).isEmpty() || hasPending(results)) {
            return Optional.empty();
        }
        return Optional.of(CategoryAssessment.decided(INFECTION, CategoryStatus.EXCLUDED,
                new Reason(CauseRule.EX_INF_EXCLUDED,
                        "blood-culture, sputum-culture or bal-culture and respiratory-pcr-panel negative, none pending"),
                results.stream().map(InfectionRules::describe).toList(), List.of()));
    }

    /** EX-INF-NOT-ASSESSED: no microbiology at all says nothing about infection. */
    static Optional<CategoryAssessment> noMicrobiology(List<MicrobiologyResult> results) {
        if (!results.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CategoryAssessment.decided(INFECTION, CategoryStatus.NOT_ASSESSED,
                new Reason(CauseRule.EX_INF_NOT_ASSESSED, "no microbiology results"),
                List.of("no microbiology results"),
                List.of(RequiredTest.BLOOD.label, RequiredTest.LOWER_AIRWAY_CULTURE.label, RequiredTest.RESPIRATORY_PCR.label)));
    }

    /** EX-INF-INCOMPLETE: some microbiology, but the minimum set is not complete or a result is pending. */
    static CategoryAssessment incompleteSet(List<MicrobiologyResult> results) {
        List<String> nextSteps = nextSteps(results);
        return CategoryAssessment.decided(INFECTION, CategoryStatus.INCOMPLETE,
                new Reason(CauseRule.EX_INF_INCOMPLETE, "infection work-up not complete: " + String.join(", ", nextSteps)),
                results.stream().map(InfectionRules::describe).toList(), nextSteps);
    }

    /** Slots of the minimum set with no negative result. */
    static List<RequiredTest> missing(List<MicrobiologyResult> results) {
        List<RequiredTest> missing = new ArrayList<>();
        for (RequiredTest required : RequiredTest.values()) {
            if (!required.filledBy(results)) {
                missing.add(required);
            }
        }
        return missing;
    }

    static boolean hasPending(List<MicrobiologyResult> results) {
        return results.stream().anyMatch(r -> r.result() == TestResult.PENDING);
    }

    /**
     * Missing tests by name: an empty slot is named by its pending tests if any were sent, otherwise by
     * the slot; every other pending result (it blocks "excluded" too) is named as awaited.
     */
    static List<String> nextSteps(List<MicrobiologyResult> results) {
        Set<String> steps = new LinkedHashSet<>();
        for (RequiredTest required : missing(results)) {
            List<String> pending = results.stream()
                    .filter(r -> required.tests.contains(r.test()) && r.result() == TestResult.PENDING)
                    .map(r -> awaited(r.test())).toList();
            if (pending.isEmpty()) {
                steps.add(required.label);
            } else {
                steps.addAll(pending);
            }
        }
        results.stream().filter(r -> r.result() == TestResult.PENDING).forEach(r -> steps.add(awaited(r.test())));
        return List.copyOf(steps);
    }

    private static String awaited(MicrobiologyTest test) {
        return test.code() + " (result pending)";
    }

    static String describe(MicrobiologyResult result) {
        String organism = result.organism() == null || result.organism().isBlank() ? "" : " (" + result.organism().strip() + ")";
        return result.test().code() + " " + result.result().code() + organism;
    }
}
