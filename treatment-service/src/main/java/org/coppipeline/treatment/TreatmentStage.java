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
 * Binds what the treatment rules read from the record and renders the treatmentPlan section. Created at start
 * (not on the first record) so that invalid thresholds or an unknown knowledge version stop the service before it
 * consumes anything.
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
     * The treatmentPlan for a record under {@code version}; an unbindable record throws UnprocessableRecordException
     * (to the DLQ).
     */
    public JsonNode assess(ObjectNode record, KnowledgeVersion version) {
        return TreatmentPlanRenderer.render(TreatmentPlanner.plan(binder.bind(record, version), thresholds, version));
    }

    /** The version live records are planned with (cop.knowledge.version); a replay record names its own. */
    public KnowledgeVersion configuredVersion() {
        return configuredVersion;
    }
}
