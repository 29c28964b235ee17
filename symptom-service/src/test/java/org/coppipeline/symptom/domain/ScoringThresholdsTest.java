package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoringThresholdsTest {

    @Test
    void defaultsAreTheContractValues() {
        ScoringThresholds t = ScoringThresholds.defaults();
        assertEquals(40, t.ageMinYears());
        assertEquals(70, t.ageMaxYears());
        assertEquals(14, t.durationMinDays());
        assertEquals(90, t.durationMaxDays());
        assertEquals(15.0, t.balLymphocytePercentAbove());
        assertEquals(1.0, t.cd4Cd8RatioBelow());
        assertEquals(25.0, t.balEosinophilPercentAbove());
        assertEquals(4, t.moderateFrom());
        assertEquals(8, t.highFrom());
    }

    @ParameterizedTest(name = "{9}")
    @CsvSource(delimiter = '|', value = {
            "-1 | 70 | 14 | 90 | 15 | 1 | 25 | 4 | 8 | min-years must be >= 0",
            "40 | 39 | 14 | 90 | 15 | 1 | 25 | 4 | 8 | age window inverted",
            "40 | 70 | -1 | 90 | 15 | 1 | 25 | 4 | 8 | min-days must be >= 0",
            "40 | 70 | 14 | 13 | 15 | 1 | 25 | 4 | 8 | duration window inverted",
            "40 | 70 | 14 | 90 | -0.5 | 1 | 25 | 4 | 8 | lymphocyte-percent-above must be within 0..100",
            "40 | 70 | 14 | 90 | 100.5 | 1 | 25 | 4 | 8 | lymphocyte-percent-above must be within 0..100",
            "40 | 70 | 14 | 90 | NaN | 1 | 25 | 4 | 8 | lymphocyte-percent-above must be within 0..100",
            "40 | 70 | 14 | 90 | 15 | 0 | 25 | 4 | 8 | cd4-cd8-ratio-below must be a finite number > 0",
            "40 | 70 | 14 | 90 | 15 | -1 | 25 | 4 | 8 | cd4-cd8-ratio-below must be a finite number > 0",
            "40 | 70 | 14 | 90 | 15 | Infinity | 25 | 4 | 8 | cd4-cd8-ratio-below must be a finite number > 0",
            "40 | 70 | 14 | 90 | 15 | NaN | 25 | 4 | 8 | cd4-cd8-ratio-below must be a finite number > 0",
            "40 | 70 | 14 | 90 | 15 | 1 | -1 | 4 | 8 | eosinophil-percent-above must be within 0..100",
            "40 | 70 | 14 | 90 | 15 | 1 | 101 | 4 | 8 | eosinophil-percent-above must be within 0..100",
            "40 | 70 | 14 | 90 | 15 | 1 | 25 | 8 | 8 | suspicion bands inverted",
            "40 | 70 | 14 | 90 | 15 | 1 | 25 | 9 | 8 | suspicion bands inverted" })
    void invalidThresholdsAreRefusedWithAClearMessage(int ageMin, int ageMax, int durationMin, int durationMax,
            double lymphocytes, double ratio, double eosinophils, int moderate, int high, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ScoringThresholds(ageMin,
                ageMax, durationMin, durationMax, lymphocytes, ratio, eosinophils, moderate, high));
        assertTrue(e.getMessage().startsWith("invalid cop.symptom thresholds: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void edgesOfTheValidRangeAreAccepted() {
        assertDoesNotThrow(() -> new ScoringThresholds(0, 0, 0, 0, 0, 0.01, 0, -5, -4));
        assertDoesNotThrow(() -> new ScoringThresholds(70, 70, 90, 90, 100, 20, 100, 7, 8));
    }
}
