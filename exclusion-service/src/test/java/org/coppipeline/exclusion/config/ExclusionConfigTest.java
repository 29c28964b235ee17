package org.coppipeline.exclusion.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;

import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.KnowledgeVersion;

/** The mapping as SmallRye Config and Hibernate Validator see it at start, without starting Quarkus. */
class ExclusionConfigTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(ExclusionConfig.class)
                .withMapping(KnowledgeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .build();
    }

    @Test
    void defaultsAreTheContractNumbers() {
        var mapping = config(Map.of()).getConfigMapping(ExclusionConfig.class);
        assertEquals(ExclusionThresholds.defaults(), mapping.thresholds());
        assertEquals(ExclusionThresholds.defaults(KnowledgeVersion.V1), mapping.thresholds(KnowledgeVersion.V1));
        assertEquals(new ExclusionThresholds(180, 365, 25, 20), mapping.thresholds(KnowledgeVersion.V2));
        assertEquals(ExclusionThresholds.defaults(KnowledgeVersion.V2), mapping.thresholds(KnowledgeVersion.V2));
    }

    @Test
    void theV2NumbersAreTheirOwnPropertiesAndShareTheOthers() {
        var mapping = config(Map.of("cop.exclusion.drug-window-days", "60", "cop.exclusion.v2.drug-window-days", "120",
                "cop.exclusion.v2.immunocompromised-prednisone-mg-per-day", "15", "cop.exclusion.radiotherapy-window-days", "200"))
                .getConfigMapping(ExclusionConfig.class);
        assertEquals(new ExclusionThresholds(60, 200, 25), mapping.thresholds(KnowledgeVersion.V1));
        assertEquals(new ExclusionThresholds(120, 200, 25, 15), mapping.thresholds(KnowledgeVersion.V2));
    }

    @Test
    void invalidV2NumbersFailTheStartNamingTheProperty() {
        var window = assertThrows(ConfigValidationException.class,
                () -> config(Map.of("cop.exclusion.v2.drug-window-days", "-1")));
        assertTrue(window.getMessage().contains("cop.exclusion.v2.drug-window-days must be 0 or more days"), window.getMessage());
        var prednisone = assertThrows(ConfigValidationException.class,
                () -> config(Map.of("cop.exclusion.v2.immunocompromised-prednisone-mg-per-day", "-5")));
        assertTrue(prednisone.getMessage().contains("cop.exclusion.v2.immunocompromised-prednisone-mg-per-day must be 0 or more"),
                prednisone.getMessage());
    }

    @Test
    void theKnowledgeVersionIsV2ByDefaultAndV1CanBePinned() {
        assertEquals(KnowledgeVersion.V2, config(Map.of()).getConfigMapping(KnowledgeConfig.class).configuredVersion());
        assertEquals(KnowledgeVersion.V1, config(Map.of("cop.knowledge.version", "cop-knowledge-v1"))
                .getConfigMapping(KnowledgeConfig.class).configuredVersion());
    }

    @Test
    void anUnknownKnowledgeVersionFailsTheStart() {
        var e = assertThrows(ConfigValidationException.class, () -> config(Map.of("cop.knowledge.version", "v2")));
        assertTrue(e.getMessage().contains("cop.knowledge.version must be cop-knowledge-v1 or cop-knowledge-v2"), e.getMessage());
        var unvalidated = new SmallRyeConfigBuilder().withMapping(KnowledgeConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("cop.knowledge.version", "cop-knowledge-v3"), "test", 500))
                .build().getConfigMapping(KnowledgeConfig.class);
        var refused = assertThrows(IllegalStateException.class, unvalidated::configuredVersion);
        assertEquals("invalid knowledge configuration: cop.knowledge.version must be cop-knowledge-v1 or cop-knowledge-v2, "
                + "was \"cop-knowledge-v3\"", refused.getMessage());
    }

    @Test
    void valuesAreReadFromTheKebabCaseProperties() {
        var mapping = config(Map.of("cop.exclusion.drug-window-days", "30", "cop.exclusion.radiotherapy-window-days", "180",
                "cop.exclusion.bal-eosinophil-percent", "40")).getConfigMapping(ExclusionConfig.class);
        assertEquals(new ExclusionThresholds(30, 180, 40), mapping.thresholds());
    }

    @Test
    void aNegativeWindowFailsTheStartNamingTheProperty() {
        var e = assertThrows(ConfigValidationException.class,
                () -> config(Map.of("cop.exclusion.drug-window-days", "-1")));
        assertTrue(e.getMessage().contains("cop.exclusion.drug-window-days must be 0 or more days"), e.getMessage());
        assertThrows(ConfigValidationException.class, () -> config(Map.of("cop.exclusion.radiotherapy-window-days", "-3")));
    }

    @Test
    void withoutTheValidatorTheDomainRecordStillRefusesANegativeWindow() {
        var unvalidated = new SmallRyeConfigBuilder().withMapping(ExclusionConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("cop.exclusion.drug-window-days", "-1"), "test", 500))
                .build().getConfigMapping(ExclusionConfig.class);
        var e = assertThrows(IllegalStateException.class, unvalidated::thresholds);
        assertEquals("invalid cop.exclusion configuration: drug window must be 0 days or more, was -1", e.getMessage());
    }

    @Test
    void anEosinophilThresholdOutsideZeroToHundredFailsTheStart() {
        var e = assertThrows(ConfigValidationException.class,
                () -> config(Map.of("cop.exclusion.bal-eosinophil-percent", "101")));
        assertTrue(e.getMessage().contains("cop.exclusion.bal-eosinophil-percent must be a percentage from 0 to 100"),
                e.getMessage());
    }
}
