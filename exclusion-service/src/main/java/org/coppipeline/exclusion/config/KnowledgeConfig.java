package org.coppipeline.exclusion.config;

import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * cop.knowledge.version: the knowledge version live records are assessed with (a replay record names its own).
 * An unknown value stops the service at start: Hibernate Validator refuses it, and {@link #knowledgeVersion()}
 * refuses it again where the stage reads it.
 */
@ConfigMapping(prefix = "cop.knowledge")
public interface KnowledgeConfig {

    @WithDefault("cop-knowledge-v2")
    @Pattern(regexp = "cop-knowledge-v1|cop-knowledge-v2",
            message = "cop.knowledge.version must be cop-knowledge-v1 or cop-knowledge-v2")
    String version();

    default KnowledgeVersion knowledgeVersion() {
        try {
            return KnowledgeVersion.fromCode(version());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid cop.knowledge.version: " + e.getMessage(), e);
        }
    }
}
