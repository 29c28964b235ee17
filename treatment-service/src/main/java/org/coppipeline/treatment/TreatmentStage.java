package org.coppipeline.treatment;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.Startup;

import org.coppipeline.treatment.binding.PlanInputBinder;
import org.coppipeline.treatment.binding.PlanRenderer;
import org.coppipeline.treatment.config.TreatmentConfig;
import org.coppipeline.treatment.domain.Knowledge;
import org.coppipeline.treatment.domain.TreatmentPlanner;
import org.coppipeline.treatment.domain.TreatmentThresholds;

/**
 * Binds what the treatment rules read from the record and renders the treatmentPlan section. Created at start
 * (not on the first record) so that invalid thresholds stop the service before it consumes anything.
 */
@Startup
@ApplicationScoped
public class TreatmentStage {
    public static final String SECTION = "treatmentPlan";

    private final PlanInputBinder binder;
    private final TreatmentThresholds thresholds;

    public TreatmentStage(ObjectMapper mapper, TreatmentConfig config) {
        this.binder = new PlanInputBinder(mapper);
        this.thresholds = config.toThresholds();
    }

    /** The treatmentPlan for a record; an unbindable record throws UnprocessableRecordException (to the DLQ). */
    public JsonNode assess(ObjectNode record) {
        return PlanRenderer.render(TreatmentPlanner.plan(binder.bind(record), thresholds));
    }

    public String knowledgeVersion() {
        return Knowledge.VERSION;
    }
}
