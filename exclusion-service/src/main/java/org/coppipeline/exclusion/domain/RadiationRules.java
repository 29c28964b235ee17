package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.RADIATION;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.coppipeline.exclusion.domain.CauseInput.History;
import org.coppipeline.exclusion.domain.CauseInput.Radiotherapy;

/** Radiation category, CONTRACT 4.2 (first matching line wins). */
public final class RadiationRules {

    /** EX-RT-NOT-ASSESSED depends on nothing but the review flag: built once. */
    private static final CategoryAssessment NOT_REVIEWED = CategoryAssessment.decided(RADIATION,
            CategoryStatus.NOT_ASSESSED, new Reason(CauseRule.EX_RT_NOT_ASSESSED, "radiotherapy history not reviewed"),
            List.of("radiotherapy history not marked reviewed (radiotherapyReviewed is not true)"),
            List.of("review the radiotherapy history"));

    private static final String REVIEWED_NONE = "radiotherapy history reviewed: none";

    /**
     * The radiotherapy window with the wording that depends on it alone, built once per configuration
     * (CauseExclusion keeps one) rather than once per case.
     */
    public record Window(int days, Reason noChestRadiotherapy) {
        public static Window of(int days) {
            return new Window(days, new Reason(CauseRule.EX_RT_EXCLUDED,
                    "no breast or thoracic radiotherapy within " + days + " days"));
        }
    }

    private RadiationRules() {
    }

    public static CategoryAssessment assess(History history, Window window) {
        int windowDays = window.days();
        return FirstMatch.of(
                () -> notReviewed(history),
                () -> breastWithinWindow(history, windowDays),
                () -> thoraxWithinWindow(history, windowDays))
                .orElseGet(() -> noChestRadiotherapyInWindow(history, window));
    }

    /** EX-RT-WINDOW: the course ended at most {@code windowDays} days ago. */
    static boolean withinWindow(Radiotherapy course, int windowDays) {
        return course.endedDaysAgo() <= windowDays;
    }

    /** EX-RT-NOT-ASSESSED: radiation OP can only be recognised from a reviewed treatment history. */
    static Optional<CategoryAssessment> notReviewed(History history) {
        return history.radiotherapyReviewed() ? Optional.empty() : Optional.of(NOT_REVIEWED);
    }

    /** EX-RT-BREAST: breast radiotherapy ended within the window. */
    static Optional<CategoryAssessment> breastWithinWindow(History history, int windowDays) {
        return siteWithinWindow(history, windowDays, RadiotherapySite.BREAST, CauseRule.EX_RT_BREAST);
    }

    /** EX-RT-THORAX: thoracic radiotherapy ended within the window (by analogy with breast, [U]). */
    static Optional<CategoryAssessment> thoraxWithinWindow(History history, int windowDays) {
        return siteWithinWindow(history, windowDays, RadiotherapySite.THORAX, CauseRule.EX_RT_THORAX);
    }

    private static Optional<CategoryAssessment> siteWithinWindow(History history, int windowDays, RadiotherapySite site,
            CauseRule rule) {
        if (history.radiotherapy().isEmpty()) {
            return Optional.empty();
        }
        List<String> courses = new ArrayList<>();
        for (Radiotherapy course : history.radiotherapy()) {
            if (course.site() == site && withinWindow(course, windowDays)) {
                courses.add(describe(course, windowDays));
            }
        }
        if (courses.isEmpty()) {
            return Optional.empty();
        }
        Reason window = new Reason(CauseRule.EX_RT_WINDOW, site.code() + " radiotherapy ended at most " + windowDays
                + " days ago");
        Reason present = new Reason(rule, String.join(", ", courses));
        return Optional.of(new CategoryAssessment(RADIATION, CategoryStatus.PRESENT, rule, courses, List.of(),
                List.of(window, present)));
    }

    /** EX-RT-EXCLUDED: reviewed, and no breast or thoracic radiotherapy within the window. */
    static CategoryAssessment noChestRadiotherapyInWindow(History history, Window window) {
        int windowDays = window.days();
        List<String> evidence = new ArrayList<>();
        if (history.radiotherapy().isEmpty()) {
            evidence.add(REVIEWED_NONE);
        }
        for (Radiotherapy course : history.radiotherapy()) {
            evidence.add(describe(course, windowDays));
        }
        return CategoryAssessment.decided(RADIATION, CategoryStatus.EXCLUDED,
                window.noChestRadiotherapy(), evidence, List.of());
    }

    /** E.g. "breast radiotherapy ended 120 days ago (within 365 days)". */
    static String describe(Radiotherapy course, int windowDays) {
        String where;
        if (course.site() == RadiotherapySite.OTHER) {
            where = "not to breast or thorax";
        } else if (withinWindow(course, windowDays)) {
            where = "within " + windowDays + " days";
        } else {
            where = "outside the " + windowDays + "-day window";
        }
        return course.site().code() + " radiotherapy ended " + course.endedDaysAgo() + " days ago (" + where + ")";
    }
}
