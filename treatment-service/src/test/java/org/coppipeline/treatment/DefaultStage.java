package org.coppipeline.treatment;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.coppipeline.treatment.config.KnowledgeConfig;
import org.coppipeline.treatment.config.TreatmentConfig;

/** The stage as production builds it, from configuration properties (none: the defaults), without starting Quarkus. */
public final class DefaultStage {

    public static TreatmentStage with(ObjectMapper mapper, Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(TreatmentConfig.class).withMapping(KnowledgeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return new TreatmentStage(mapper, config.getConfigMapping(TreatmentConfig.class),
                config.getConfigMapping(KnowledgeConfig.class));
    }

    public static TreatmentStage with(ObjectMapper mapper) {
        return with(mapper, Map.of());
    }

    private DefaultStage() {
    }
}
