package org.coppipeline.exclusion;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Binds what the exclusion rules reads from the record and renders the causeAssessment section. */
@ApplicationScoped
public class CauseStage {
    public static final String SECTION = "causeAssessment";

    public JsonNode assess(ObjectNode record) {
        return JsonNodeFactory.instance.objectNode().put("status", "not yet implemented");
    }

    public String knowledgeVersion() {
        return "1";
    }
}
