package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Null parts are read as unknown, so no input of the domain's types can make the scorer throw. */
class SuspicionInputTest {

    @Test
    void nullPartsBecomeUnknown() {
        SuspicionInput input = new SuspicionInput(null, null, null, null, null, null, null, null);
        assertEquals(SuspicionInput.unknown(), input);
        assertEquals(List.of(), input.symptoms());
    }

    @Test
    void nullSymptomEntriesAreDropped() {
        SuspicionInput input = new SuspicionInput(Arrays.asList(null, new SymptomReport(Symptom.FEVER, true)),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals(List.of(new SymptomReport(Symptom.FEVER, true)), input.symptoms());
    }

    @Test
    void symptomReportNeedsACode() {
        assertThrows(NullPointerException.class, () -> new SymptomReport(null, true));
    }

    @Test
    void ctFindingsAreASetWithoutNulls() {
        assertEquals(Set.of(), new CtScan(true, null).findings());
        assertEquals(Set.of(CtFinding.MASS), new CtScan(true, new java.util.HashSet<>(Arrays.asList(null,
                CtFinding.MASS))).findings());
    }

    @Test
    void balNullValuesAreUnknown() {
        BalResult bal = new BalResult(null, null, null);
        assertEquals(new BalResult(Optional.empty(), Optional.empty(), Optional.empty()), bal);
        assertFalse(bal.hasScoredValue());
        assertTrue(new BalResult(null, null, Optional.of(1.0)).hasScoredValue());
    }
}
