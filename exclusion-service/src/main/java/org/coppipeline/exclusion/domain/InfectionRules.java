package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.INFECTION;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
            for (int i = 0; i < results.size(); i++) {
                MicrobiologyResult r = results.get(i);
                if (r.result() == TestResult.NEGATIVE && tests.contains(r.test())) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Map<MicrobiologyTest, Map<TestResult, String>> DESCRIPTIONS = descriptions();

    /** RequiredTest.values() clones its array on every call. */
    private static final RequiredTest[] REQUIRED_TESTS = RequiredTest.values();

    /** EX-INF-NOT-ASSESSED depends on nothing but the absence of results: built once. */
    private static final CategoryAssessment NO_MICROBIOLOGY = CategoryAssessment.decided(INFECTION,
            CategoryStatus.NOT_ASSESSED, new Reason(CauseRule.EX_INF_NOT_ASSESSED, "no microbiology results"),
            List.of("no microbiology results"),
            List.of(RequiredTest.BLOOD.label, RequiredTest.LOWER_AIRWAY_CULTURE.label, RequiredTest.RESPIRATORY_PCR.label));
    private static final Reason MINIMUM_SET_NEGATIVE = new Reason(CauseRule.EX_INF_EXCLUDED,
            "blood-culture, sputum-culture or bal-culture and respiratory-pcr-panel negative, none pending");

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
        List<String> positives = new ArrayList<>();
        for (MicrobiologyResult result : results) {
            if (result.result() == TestResult.POSITIVE) {
                positives.add(describe(result));
            }
        }
        if (positives.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CategoryAssessment.decided(INFECTION, CategoryStatus.PRESENT,
                new Reason(CauseRule.EX_INF_POSITIVE, "positive microbiology: " + String.join(", ", positives)),
                positives, List.of()));
    }

    /** EX-INF-EXCLUDED: blood culture, sputum or BAL culture and respiratory PCR panel negative, nothing pending. */
    static Optional<CategoryAssessment> negativeMinimumSet(List<MicrobiologyResult> results) {
        if (!minimumSetFilled(results) || hasPending(results)) {
            return Optional.empty();
        }
        return Optional.of(CategoryAssessment.decided(INFECTION, CategoryStatus.EXCLUDED, MINIMUM_SET_NEGATIVE,
                describeAll(results), List.of()));
    }

    /** EX-INF-NOT-ASSESSED: no microbiology at all says nothing about infection. */
    static Optional<CategoryAssessment> noMicrobiology(List<MicrobiologyResult> results) {
        return results.isEmpty() ? Optional.of(NO_MICROBIOLOGY) : Optional.empty();
    }

    /** EX-INF-INCOMPLETE: some microbiology, but the minimum set is not complete or a result is pending. */
    static CategoryAssessment incompleteSet(List<MicrobiologyResult> results) {
        List<String> nextSteps = nextSteps(results);
        return CategoryAssessment.decided(INFECTION, CategoryStatus.INCOMPLETE,
                new Reason(CauseRule.EX_INF_INCOMPLETE, "infection work-up not complete: " + String.join(", ", nextSteps)),
                describeAll(results), nextSteps);
    }

    private static List<String> describeAll(List<MicrobiologyResult> results) {
        List<String> described = new ArrayList<>(results.size());
        for (MicrobiologyResult result : results) {
            described.add(describe(result));
        }
        return described;
    }

    /** Every slot of the minimum set has a negative result (missing(results) is empty, without building it). */
    static boolean minimumSetFilled(List<MicrobiologyResult> results) {
        for (RequiredTest required : REQUIRED_TESTS) {
            if (!required.filledBy(results)) {
                return false;
            }
        }
        return true;
    }

    /** Slots of the minimum set with no negative result. */
    static List<RequiredTest> missing(List<MicrobiologyResult> results) {
        List<RequiredTest> missing = new ArrayList<>();
        for (RequiredTest required : REQUIRED_TESTS) {
            if (!required.filledBy(results)) {
                missing.add(required);
            }
        }
        return missing;
    }

    static boolean hasPending(List<MicrobiologyResult> results) {
        for (MicrobiologyResult r : results) {
            if (r.result() == TestResult.PENDING) {
                return true;
            }
        }
        return false;
    }

    /**
     * Missing tests by name: an empty slot is named by its pending tests if any were sent, otherwise by
     * the slot; every other pending result (it blocks "excluded" too) is named as awaited.
     */
    static List<String> nextSteps(List<MicrobiologyResult> results) {
        Set<String> steps = new LinkedHashSet<>();
        for (RequiredTest required : missing(results)) {
            List<String> pending = new ArrayList<>();
            for (MicrobiologyResult r : results) {
                if (required.tests.contains(r.test()) && r.result() == TestResult.PENDING) {
                    pending.add(awaited(r.test()));
                }
            }
            if (pending.isEmpty()) {
                steps.add(required.label);
            } else {
                steps.addAll(pending);
            }
        }
        for (MicrobiologyResult r : results) {
            if (r.result() == TestResult.PENDING) {
                steps.add(awaited(r.test()));
            }
        }
        return List.copyOf(steps);
    }

    private static String awaited(MicrobiologyTest test) {
        return test.code() + " (result pending)";
    }

    static String describe(MicrobiologyResult result) {
        boolean noOrganism = result.organism() == null || result.organism().isBlank();
        if (noOrganism) {
            return DESCRIPTIONS.get(result.test()).get(result.result());
        }
        return result.test().code() + " " + result.result().code() + " (" + result.organism().strip() + ")";
    }

    /** "blood-culture negative" for every test and result: most results name no organism, so these are built once. */
    private static Map<MicrobiologyTest, Map<TestResult, String>> descriptions() {
        Map<MicrobiologyTest, Map<TestResult, String>> byTest = new EnumMap<>(MicrobiologyTest.class);
        for (MicrobiologyTest test : MicrobiologyTest.values()) {
            Map<TestResult, String> byResult = new EnumMap<>(TestResult.class);
            for (TestResult result : TestResult.values()) {
                byResult.put(result, test.code() + " " + result.code());
            }
            byTest.put(test, Collections.unmodifiableMap(byResult));
        }
        return Collections.unmodifiableMap(byTest);
    }
}
