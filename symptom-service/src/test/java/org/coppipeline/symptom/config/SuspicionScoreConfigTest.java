package org.coppipeline.symptom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.coppipeline.symptom.domain.ScoringThresholds;

/** The mapping read by SmallRye Config itself (no Quarkus start), defaults and overrides alike. */
class SuspicionScoreConfigTest {

    private static SuspicionScoreConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SuspicionScoreConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(SuspicionScoreConfig.class);
    }

    @Test
    void defaultsAreTheContractValues() {
        assertEquals(ScoringThresholds.defaults(), SuspicionScoreConfig.toThresholds(mapping(Map.of())));
    }

    @Test
    void everyValueCanBeOverridden() {
        SuspicionScoreConfig config = mapping(Map.of(
                "cop.symptom.age.min-years", "45", "cop.symptom.age.max-years", "75",
                "cop.symptom.duration.min-days", "7", "cop.symptom.duration.max-days", "30",
                "cop.symptom.bal.lymphocyte-percent-above", "20", "cop.symptom.bal.cd4-cd8-ratio-below", "0.8",
                "cop.symptom.bal.eosinophil-percent-above", "30",
                "cop.symptom.band.moderate-from", "3", "cop.symptom.band.high-from", "6"));
        assertEquals(new ScoringThresholds(45, 75, 7, 30, 20, 0.8, 30, 3, 6), SuspicionScoreConfig.toThresholds(config));
    }

    @Test
    void invertedBandFailsWithAClearMessage() {
        SuspicionScoreConfig config = mapping(Map.of("cop.symptom.band.moderate-from", "9"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuspicionScoreConfig.toThresholds(config));
        assertEquals("invalid cop.symptom thresholds: suspicion bands inverted: moderate-from 9 must be < high-from 8",
                e.getMessage());
    }

    @Test
    void negativeWindowFailsWithAClearMessage() {
        SuspicionScoreConfig config = mapping(Map.of("cop.symptom.duration.min-days", "-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuspicionScoreConfig.toThresholds(config));
        assertTrue(e.getMessage().contains("min-days must be >= 0"), e.getMessage());
    }

    @Test
    void invertedWindowFailsWithAClearMessage() {
        SuspicionScoreConfig config = mapping(Map.of("cop.symptom.age.min-years", "71"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuspicionScoreConfig.toThresholds(config));
        assertTrue(e.getMessage().contains("age window inverted: max-years 70 < min-years 71"), e.getMessage());
    }
}
