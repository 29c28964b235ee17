package org.coppipeline.symptom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.Startup;

import org.coppipeline.symptom.binding.SuspicionInputBinder;
import org.coppipeline.symptom.binding.SymptomAssessmentRenderer;
import org.coppipeline.symptom.config.KnowledgeConfig;
import org.coppipeline.symptom.config.SymptomConfig;
import org.coppipeline.symptom.domain.KnowledgeVersion;
import org.coppipeline.symptom.domain.SuspicionScorer;

/**
 * Binds what the suspicion score reads from the record and renders the symptomAssessment section under the knowledge
 * version the caller names (the configured one, or a replay's). Created at start ({@link Startup}) so that invalid
 * thresholds or an unknown configured version stop the service before it consumes anything.
 */
@Startup
@ApplicationScoped
public class SymptomStage {
    public static final String SECTION = "symptomAssessment";

    private final SuspicionInputBinder binder;
    private final SuspicionScorer scorer;
    private final KnowledgeVersion configuredVersion;

    public SymptomStage(ObjectMapper mapper, SymptomConfig config, KnowledgeConfig knowledge) {
        this.binder = new SuspicionInputBinder(mapper);
        this.scorer = new SuspicionScorer(config.thresholds(), config.v2Thresholds());
        this.configuredVersion = knowledge.configuredVersion();
    }

    /**
     * The symptomAssessment section for {@code record} under {@code version}, its knowledgeVersion that version's code.
     * A record it cannot bind throws UnprocessableRecordException (to the dead-letter topic).
     */
    public JsonNode assess(ObjectNode record, KnowledgeVersion version) {
        return SymptomAssessmentRenderer.render(scorer.assess(binder.bind(record), version), version.code());
    }

    /** cop.knowledge.version: the version of every record that is not a replay (a replay record names its own). */
    public KnowledgeVersion configuredVersion() {
        return configuredVersion;
    }
}
