package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TreatmentThresholdsTest {

    @Test
    void defaultsAreTheContractNumbers() {
        TreatmentThresholds defaults = TreatmentThresholds.defaults();
        assertEquals(90, defaults.spo2SevereBelowPercent());
        assertEquals(94, defaults.spo2MildAtLeastPercent());
        assertEquals(37.9, defaults.crpMildAtMostMgPerL());
        assertEquals(80, defaults.fvcClarithromycinAtLeastPercent());
        assertEquals(14, defaults.observeReassessWithinDays());
        assertEquals(12, defaults.relapseSurveillanceMonths());
        assertEquals(20, defaults.pjpMinMgPerDay());
        assertEquals(4, defaults.pjpMinWeeks());
        assertEquals(2.5, defaults.boneMinMgPerDay());
        assertEquals(3, defaults.boneMoreThanMonths());
    }

    @Test
    void invertedSpo2BandFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TreatmentThresholds(95, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3));
        assertEquals("inverted SpO2 band: spo2SevereBelowPercent (95.0) must not be above spo2MildAtLeastPercent (94.0)", e.getMessage());
        // equal limits are allowed: no moderate band by saturation
        assertEquals(94, new TreatmentThresholds(94, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3).spo2SevereBelowPercent());
    }

    @ParameterizedTest(name = "{13}")
    @CsvSource({
            "49.9, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3, 'spo2SevereBelowPercent must be within 50..100, was 49.9'",
            "90, 100.1, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3, 'spo2MildAtLeastPercent must be within 50..100, was 100.1'",
            "90, 94, -1, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3, 'crpMildAtMostMgPerL must be within 0..1000, was -1.0'",
            "90, 94, NaN, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3, 'crpMildAtMostMgPerL must be within 0..1000, was NaN'",
            "90, 94, 37.9, 4, 14, 12, 20, 4, 2.5, 3, 50, 85, 3, 'fvcClarithromycinAtLeastPercent must be within 5..200, was 4.0'",
            "90, 94, 37.9, 80, 0, 12, 20, 4, 2.5, 3, 50, 85, 3, 'observeReassessWithinDays must be within 1..365, was 0.0'",
            "90, 94, 37.9, 80, 14, -12, 20, 4, 2.5, 3, 50, 85, 3, 'relapseSurveillanceMonths must be within 1..120, was -12.0'",
            "90, 94, 37.9, 80, 14, 12, 0, 4, 2.5, 3, 50, 85, 3, 'pjpMinMgPerDay must be within 0.5..2000, was 0.0'",
            "90, 94, 37.9, 80, 14, 12, 20, 0, 2.5, 3, 50, 85, 3, 'pjpMinWeeks must be within 1..104, was 0.0'",
            "90, 94, 37.9, 80, 14, 12, 20, 4, 0.4, 3, 50, 85, 3, 'boneMinMgPerDay must be within 0.5..2000, was 0.4'",
            "90, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 121, 50, 85, 3, 'boneMoreThanMonths must be within 1..120, was 121.0'",
            "90, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 4.9, 85, 3, 'dlcoModerateBelowPercent must be within 5..200, was 4.9'",
            "90, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 100.5, 3, 'spo2ExertionModerateBelowPercent must be within 50..100, was 100.5'",
            "90, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 0, 'lobesModerateAtLeast must be within 1..5, was 0.0'",
            "90, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 6, 'lobesModerateAtLeast must be within 1..5, was 6.0'" })
    void invalidValuesFailWithAClearMessage(double severe, double mild, double crp, double fvc, int observe, int surveillance,
            double pjpMg, int pjpWeeks, double boneMg, int boneMonths, double dlco, double nadir, int lobes, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TreatmentThresholds(severe, mild, crp, fvc,
                observe, surveillance, pjpMg, pjpWeeks, boneMg, boneMonths, dlco, nadir, lobes));
        assertEquals(message, e.getMessage());
    }

    @Test
    void limitsThemselvesAreAccepted() {
        new TreatmentThresholds(50, 100, 0, 5, 1, 1, 0.5, 1, 0.5, 1, 5, 50, 1);
        new TreatmentThresholds(100, 100, 1000, 200, 365, 120, 2000, 104, 2000, 120, 200, 100, 5);
    }
}
