package org.coppipeline.symptom.domain;

/**
 * The configurable numbers that knowledge v2 adds to {@link ScoringThresholds} (CONTRACT section 9): its age window
 * (SX-AGE-40-80, inclusive) and the current prednisone dose from which a patient counts as immunocompromised. All
 * other numbers are shared with v1. {@link #defaults()} holds the contract's values.
 */
public record KnowledgeV2Thresholds(int ageMinYears, int ageMaxYears, double immunocompromisingPrednisoneMgPerDay) {

    public KnowledgeV2Thresholds {
        require(ageMinYears >= 0, "v2 age window: min-years must be >= 0, was " + ageMinYears);
        require(ageMaxYears >= ageMinYears,
                "v2 age window inverted: max-years " + ageMaxYears + " < min-years " + ageMinYears);
        require(immunocompromisingPrednisoneMgPerDay >= 0 && Double.isFinite(immunocompromisingPrednisoneMgPerDay),
                "v2 immunocompromised prednisone-mg-per-day-from must be a finite number >= 0, was "
                        + immunocompromisingPrednisoneMgPerDay);
    }

    /** The contract's values: age 40..80, immunocompromised from 20 mg prednisone a day. */
    public static KnowledgeV2Thresholds defaults() {
        return new KnowledgeV2Thresholds(40, 80, 20);
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException("invalid cop.symptom thresholds: " + message);
        }
    }
}
