package org.coppipeline.symptom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.Startup;

import org.coppipeline.symptom.binding.SuspicionInputBinder;
import org.coppipeline.symptom.binding.SymptomAssessmentJson;
import org.coppipeline.symptom.config.SuspicionScoreConfig;
import org.coppipeline.symptom.domain.SuspicionScorer;

/**
 * Binds what the suspicion score reads from the record and renders the symptomAssessment section.
 * Created at start ({@link Startup}) so that invalid thresholds stop the service before it consumes anything.
 */
@Startup
@ApplicationScoped
public class SymptomStage {
    public static final String SECTION = "symptomAssessment";
    /** Version of cop-knowledge.md whose rules this stage encodes (the file's title says v1). */
    public static final String KNOWLEDGE_VERSION = "cop-knowledge-v1";

    private final SuspicionInputBinder binder;
    private final SuspicionScorer scorer;

    public SymptomStage(ObjectMapper mapper, SuspicionScoreConfig config) {
        this.binder = new SuspicionInputBinder(mapper);
        this.scorer = new SuspicionScorer(SuspicionScoreConfig.toThresholds(config));
    }

    public JsonNode assess(ObjectNode record) {
        return SymptomAssessmentJson.render(scorer.assess(binder.bind(record)), KNOWLEDGE_VERSION);
    }

    public String knowledgeVersion() {
        return KNOWLEDGE_VERSION;
    }
}
