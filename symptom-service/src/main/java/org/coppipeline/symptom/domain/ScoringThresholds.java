package org.coppipeline.symptom.domain;

/**
 * The configurable numbers of the suspicion score (CONTRACT 4.1); {@link #defaults()} holds the contract's values,
 * which are knowledge v1's ({@link KnowledgeV2Thresholds} holds what v2 sets differently).
 * Bounds are inclusive for the age and duration windows, strict for the BAL cut-offs, as the contract states them.
 * Invalid combinations are refused here, so a misconfigured service fails at start rather than scoring wrongly.
 */
public record ScoringThresholds(
        int ageMinYears,
        int ageMaxYears,
        int durationMinDays,
        int durationMaxDays,
        double balLymphocytePercentAbove,
        double cd4Cd8RatioBelow,
        double balEosinophilPercentAbove,
        int moderateFrom,
        int highFrom) {

    public ScoringThresholds {
        require(ageMinYears >= 0, "age window: min-years must be >= 0, was " + ageMinYears);
        require(ageMaxYears >= ageMinYears,
                "age window inverted: max-years " + ageMaxYears + " < min-years " + ageMinYears);
        require(durationMinDays >= 0, "duration window: min-days must be >= 0, was " + durationMinDays);
        require(durationMaxDays >= durationMinDays,
                "duration window inverted: max-days " + durationMaxDays + " < min-days " + durationMinDays);
        require(isPercent(balLymphocytePercentAbove),
                "bal lymphocyte-percent-above must be within 0..100, was " + balLymphocytePercentAbove);
        require(isPercent(balEosinophilPercentAbove),
                "bal eosinophil-percent-above must be within 0..100, was " + balEosinophilPercentAbove);
        // A cut-off of 0 or less could never be undercut: the rule would be silently dead.
        require(cd4Cd8RatioBelow > 0 && Double.isFinite(cd4Cd8RatioBelow),
                "bal cd4-cd8-ratio-below must be a finite number > 0, was " + cd4Cd8RatioBelow);
        require(moderateFrom < highFrom,
                "suspicion bands inverted: moderate-from " + moderateFrom + " must be < high-from " + highFrom);
    }

    /** The contract's values: age 40..70, duration 14..90 days, BAL lymphocytes > 15 % with CD4/CD8 < 1, eosinophils > 25 %, bands 4 and 8. */
    public static ScoringThresholds defaults() {
        return new ScoringThresholds(40, 70, 14, 90, 15, 1, 25, 4, 8);
    }

    /** The same thresholds with another age window: knowledge v2 changes only that. */
    public ScoringThresholds withAgeWindow(int minYears, int maxYears) {
        return new ScoringThresholds(minYears, maxYears, durationMinDays, durationMaxDays, balLymphocytePercentAbove,
                cd4Cd8RatioBelow, balEosinophilPercentAbove, moderateFrom, highFrom);
    }

    private static boolean isPercent(double value) {
        return value >= 0 && value <= 100;
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException("invalid cop.symptom thresholds: " + message);
        }
    }
}
