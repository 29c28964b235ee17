package org.coppipeline.exclusion.domain;

/**
 * The numbers of CONTRACT 4.2 that are design values and therefore configuration (cop-knowledge.md marks
 * each of them [U]). Invalid values are refused here, so a bad configuration fails the start.
 *
 * @param drugWindowDays         a listed drug stopped at most this many days ago still counts (EX-DRUG-WINDOW)
 * @param radiotherapyWindowDays breast or thoracic radiotherapy ended at most this many days ago counts (EX-RT-WINDOW)
 * @param balEosinophilPercent   BAL eosinophils above this percentage make OP unlikely (OP-UNLIKELY-BAL-EOS)
 */
public record ExclusionThresholds(int drugWindowDays, int radiotherapyWindowDays, double balEosinophilPercent) {

    public static final int DEFAULT_DRUG_WINDOW_DAYS = 90;
    public static final int DEFAULT_RADIOTHERAPY_WINDOW_DAYS = 365;
    public static final double DEFAULT_BAL_EOSINOPHIL_PERCENT = 25;

    public ExclusionThresholds {
        if (drugWindowDays < 0) {
            throw new IllegalArgumentException("drug window must be 0 days or more, was " + drugWindowDays);
        }
        if (radiotherapyWindowDays < 0) {
            throw new IllegalArgumentException("radiotherapy window must be 0 days or more, was " + radiotherapyWindowDays);
        }
        if (!(balEosinophilPercent >= 0 && balEosinophilPercent <= 100)) {
            throw new IllegalArgumentException("BAL eosinophil threshold must be a percentage from 0 to 100, was "
                    + balEosinophilPercent);
        }
    }

    /** The contract's defaults: 90 days, 365 days, 25 %. */
    public static ExclusionThresholds defaults() {
        return new ExclusionThresholds(DEFAULT_DRUG_WINDOW_DAYS, DEFAULT_RADIOTHERAPY_WINDOW_DAYS, DEFAULT_BAL_EOSINOPHIL_PERCENT);
    }
}
