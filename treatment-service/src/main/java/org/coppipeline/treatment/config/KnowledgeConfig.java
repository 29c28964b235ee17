package org.coppipeline.treatment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.treatment.domain.KnowledgeVersion;

/**
 * {@code cop.knowledge.version}: the knowledge version this stage plans live records with (CONTRACT 9), v2 by
 * default. A replay record names its own version in a header. {@link #toVersion()} runs at start, so an unknown
 * value stops the service instead of planning with rules nobody chose.
 */
@ConfigMapping(prefix = "cop.knowledge")
public interface KnowledgeConfig {

    @WithDefault("cop-knowledge-v2")
    String version();

    default KnowledgeVersion toVersion() {
        try {
            return KnowledgeVersion.fromCode(version());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid knowledge configuration: cop.knowledge.version must be cop-knowledge-v1 or "
                    + "cop-knowledge-v2, was \"" + version() + "\"", e);
        }
    }
}
