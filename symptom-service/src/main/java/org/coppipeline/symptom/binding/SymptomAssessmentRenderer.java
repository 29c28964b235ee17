package org.coppipeline.symptom.binding;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.symptom.domain.Contribution;
import org.coppipeline.symptom.domain.MissingData;
import org.coppipeline.symptom.domain.Reason;
import org.coppipeline.symptom.domain.RuleSource;
import org.coppipeline.symptom.domain.SuspicionAssessment;
import org.coppipeline.symptom.domain.Warning;

/**
 * Renders the symptomAssessment section with the field names of CONTRACT section 3. Fields beyond the contract:
 * suspicionReason, evidenceLevelReason, statement and warnings.
 */
public final class SymptomAssessmentRenderer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SymptomAssessmentRenderer() {
    }

    public static ObjectNode render(SuspicionAssessment assessment, String knowledgeVersion) {
        ObjectNode section = JSON.objectNode();
        section.put("suspicionScore", assessment.score());
        section.put("suspicion", assessment.suspicion().code());
        section.set("suspicionReason", reason(assessment.band()));
        section.put("evidenceLevel", assessment.evidenceLevel().code());
        section.set("evidenceLevelReason", reason(assessment.evidenceLevelWhy()));
        ArrayNode contributions = section.putArray("contributions");
        for (Contribution c : assessment.contributions()) {
            contributions.addObject()
                    .put("finding", c.finding())
                    .put("points", c.points())
                    .put("rationale", c.rationale())
                    .set("source", source(c.source()));
        }
        ArrayNode counterIndicators = section.putArray("counterIndicators");
        assessment.counterIndicators().forEach(counterIndicators::add);
        ArrayNode missingData = section.putArray("missingData");
        for (MissingData m : assessment.missingData()) {
            missingData.addObject().put("field", m.field()).put("effect", m.effect());
        }
        section.set("statement", reason(assessment.statement()));
        ArrayNode warnings = section.putArray("warnings");
        for (Warning w : assessment.warnings()) {
            warnings.addObject().put("level", w.level().code()).put("code", w.code()).put("message", w.message());
        }
        section.put("knowledgeVersion", knowledgeVersion);
        return section;
    }

    private static ObjectNode reason(Reason reason) {
        ObjectNode node = JSON.objectNode().put("text", reason.text());
        node.set("source", source(reason.source()));
        return node;
    }

    /** {"ruleId":"SX-FEVER","citations":["Orphanet",...],"mark":"U"} */
    private static ObjectNode source(RuleSource source) {
        ObjectNode node = JSON.objectNode().put("ruleId", source.ruleId());
        ArrayNode citations = node.putArray("citations");
        source.citations().forEach(citations::add);
        node.put("mark", source.mark().code());
        return node;
    }
}
