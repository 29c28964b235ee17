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

/**
 * Infection category, CONTRACT 4.2 and its v2 (first matching line wins). The versions differ only in the
 * {@link Panel}, the minimum set of negative results that excludes infection. v2's separate line "any pending ->
 * incomplete" needs no line of its own here: a pending result already keeps the excluded line from matching, and a
 * case with a pending result has microbiology, so it falls to incomplete exactly as in v1.
 */
public final class InfectionRules {

    /** One slot of a minimum set: filled by a negative result of any one of its tests. */
    public record Slot(String label, List<MicrobiologyTest> tests) {
        Slot(String label, MicrobiologyTest... tests) {
            this(label, List.of(tests));
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

    static final Slot BLOOD = new Slot("blood-culture", MicrobiologyTest.BLOOD_CULTURE);
    static final Slot LOWER_AIRWAY_CULTURE = new Slot("sputum-culture or bal-culture", MicrobiologyTest.SPUTUM_CULTURE,
            MicrobiologyTest.BAL_CULTURE);
    static final Slot RESPIRATORY_PCR = new Slot("respiratory-pcr-panel", MicrobiologyTest.RESPIRATORY_PCR_PANEL);
    static final Slot ONE_MORE_NEGATIVE = new Slot(
            "one more of blood-culture, respiratory-pcr-panel, atypical-serology, urinary-antigens, bal-stains",
            MicrobiologyTest.BLOOD_CULTURE, MicrobiologyTest.RESPIRATORY_PCR_PANEL, MicrobiologyTest.ATYPICAL_SEROLOGY,
            MicrobiologyTest.URINARY_ANTIGENS, MicrobiologyTest.BAL_STAINS);
    static final Slot PNEUMOCYSTIS = new Slot("bal-pneumocystis", MicrobiologyTest.BAL_PNEUMOCYSTIS);
    static final Slot FUNGAL_MARKERS = new Slot("fungal-markers", MicrobiologyTest.FUNGAL_MARKERS);

    /**
     * The minimum negative set of EX-INF-EXCLUDED in one knowledge version, with the wording that depends on it
     * alone. A design proposal either way ([U]).
     *
     * @param excludedRule the EX-INF-EXCLUDED meaning of the version
     * @param context      evidence lines that explain the set (v2: why the patient is immunocompromised)
     */
    public record Panel(CauseRule excludedRule, List<Slot> slots, Reason allNegative, List<String> context,
            CategoryAssessment noMicrobiology) {

        static Panel of(CauseRule excludedRule, List<Slot> slots, String allNegative, List<String> context) {
            List<String> evidence = new ArrayList<>(1 + context.size());
            evidence.add(NO_MICROBIOLOGY_RESULTS);
            evidence.addAll(context);
            List<String> nextSteps = new ArrayList<>(slots.size());
            for (Slot slot : slots) {
                nextSteps.add(slot.label());
            }
            return new Panel(excludedRule, List.copyOf(slots), new Reason(excludedRule, allNegative), List.copyOf(context),
                    CategoryAssessment.decided(INFECTION, CategoryStatus.NOT_ASSESSED,
                            new Reason(CauseRule.EX_INF_NOT_ASSESSED, NO_MICROBIOLOGY_RESULTS), evidence, nextSteps));
        }

        /** v1: blood culture, sputum or BAL culture, respiratory PCR panel. */
        public static final Panel V1 = of(CauseRule.EX_INF_EXCLUDED, List.of(BLOOD, LOWER_AIRWAY_CULTURE, RESPIRATORY_PCR),
                "blood-culture, sputum-culture or bal-culture and respiratory-pcr-panel negative, none pending", List.of());

        private static final Panel V2 = of(CauseRule.EX_INF_EXCLUDED_V2, List.of(LOWER_AIRWAY_CULTURE, ONE_MORE_NEGATIVE),
                "sputum-culture or bal-culture negative and one more of blood-culture, respiratory-pcr-panel, "
                        + "atypical-serology, urinary-antigens, bal-stains negative, none pending", List.of());

        /**
         * v2: a lower-airway culture and one more negative; an immunocompromised patient also needs BAL Pneumocystis
         * and fungal markers.
         *
         * @param immunocompromised why the patient is immunocompromised, empty when not
         */
        public static Panel v2(Optional<String> immunocompromised) {
            if (immunocompromised.isEmpty()) {
                return V2;
            }
            return of(CauseRule.EX_INF_EXCLUDED_V2, List.of(LOWER_AIRWAY_CULTURE, ONE_MORE_NEGATIVE, PNEUMOCYSTIS, FUNGAL_MARKERS),
                    "sputum-culture or bal-culture negative, one more of blood-culture, respiratory-pcr-panel, "
                            + "atypical-serology, urinary-antigens, bal-stains negative, and bal-pneumocystis and "
                            + "fungal-markers negative (immunocompromised), none pending",
                    List.of(immunocompromised.get() + " (bal-pneumocystis and fungal-markers needed to exclude infection)"));
        }
    }

    private static final String NO_MICROBIOLOGY_RESULTS = "no microbiology results";

    private static final Map<MicrobiologyTest, Map<TestResult, String>> DESCRIPTIONS = descriptions();

    private InfectionRules() {
    }

    /** Under knowledge v1. */
    public static CategoryAssessment assess(List<MicrobiologyResult> results) {
        return assess(results, Panel.V1);
    }

    public static CategoryAssessment assess(List<MicrobiologyResult> results, Panel panel) {
        return FirstMatch.of(
                () -> positiveResult(results),
                () -> negativeMinimumSet(results, panel),
                () -> noMicrobiology(results, panel))
                .orElseGet(() -> incompleteSet(results, panel));
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

    /** EX-INF-EXCLUDED: every slot of the version's minimum set negative, nothing pending. */
    static Optional<CategoryAssessment> negativeMinimumSet(List<MicrobiologyResult> results, Panel panel) {
        if (!minimumSetFilled(results, panel) || hasPending(results)) {
            return Optional.empty();
        }
        return Optional.of(CategoryAssessment.decided(INFECTION, CategoryStatus.EXCLUDED, panel.allNegative(),
                describeAll(results, panel), List.of()));
    }

    /** EX-INF-NOT-ASSESSED: no microbiology at all says nothing about infection. */
    static Optional<CategoryAssessment> noMicrobiology(List<MicrobiologyResult> results, Panel panel) {
        return results.isEmpty() ? Optional.of(panel.noMicrobiology()) : Optional.empty();
    }

    /** EX-INF-INCOMPLETE: some microbiology, but the minimum set is not complete or a result is pending. */
    static CategoryAssessment incompleteSet(List<MicrobiologyResult> results, Panel panel) {
        List<String> nextSteps = nextSteps(results, panel);
        return CategoryAssessment.decided(INFECTION, CategoryStatus.INCOMPLETE,
                new Reason(CauseRule.EX_INF_INCOMPLETE, "infection work-up not complete: " + String.join(", ", nextSteps)),
                describeAll(results, panel), nextSteps);
    }

    private static List<String> describeAll(List<MicrobiologyResult> results, Panel panel) {
        List<String> described = new ArrayList<>(results.size() + panel.context().size());
        for (MicrobiologyResult result : results) {
            described.add(describe(result));
        }
        described.addAll(panel.context());
        return described;
    }

    /** Every slot of the minimum set has a negative result (missing(results) is empty, without building it). */
    static boolean minimumSetFilled(List<MicrobiologyResult> results, Panel panel) {
        for (Slot slot : panel.slots()) {
            if (!slot.filledBy(results)) {
                return false;
            }
        }
        return true;
    }

    /** Slots of the minimum set with no negative result. */
    static List<Slot> missing(List<MicrobiologyResult> results, Panel panel) {
        List<Slot> missing = new ArrayList<>();
        for (Slot slot : panel.slots()) {
            if (!slot.filledBy(results)) {
                missing.add(slot);
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
    static List<String> nextSteps(List<MicrobiologyResult> results, Panel panel) {
        Set<String> steps = new LinkedHashSet<>();
        for (Slot required : missing(results, panel)) {
            List<String> pending = new ArrayList<>();
            for (MicrobiologyResult r : results) {
                if (required.tests().contains(r.test()) && r.result() == TestResult.PENDING) {
                    pending.add(awaited(r.test()));
                }
            }
            if (pending.isEmpty()) {
                steps.add(required.label());
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
