package org.coppipeline.symptom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.coppipeline.symptom.domain.KnowledgeV2Thresholds;
import org.coppipeline.symptom.domain.ScoringThresholds;

/** The mapping read by SmallRye Config itself (no Quarkus start), defaults and overrides alike. */
class SymptomConfigTest {

    private static SymptomConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SymptomConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(SymptomConfig.class);
    }

    @Test
    void defaultsAreTheContractValues() {
        assertEquals(ScoringThresholds.defaults(), mapping(Map.of()).thresholds());
        assertEquals(KnowledgeV2Thresholds.defaults(), mapping(Map.of()).v2Thresholds());
        assertEquals(new KnowledgeV2Thresholds(40, 80, 20), KnowledgeV2Thresholds.defaults());
    }

    @Test
    void v2ValuesAreOverriddenApartFromV1s() {
        SymptomConfig config = mapping(Map.of("cop.symptom.v2.age.min-years", "45",
                "cop.symptom.v2.age.max-years", "85", "cop.symptom.v2.immunocompromised.prednisone-mg-per-day-from",
                "15"));
        assertEquals(new KnowledgeV2Thresholds(45, 85, 15), config.v2Thresholds());
        assertEquals(ScoringThresholds.defaults(), config.thresholds());
    }

    @Test
    void invertedV2AgeWindowFailsWithAClearMessage() {
        SymptomConfig config = mapping(Map.of("cop.symptom.v2.age.min-years", "81"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                config::v2Thresholds);
        assertEquals("invalid cop.symptom thresholds: v2 age window inverted: max-years 80 < min-years 81",
                e.getMessage());
    }

    @Test
    void negativePrednisoneThresholdIsRefused() {
        SymptomConfig config = mapping(Map.of("cop.symptom.v2.immunocompromised.prednisone-mg-per-day-from",
                "-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                config::v2Thresholds);
        assertTrue(e.getMessage().contains("prednisone-mg-per-day-from must be a finite number >= 0"), e.getMessage());
    }

    @Test
    void everyValueCanBeOverridden() {
        SymptomConfig config = mapping(Map.of(
                "cop.symptom.age.min-years", "45", "cop.symptom.age.max-years", "75",
                "cop.symptom.duration.min-days", "7", "cop.symptom.duration.max-days", "30",
                "cop.symptom.bal.lymphocyte-percent-above", "20", "cop.symptom.bal.cd4-cd8-ratio-below", "0.8",
                "cop.symptom.bal.eosinophil-percent-above", "30",
                "cop.symptom.band.moderate-from", "3", "cop.symptom.band.high-from", "6"));
        assertEquals(new ScoringThresholds(45, 75, 7, 30, 20, 0.8, 30, 3, 6), config.thresholds());
    }

    @Test
    void invertedBandFailsWithAClearMessage() {
        SymptomConfig config = mapping(Map.of("cop.symptom.band.moderate-from", "9"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                config::thresholds);
        assertEquals("invalid cop.symptom thresholds: suspicion bands inverted: moderate-from 9 must be < high-from 8",
                e.getMessage());
    }

    @Test
    void negativeWindowFailsWithAClearMessage() {
        SymptomConfig config = mapping(Map.of("cop.symptom.duration.min-days", "-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                config::thresholds);
        assertTrue(e.getMessage().contains("min-days must be >= 0"), e.getMessage());
    }

    @Test
    void invertedWindowFailsWithAClearMessage() {
        SymptomConfig config = mapping(Map.of("cop.symptom.age.min-years", "71"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                config::thresholds);
        assertTrue(e.getMessage().contains("age window inverted: max-years 70 < min-years 71"), e.getMessage());
    }
}
