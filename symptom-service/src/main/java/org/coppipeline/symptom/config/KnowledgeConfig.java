package org.coppipeline.symptom.config;

import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.symptom.domain.KnowledgeVersion;

/**
 * cop.knowledge.version: the knowledge version live records are evaluated with (CONTRACT section 9), v2 by default; a
 * replay record names its own in a header. An unknown value stops the service at start: Hibernate Validator refuses
 * it, and {@link #configuredVersion()}, which the stage calls when it is created at start, refuses it again.
 */
@ConfigMapping(prefix = "cop.knowledge")
public interface KnowledgeConfig {

    @WithDefault("cop-knowledge-v2")
    @Pattern(regexp = "cop-knowledge-v1|cop-knowledge-v2",
            message = "cop.knowledge.version must be cop-knowledge-v1 or cop-knowledge-v2")
    String version();

    /** The configured version; an unknown one throws IllegalStateException naming the property and the value. */
    default KnowledgeVersion configuredVersion() {
        try {
            return KnowledgeVersion.fromCode(version());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid knowledge configuration: cop.knowledge.version must be cop-knowledge-v1 or "
                    + "cop-knowledge-v2, was \"" + version() + "\"", e);
        }
    }
}
