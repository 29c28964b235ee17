package org.coppipeline.exclusion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.Startup;

import org.coppipeline.exclusion.binding.CauseAssessmentRenderer;
import org.coppipeline.exclusion.binding.CauseInputBinder;
import org.coppipeline.exclusion.config.ExclusionConfig;
import org.coppipeline.exclusion.config.KnowledgeConfig;
import org.coppipeline.exclusion.domain.CauseExclusion;
import org.coppipeline.exclusion.domain.CauseInput;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.KnowledgeVersion;
import org.coppipeline.exclusion.domain.OpDrugList;

/**
 * Binds what the exclusion rules read from the record and renders the causeAssessment section under the knowledge
 * version the caller names (the configured one, or a replay's). Created at start ({@link Startup}) so that a missing
 * or malformed drug list, invalid thresholds or an unknown configured version stop the service before it consumes
 * anything.
 */
@Startup
@ApplicationScoped
public class ExclusionStage {
    public static final String SECTION = "causeAssessment";
    static final String DRUG_LIST_RESOURCE = "knowledge/op-inducing-drugs.csv";

    private final CauseInputBinder binder = new CauseInputBinder();
    private final KnowledgeVersion configuredVersion;
    private final Map<KnowledgeVersion, CauseExclusion> exclusions = new EnumMap<>(KnowledgeVersion.class);

    @Inject
    public ExclusionStage(ExclusionConfig config, KnowledgeConfig knowledge) {
        this(config.thresholds(KnowledgeVersion.V1), config.thresholds(KnowledgeVersion.V2),
                knowledge.configuredVersion());
    }

    ExclusionStage(ExclusionThresholds v1, ExclusionThresholds v2, KnowledgeVersion configuredVersion) {
        this.configuredVersion = Objects.requireNonNull(configuredVersion, "configuredVersion");
        OpDrugList drugList = OpDrugList.parse(readResource(DRUG_LIST_RESOURCE));
        exclusions.put(KnowledgeVersion.V1, new CauseExclusion(drugList, v1, KnowledgeVersion.V1));
        exclusions.put(KnowledgeVersion.V2, new CauseExclusion(drugList, v2, KnowledgeVersion.V2));
    }

    /** The contract's defaults for both versions, v2 configured. */
    static ExclusionStage withDefaults() {
        return new ExclusionStage(ExclusionThresholds.defaults(KnowledgeVersion.V1),
                ExclusionThresholds.defaults(KnowledgeVersion.V2), KnowledgeVersion.V2);
    }

    /**
     * The causeAssessment section for {@code record} under {@code version}, its knowledgeVersion that version's code.
     * A record it cannot bind throws UnprocessableRecordException (to the dead-letter topic).
     */
    public JsonNode assess(ObjectNode record, KnowledgeVersion version) {
        CauseExclusion exclusion = exclusions.get(Objects.requireNonNull(version, "version"));
        CauseInput input = binder.bind(record);
        return CauseAssessmentRenderer.render(exclusion.assess(input), exclusion.thresholds());
    }

    /** cop.knowledge.version: the version of every record that is not a replay (a replay record names its own). */
    public KnowledgeVersion configuredVersion() {
        return configuredVersion;
    }

    static String readResource(String name) {
        try (InputStream in = ExclusionStage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }
}
