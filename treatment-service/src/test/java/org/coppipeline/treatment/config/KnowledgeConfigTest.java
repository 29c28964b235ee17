package org.coppipeline.treatment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.coppipeline.treatment.DefaultStage;
import org.coppipeline.treatment.domain.KnowledgeVersion;

class KnowledgeConfigTest {

    private static KnowledgeConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(KnowledgeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(KnowledgeConfig.class);
    }

    @Test
    void v2ByDefault() {
        assertEquals(KnowledgeVersion.V2, mapping(Map.of()).configuredVersion());
    }

    @Test
    void v1CanBePinned() {
        assertEquals(KnowledgeVersion.V1, mapping(Map.of("cop.knowledge.version", "cop-knowledge-v1")).configuredVersion());
    }

    @Test
    void anUnknownVersionFailsNamingTheProperty() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> mapping(Map.of("cop.knowledge.version", "v2")).configuredVersion());
        assertEquals("invalid knowledge configuration: cop.knowledge.version must be cop-knowledge-v1 or cop-knowledge-v2, was \"v2\"",
                e.getMessage());
    }

    /** The stage is created at start (@Startup): an unknown version stops the service before it reads a record. */
    @Test
    void theStageRefusesToStartWithAnUnknownVersion() {
        assertThrows(IllegalStateException.class,
                () -> DefaultStage.with(new ObjectMapper(), Map.of("cop.knowledge.version", "cop-knowledge-v3")));
        assertEquals(KnowledgeVersion.V1,
                DefaultStage.with(new ObjectMapper(), Map.of("cop.knowledge.version", "cop-knowledge-v1")).configuredVersion());
    }
}
