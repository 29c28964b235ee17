package org.coppipeline.exclusion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExclusionThresholdsTest {

    @Test
    void defaultsAreTheContractNumbers() {
        assertEquals(new ExclusionThresholds(90, 365, 25.0), ExclusionThresholds.defaults());
    }

    @Test
    void zeroIsAValidWindowAndTheEosinophilBoundsAreInclusive() {
        assertEquals(0, new ExclusionThresholds(0, 0, 0).drugWindowDays());
        assertEquals(100.0, new ExclusionThresholds(0, 0, 100).balEosinophilPercent());
    }

    @Test
    void negativeWindowsFailWithAClearMessage() {
        assertEquals("drug window must be 0 days or more, was -1",
                assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(-1, 365, 25)).getMessage());
        assertEquals("radiotherapy window must be 0 days or more, was -5",
                assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(90, -5, 25)).getMessage());
    }

    @Test
    void eosinophilThresholdMustBeAPercentage() {
        assertEquals("BAL eosinophil threshold must be a percentage from 0 to 100, was -0.5",
                assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(90, 365, -0.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(90, 365, 100.5));
        assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(90, 365, Double.NaN));
    }

    @Test
    void v2DefaultsWidenTheDrugWindowOnly() {
        assertEquals(new ExclusionThresholds(180, 365, 25.0, 20.0), ExclusionThresholds.defaults(KnowledgeVersion.V2));
        assertEquals(20.0, ExclusionThresholds.defaults().immunocompromisedPrednisoneMgPerDay());
    }

    @Test
    void thePrednisoneThresholdMustBeAFiniteDoseOfZeroOrMore() {
        assertEquals(0.0, new ExclusionThresholds(180, 365, 25, 0).immunocompromisedPrednisoneMgPerDay());
        assertEquals("immunocompromised prednisone threshold must be 0 mg/day or more, was -1.0",
                assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(180, 365, 25, -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(180, 365, 25, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ExclusionThresholds(180, 365, 25, Double.POSITIVE_INFINITY));
    }
}
