package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;

/** The checks of a contract example's "expected" block against a record or case view carrying the three sections. */
final class ContractExpectations {
    static final List<String> CATEGORIES = List.of("infection", "drug", "radiation", "connective-tissue-disease",
            "hematologic-malignancy", "inflammatory-bowel-disease", "transplant", "aspiration-exposure");

    private ContractExpectations() {
    }

    static List<Executable> checks(JsonNode expected, JsonNode out) {
        JsonNode symptoms = out.path("symptomAssessment");
        JsonNode causes = out.path("causeAssessment");
        JsonNode plan = out.path("treatmentPlan");
        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertEquals(expected.get("suspicion"), symptoms.get("suspicion"), "symptomAssessment.suspicion"),
                () -> assertEquals(expected.get("conclusion"), causes.get("conclusion"), "causeAssessment.conclusion"),
                () -> assertEquals(expected.get("severity"), plan.get("severity"), "treatmentPlan.severity"),
                () -> assertEquals(expected.get("recommendation"), plan.get("recommendation"), "treatmentPlan.recommendation"),
                () -> assertEquals(expected.get("glucocorticoidRecommended"), plan.get("glucocorticoidRecommended"),
                        "treatmentPlan.glucocorticoidRecommended"),
                () -> assertEquals(expected.get("criticalWarning").asBoolean(), hasCriticalInfectionWarning(plan),
                        "treatmentPlan.warnings has {level: critical, code: infection-not-excluded}")));
        for (String category : CATEGORIES) {
            checks.add(() -> assertEquals(expected.path("categories").get(category),
                    causes.path("categories").path(category).get("status"), "causeAssessment.categories." + category + ".status"));
        }
        return checks;
    }

    static boolean hasCriticalInfectionWarning(JsonNode plan) {
        for (JsonNode warning : plan.path("warnings")) {
            if ("critical".equals(warning.path("level").asText()) && "infection-not-excluded".equals(warning.path("code").asText())) {
                return true;
            }
        }
        return false;
    }
}
