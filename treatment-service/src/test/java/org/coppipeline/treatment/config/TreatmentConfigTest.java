package org.coppipeline.treatment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.coppipeline.treatment.domain.TreatmentThresholds;

class TreatmentConfigTest {

    private static TreatmentConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TreatmentConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(TreatmentConfig.class);
    }

    @Test
    void defaultsAreTheContractNumbers() {
        assertEquals(TreatmentThresholds.defaults(), mapping(Map.of()).thresholds());
    }

    @Test
    void propertiesOverrideTheDefaults() {
        TreatmentThresholds thresholds = mapping(Map.of("cop.treatment.spo2-mild-at-least-percent", "95",
                "cop.treatment.crp-mild-at-most-mg-per-l", "30", "cop.treatment.observe-reassess-within-days", "10")).thresholds();
        assertEquals(95, thresholds.spo2MildAtLeastPercent());
        assertEquals(30, thresholds.crpMildAtMostMgPerL());
        assertEquals(10, thresholds.observeReassessWithinDays());
        assertEquals(90, thresholds.spo2SevereBelowPercent());
    }

    @Test
    void invertedSpo2LimitsFailWithTheirPropertyNames() {
        TreatmentConfig inverted = mapping(Map.of("cop.treatment.spo2-severe-below-percent", "95"));
        IllegalStateException e = assertThrows(IllegalStateException.class, inverted::thresholds);
        assertEquals("invalid treatment configuration: inverted SpO2 band: cop.treatment.spo2-severe-below-percent (95.0) "
                + "must not be above cop.treatment.spo2-mild-at-least-percent (94.0)", e.getMessage());
    }

    @Test
    void v2ExtentThresholdsDefaultToTheContractAndCanBeSet() {
        TreatmentThresholds defaults = mapping(Map.of()).thresholds();
        assertEquals(50, defaults.dlcoModerateBelowPercent());
        assertEquals(85, defaults.spo2ExertionModerateBelowPercent());
        assertEquals(3, defaults.lobesModerateAtLeast());
        TreatmentThresholds set = mapping(Map.of("cop.treatment.dlco-moderate-below-percent", "45",
                "cop.treatment.spo2-exertion-moderate-below-percent", "88", "cop.treatment.lobes-moderate-at-least", "2")).thresholds();
        assertEquals(45, set.dlcoModerateBelowPercent());
        assertEquals(88, set.spo2ExertionModerateBelowPercent());
        assertEquals(2, set.lobesModerateAtLeast());
    }

    @Test
    void anImpossibleLobeCountFailsWithItsPropertyName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> mapping(Map.of("cop.treatment.lobes-moderate-at-least", "6")).thresholds());
        assertEquals("invalid treatment configuration: cop.treatment.lobes-moderate-at-least must be within 1..5, was 6.0",
                e.getMessage());
    }

    @Test
    void negativeWindowFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> mapping(Map.of("cop.treatment.observe-reassess-within-days", "-1")).thresholds());
        assertEquals("invalid treatment configuration: cop.treatment.observe-reassess-within-days must be within 1..365, was -1.0",
                e.getMessage());
    }
}
