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
        assertEquals(KnowledgeVersion.V2, mapping(Map.of()).configuredVersion());
    }

    @Test
    void v1CanBePinned() {
        assertEquals(KnowledgeVersion.V1,
                mapping(Map.of("cop.knowledge.version", "cop-knowledge-v1")).configuredVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = { "cop-knowledge-v3", "v1", "V2", "cop-knowledge-v2 " })
    void anUnknownVersionFailsWithAClearMessage(String value) {
        KnowledgeConfig config = mapping(Map.of("cop.knowledge.version", value));
        IllegalStateException e = assertThrows(IllegalStateException.class, config::configuredVersion);
        assertEquals("invalid knowledge configuration: cop.knowledge.version must be cop-knowledge-v1 or cop-knowledge-v2, was \""
                + value + "\"", e.getMessage());
    }
}
