package org.coppipeline.symptom.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.symptom.domain.KnowledgeVersion;

/**
 * Which knowledge version live records are scored with (CONTRACT section 9). A replay record names its own version in
 * a header instead. {@code SymptomStage} reads this at start, so an unknown value stops the service.
 */
@ConfigMapping(prefix = "cop.knowledge")
public interface KnowledgeConfig {

    /** cop.knowledge.version: cop-knowledge-v1 or cop-knowledge-v2. */
    @WithDefault("cop-knowledge-v2")
    String version();

    /** The configured version; throws IllegalArgumentException naming the property and the known codes. */
    static KnowledgeVersion configured(KnowledgeConfig config) {
        try {
            return KnowledgeVersion.fromCode(config.version());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cop.knowledge.version: " + e.getMessage(), e);
        }
    }
}
