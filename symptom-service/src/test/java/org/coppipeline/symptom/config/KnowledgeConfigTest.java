package org.coppipeline.symptom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.coppipeline.symptom.domain.KnowledgeVersion;

/** cop.knowledge.version read by SmallRye Config itself (no Quarkus start). */
class KnowledgeConfigTest {

    private static KnowledgeConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(KnowledgeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(KnowledgeConfig.class);
    }

    @Test
    void defaultIsV2() {
        assertEquals(KnowledgeVersion.V2, KnowledgeConfig.configured(mapping(Map.of())));
    }

    @Test
    void v1CanBePinned() {
        assertEquals(KnowledgeVersion.V1,
                KnowledgeConfig.configured(mapping(Map.of("cop.knowledge.version", "cop-knowledge-v1"))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "cop-knowledge-v3", "v1", "V2", "cop-knowledge-v2 " })
    void anUnknownVersionFailsWithAClearMessage(String value) {
        KnowledgeConfig config = mapping(Map.of("cop.knowledge.version", value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KnowledgeConfig.configured(config));
        assertEquals("invalid cop.knowledge.version: unknown knowledge version '" + value
                + "' (known: cop-knowledge-v1, cop-knowledge-v2)", e.getMessage());
    }
}
