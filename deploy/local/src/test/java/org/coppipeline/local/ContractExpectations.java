package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The checks of a contract example's "expected" block against a record or case view carrying the three sections.
 * The examples' own "expected" blocks are knowledge v1 (CONTRACT 4); the stack runs v2 by default (CONTRACT 9), whose
 * expectations sit next to them in contract/expected-v2.json, generated once from the v2 rule cores and reviewed.
 */
final class ContractExpectations {
    static final String V1 = "cop-knowledge-v1";
    static final String V2 = "cop-knowledge-v2";

    static final List<String> CATEGORIES = List.of("infection", "drug", "radiation", "connective-tissue-disease",
            "hematologic-malignancy", "inflammatory-bowel-disease", "transplant", "aspiration-exposure");

    private ContractExpectations() {
    }

    /** Expected outcome of each example under knowledge v2, by example name. */
    static Map<String, JsonNode> v2() {
        try (InputStream in = ContractExpectations.class.getResourceAsStream("/contract/expected-v2.json")) {
            if (in == null) {
                throw new IllegalStateException("contract/expected-v2.json missing from the test resources");
            }
            Map<String, JsonNode> byName = new TreeMap<>();
            new ObjectMapper().readTree(in).fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue()));
            return byName;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        if (expected.has("causeActions")) {
            // v2 only: one cause action per present category, in the categories' order.
            checks.add(() -> assertEquals(expected.get("causeActions"), causeActionCategories(plan), "treatmentPlan.causeActions[].category"));
        }
        return checks;
    }

    static JsonNode causeActionCategories(JsonNode plan) {
        ArrayNode categories = JsonNodeFactory.instance.arrayNode();
        for (JsonNode action : plan.path("causeActions")) {
            categories.add(action.path("category"));
        }
        return categories;
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
