package org.coppipeline.gateway.cds;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stage sections as the exclusion and treatment stages render them (their field names, sources with rule ids and the
 * knowledge base's citation keys), for the outcomes the CDS tests need. The tests play the stages with them.
 */
final class Plans {

    static final String V2 = "cop-knowledge-v2";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> CATEGORIES = List.of("infection", "drug", "radiation", "connective-tissue-disease",
            "hematologic-malignancy", "inflammatory-bowel-disease", "transplant", "aspiration-exposure");

    /** An outcome: the cause assessment and the plan. */
    record Outcome(ObjectNode causeAssessment, ObjectNode treatmentPlan) {
    }

    private Plans() {
    }

    static ObjectNode source(String ruleId, String... citations) {
        ObjectNode source = NODES.objectNode().put("ruleId", ruleId);
        ArrayNode keys = source.putArray("citations");
        for (String citation : citations) {
            keys.add(citation);
        }
        return source.put("mark", "V");
    }

    static ObjectNode causes(String conclusion, String infectionStatus, List<String> infectionSteps, List<String> nextSteps) {
        ObjectNode out = NODES.objectNode();
        ObjectNode categories = out.putObject("categories");
        for (String category : CATEGORIES) {
            ObjectNode node = categories.putObject(category);
            boolean infection = category.equals("infection");
            node.put("status", infection ? infectionStatus : "excluded");
            ArrayNode evidence = node.putArray("evidence");
            ArrayNode steps = node.putArray("nextSteps");
            if (infection) {
                evidence.add("sputum-culture negative");
                infectionSteps.forEach(steps::add);
                node.set("source", source(infectionStatus.equals("excluded") ? "EX-INF-EXCLUDED-V2" : "EX-INF-INCOMPLETE",
                        "Raghu&Meyer-2021"));
            } else {
                node.set("source", source("EX-" + category.toUpperCase() + "-EXCLUDED", "Cordier-2006"));
            }
        }
        out.put("opEvidence", "probable");
        out.put("opEvidenceReason", "typical CT pattern");
        out.set("opEvidenceSource", source("OP-PROBABLE-V2", "Zhang-2020"));
        out.put("conclusion", conclusion);
        out.set("conclusionSource", source("CX-" + conclusion.toUpperCase(), "Cordier-2006", "ATS/ERS-2013"));
        out.putArray("alternativeDiagnoses");
        ArrayNode steps = out.putArray("nextSteps");
        nextSteps.forEach(steps::add);
        out.putArray("reasons");
        out.putArray("warnings");
        out.put("knowledgeVersion", V2);
        return out;
    }

    static ObjectNode plan(String recommendation, boolean glucocorticoid, boolean infectionWarning) {
        ObjectNode out = NODES.objectNode();
        out.put("severity", "moderate");
        out.putArray("severityCriteria");
        out.put("recommendation", recommendation);
        out.put("glucocorticoidRecommended", glucocorticoid);
        if (glucocorticoid) {
            ObjectNode regimen = out.putObject("regimen");
            regimen.put("name", "oral prednisone, 24 weeks");
            regimen.put("requiresClinicalReview", true);
            regimen.set("source", source("TX-ORAL-PRED", "Lazor-2000", "Cordier-2006"));
        } else {
            out.putNull("regimen");
        }
        out.putArray("alternatives");
        out.putArray("precautions");
        out.putArray("followUp");
        ArrayNode warnings = out.putArray("warnings");
        if (infectionWarning) {
            warnings.addObject().put("level", "critical").put("code", "infection-not-excluded")
                    .put("message", "Infection is not excluded: do not start immunosuppression before infection is excluded.")
                    .set("source", source("TX-GATE-INFECTION", "Raghu&Meyer-2021", "KoreanGL-2025"));
        }
        out.putArray("reasons").addObject().put("text", "recommendation " + recommendation)
                .set("source", source("TX-REC-" + recommendation.toUpperCase(), "BMJ-BP"));
        out.put("knowledgeVersion", V2);
        return out;
    }

    /** classic-cop-moderate: COP confirmed, oral glucocorticoid. */
    static Outcome copConfirmed() {
        return new Outcome(causes("cop-confirmed", "excluded", List.of(), List.of()), plan("oral-glucocorticoid", true, false));
    }

    /** infection-pending: a culture pending, work-up incomplete, the critical warning. */
    static Outcome infectionPending() {
        return new Outcome(causes("workup-incomplete", "incomplete", List.of("blood-culture (result pending)"),
                List.of("infection (incomplete): blood-culture (result pending)")), plan("complete-workup", false, true));
    }

    /** Infection not excluded, tests missing (one a choice, one a single test). */
    static Outcome infectionMissing() {
        return new Outcome(causes("workup-incomplete", "incomplete",
                List.of("sputum-culture or bal-culture", "respiratory-pcr-panel", "blood-culture (result pending)"),
                List.of("infection (incomplete): sputum-culture or bal-culture; respiratory-pcr-panel")),
                plan("complete-workup", false, true));
    }

    /** Infection excluded, but the work-up of another cause is open: a warning, no critical. */
    static Outcome otherCauseOpen() {
        return new Outcome(causes("workup-incomplete", "excluded", List.of(),
                List.of("connective-tissue-disease (incomplete): autoimmunePanel (result pending)")),
                plan("complete-workup", false, false));
    }

    /** Infection excluded, organizing pneumonia unlikely: no glucocorticoid in the plan. */
    static Outcome opUnlikely() {
        return new Outcome(causes("op-unlikely", "excluded", List.of(), List.of()), plan("no-op-treatment", false, false));
    }
}
