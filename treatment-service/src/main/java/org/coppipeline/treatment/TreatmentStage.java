package org.coppipeline.treatment;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.Startup;

import org.coppipeline.treatment.binding.TreatmentInputBinder;
import org.coppipeline.treatment.binding.TreatmentPlanRenderer;
import org.coppipeline.treatment.config.KnowledgeConfig;
import org.coppipeline.treatment.config.TreatmentConfig;
import org.coppipeline.treatment.domain.KnowledgeVersion;
import org.coppipeline.treatment.domain.TreatmentPlanner;
import org.coppipeline.treatment.domain.TreatmentThresholds;

/**
 * Binds what the treatment rules read from the record and renders the treatmentPlan section under the knowledge
 * version the caller names (the configured one, or a replay's). Created at start ({@link Startup}) so that invalid
 * thresholds or an unknown configured version stop the service before it consumes anything.
 */
@Startup
@ApplicationScoped
public class TreatmentStage {
    public static final String SECTION = "treatmentPlan";

    private final TreatmentInputBinder binder;
    private final TreatmentThresholds thresholds;
    private final KnowledgeVersion configuredVersion;

    public TreatmentStage(ObjectMapper mapper, TreatmentConfig config, KnowledgeConfig knowledge) {
        this.binder = new TreatmentInputBinder(mapper);
        this.thresholds = config.thresholds();
        this.configuredVersion = knowledge.configuredVersion();
    }

    /**
     * The treatmentPlan section for {@code record} under {@code version}, its knowledgeVersion that version's code.
     * A record it cannot bind throws UnprocessableRecordException (to the dead-letter topic).
     */
    public JsonNode assess(ObjectNode record, KnowledgeVersion version) {
        return TreatmentPlanRenderer.render(TreatmentPlanner.plan(binder.bind(record, version), thresholds, version));
    }

    /** cop.knowledge.version: the version of every record that is not a replay (a replay record names its own). */
    public KnowledgeVersion configuredVersion() {
        return configuredVersion;
    }
}
