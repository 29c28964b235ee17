package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordingTest {

    @ParameterizedTest
    @CsvSource({ "15, 15", "0, 0", "0.5, 0.5", "-2, -2", "15.25, 15.25", "1e20, 1.0E20", "1e15, 1.0E15", "999999999999999, 999999999999999" })
    void numbersReadNaturally(double value, String expected) {
        assertEquals(expected, Wording.number(value));
    }

    @ParameterizedTest
    @CsvSource({ "1, add 1 point", "2, add 2 points", "-1, subtract 1 point", "-3, subtract 3 points",
            "0, add 0 points" })
    void pointsEffect(int points, String expected) {
        assertEquals(expected, Wording.pointsEffect(points));
    }
}
