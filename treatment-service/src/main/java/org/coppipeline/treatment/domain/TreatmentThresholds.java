package org.coppipeline.treatment.domain;

/**
 * The numbers of CONTRACT 4.3 that are configuration. The compact constructor rejects values that would
 * make the rules meaningless (an inverted SpO2 band, a negative window), so a bad configuration stops the
 * service at start instead of producing plans.
 *
 * @param spo2SevereBelowPercent severe when resting SpO2 is below this (SV-SEVERE-SPO2)
 * @param spo2MildAtLeastPercent mild needs resting SpO2 at least this, or unknown (SV-MILD-SPO2)
 * @param crpMildAtMostMgPerL a stable course is mild with a known CRP at most this (SV-MILD-CRP)
 * @param fvcClarithromycinAtLeastPercent clarithromycin needs a known FVC at least this (TX-ALT-CLARITHRO-ELIGIBLE)
 * @param observeReassessWithinDays observed cases are re-assessed within this many days (TX-REC-OBSERVE)
 * @param relapseSurveillanceMonths relapse surveillance lasts this many months (PC-RELAPSE-WATCH)
 * @param pjpMinMgPerDay Pneumocystis prophylaxis from this prednisone-equivalent dose ... (PC-PJP)
 * @param pjpMinWeeks ... held for at least this many weeks (PC-PJP)
 * @param boneMinMgPerDay bone protection from this prednisone-equivalent dose ... (PC-BONE)
 * @param boneMoreThanMonths ... held for more than this many months (PC-BONE)
 * @param dlcoModerateBelowPercent v2: at least moderate when a known DLCO is below this (SV-EXTENT)
 * @param spo2ExertionModerateBelowPercent v2: at least moderate when a known exertional SpO2 nadir is below this (SV-EXTENT)
 * @param lobesModerateAtLeast v2: at least moderate when a known number of involved lobes is at least this (SV-EXTENT)
 */
public record TreatmentThresholds(
        double spo2SevereBelowPercent,
        double spo2MildAtLeastPercent,
        double crpMildAtMostMgPerL,
        double fvcClarithromycinAtLeastPercent,
        int observeReassessWithinDays,
        int relapseSurveillanceMonths,
        double pjpMinMgPerDay,
        int pjpMinWeeks,
        double boneMinMgPerDay,
        int boneMoreThanMonths,
        double dlcoModerateBelowPercent,
        double spo2ExertionModerateBelowPercent,
        int lobesModerateAtLeast) {

    public TreatmentThresholds {
        requireWithin("spo2SevereBelowPercent", spo2SevereBelowPercent, 50, 100);
        requireWithin("spo2MildAtLeastPercent", spo2MildAtLeastPercent, 50, 100);
        if (spo2SevereBelowPercent > spo2MildAtLeastPercent) {
            throw new IllegalArgumentException("inverted SpO2 band: spo2SevereBelowPercent (" + spo2SevereBelowPercent
                    + ") must not be above spo2MildAtLeastPercent (" + spo2MildAtLeastPercent + ")");
        }
        requireWithin("crpMildAtMostMgPerL", crpMildAtMostMgPerL, 0, 1000);
        requireWithin("fvcClarithromycinAtLeastPercent", fvcClarithromycinAtLeastPercent, 5, 200);
        requireWithin("observeReassessWithinDays", observeReassessWithinDays, 1, 365);
        requireWithin("relapseSurveillanceMonths", relapseSurveillanceMonths, 1, 120);
        requireWithin("pjpMinMgPerDay", pjpMinMgPerDay, 0.5, 2000);
        requireWithin("pjpMinWeeks", pjpMinWeeks, 1, 104);
        requireWithin("boneMinMgPerDay", boneMinMgPerDay, 0.5, 2000);
        requireWithin("boneMoreThanMonths", boneMoreThanMonths, 1, 120);
        requireWithin("dlcoModerateBelowPercent", dlcoModerateBelowPercent, 5, 200);
        requireWithin("spo2ExertionModerateBelowPercent", spo2ExertionModerateBelowPercent, 50, 100);
        // 0 would make every case with a CT at least moderate; 5 is every lobe
        requireWithin("lobesModerateAtLeast", lobesModerateAtLeast, 1, 5);
    }

    /** The contract's numbers. */
    public static TreatmentThresholds defaults() {
        return new TreatmentThresholds(90, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3);
    }

    private static void requireWithin(String name, double value, double min, double max) {
        // NaN fails both comparisons, so it is rejected too
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be within " + format(min) + ".." + format(max) + ", was " + value);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
