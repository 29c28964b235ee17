package org.coppipeline.treatment;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Binds what the treatment rules reads from the record and renders the treatmentPlan section. */
@ApplicationScoped
public class TreatmentStage {
    public static final String SECTION = "treatmentPlan";

    public JsonNode assess(ObjectNode record) {
        return JsonNodeFactory.instance.objectNode().put("status", "not yet implemented");
    }

    public String knowledgeVersion() {
        return "1";
    }
}
