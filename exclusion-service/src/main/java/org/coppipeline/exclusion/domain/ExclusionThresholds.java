package org.coppipeline.exclusion.domain;

/**
 * The numbers of CONTRACT 4.2 (and its v2 in section 9) that are design values and therefore configuration
 * (cop-knowledge.md marks each of them [U]), for one knowledge version. Invalid values are refused here, so a bad
 * configuration fails the start.
 *
 * @param drugWindowDays                     a listed drug stopped at most this many days ago still counts
 *                                           (EX-DRUG-WINDOW; under v2 only for a drug without its own window_days)
 * @param radiotherapyWindowDays             breast or thoracic radiotherapy ended at most this many days ago counts
 *                                           (EX-RT-WINDOW)
 * @param balEosinophilPercent               BAL eosinophils above this percentage make OP unlikely (OP-UNLIKELY-BAL-EOS)
 * @param immunocompromisedPrednisoneMgPerDay v2: a current prednisone dose of at least this many mg/day makes the
 *                                           patient immunocompromised (CONTRACT section 9); v1 does not read it
 */
public record ExclusionThresholds(int drugWindowDays, int radiotherapyWindowDays, double balEosinophilPercent,
        double immunocompromisedPrednisoneMgPerDay) {

    public static final int DEFAULT_DRUG_WINDOW_DAYS = 90;
    public static final int DEFAULT_V2_DRUG_WINDOW_DAYS = 180;
    public static final int DEFAULT_RADIOTHERAPY_WINDOW_DAYS = 365;
    public static final double DEFAULT_BAL_EOSINOPHIL_PERCENT = 25;
    public static final double DEFAULT_IMMUNOCOMPROMISED_PREDNISONE_MG_PER_DAY = 20;

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
        if (!(immunocompromisedPrednisoneMgPerDay >= 0 && immunocompromisedPrednisoneMgPerDay < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("immunocompromised prednisone threshold must be 0 mg/day or more, was "
                    + immunocompromisedPrednisoneMgPerDay);
        }
    }

    /** The v1 numbers; the prednisone threshold (v2 only) at its default. */
    public ExclusionThresholds(int drugWindowDays, int radiotherapyWindowDays, double balEosinophilPercent) {
        this(drugWindowDays, radiotherapyWindowDays, balEosinophilPercent, DEFAULT_IMMUNOCOMPROMISED_PREDNISONE_MG_PER_DAY);
    }

    /** The contract's v1 defaults: 90 days, 365 days, 25 %. */
    public static ExclusionThresholds defaults() {
        return defaults(KnowledgeVersion.V1);
    }

    /** The contract's defaults of {@code version}: v2 widens the default drug window to 180 days. */
    public static ExclusionThresholds defaults(KnowledgeVersion version) {
        int drugWindow = version == KnowledgeVersion.V2 ? DEFAULT_V2_DRUG_WINDOW_DAYS : DEFAULT_DRUG_WINDOW_DAYS;
        return new ExclusionThresholds(drugWindow, DEFAULT_RADIOTHERAPY_WINDOW_DAYS, DEFAULT_BAL_EOSINOPHIL_PERCENT,
                DEFAULT_IMMUNOCOMPROMISED_PREDNISONE_MG_PER_DAY);
    }
}
