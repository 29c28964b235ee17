package org.coppipeline.symptom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Binds what the suspicion score reads from the record and renders the symptomAssessment section. */
@ApplicationScoped
public class SymptomStage {
    public static final String SECTION = "symptomAssessment";

    public JsonNode assess(ObjectNode record) {
        return JsonNodeFactory.instance.objectNode().put("status", "not yet implemented");
    }

    public String knowledgeVersion() {
        return "1";
    }
}
