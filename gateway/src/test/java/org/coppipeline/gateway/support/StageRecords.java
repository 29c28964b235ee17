package org.coppipeline.gateway.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Records as the stage services write them: the case event plus every section added so far. */
public final class StageRecords {

    private StageRecords() {
    }

    public static ObjectNode symptomAssessment(int score, String suspicion) {
        ObjectNode section = Events.JSON.createObjectNode();
        section.put("suspicionScore", score).put("suspicion", suspicion).put("evidenceLevel", "imaging")
                .put("knowledgeVersion", "cop-knowledge-v1");
        section.putArray("contributions").addObject().put("finding", "dyspnea").put("points", 1);
        return section;
    }

    public static ObjectNode causeAssessment(String conclusion) {
        ObjectNode section = Events.JSON.createObjectNode();
        section.put("opEvidence", "probable").put("conclusion", conclusion).put("knowledgeVersion", "cop-knowledge-v1");
        section.putObject("categories").putObject("infection").put("status", "excluded");
        return section;
    }

    public static ObjectNode treatmentPlan(String recommendation, String severity) {
        ObjectNode section = Events.JSON.createObjectNode();
        section.put("severity", severity).put("recommendation", recommendation)
                .put("glucocorticoidRecommended", recommendation.contains("glucocorticoid"))
                .put("knowledgeVersion", "cop-knowledge-v1");
        section.putArray("warnings");
        return section;
    }

    public static String scored(ObjectNode event) {
        ObjectNode record = event.deepCopy();
        record.set("symptomAssessment", symptomAssessment(9, "high"));
        return record.toString();
    }

    public static String assessed(ObjectNode event, String conclusion) {
        ObjectNode record = event.deepCopy();
        record.set("symptomAssessment", symptomAssessment(9, "high"));
        record.set("causeAssessment", causeAssessment(conclusion));
        return record.toString();
    }

    public static String planned(ObjectNode event, String conclusion, String recommendation) {
        ObjectNode record = event.deepCopy();
        record.set("symptomAssessment", symptomAssessment(9, "high"));
        record.set("causeAssessment", causeAssessment(conclusion));
        record.set("treatmentPlan", treatmentPlan(recommendation, "moderate"));
        return record.toString();
    }
}
