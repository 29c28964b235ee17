package org.coppipeline.exclusion.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.CauseRule;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.KnowledgeVersion;

class CauseAssessmentRendererTest {

    private static JsonNode render(ObjectNode record) {
        return CauseAssessmentRenderer.render(ContractExamplesTest.EXCLUSION.assess(ContractExamplesTest.BINDER.bind(record)),
                ExclusionThresholds.defaults());
    }

    private static JsonNode renderV2(ObjectNode record) {
        return CauseAssessmentRenderer.render(ContractExamplesTest.EXCLUSION_V2.assess(ContractExamplesTest.BINDER.bind(record)),
                ExclusionThresholds.defaults(KnowledgeVersion.V2));
    }

    private static ObjectNode example(String name) {
        return Examples.scoredRecord(Examples.read(Examples.files().stream()
                .filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow()));
    }

    private static JsonNode json(String text) {
        try {
            return Examples.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void topLevelFieldsCarryTheContractNamesInOrder() {
        JsonNode out = render(example("amiodarone-secondary-op.json"));
        assertEquals(List.of("categories", "opEvidence", "opEvidenceReason", "opEvidenceSource", "conclusion", "conclusionSource",
                "alternativeDiagnoses", "nextSteps", "reasons", "warnings", "thresholds", "knowledgeVersion"),
                Examples.JSON.convertValue(out, java.util.Map.class).keySet().stream().toList());
        assertEquals(List.of("infection", "drug", "radiation", "connective-tissue-disease", "hematologic-malignancy",
                "inflammatory-bowel-disease", "transplant", "aspiration-exposure"),
                Examples.JSON.convertValue(out.get("categories"), java.util.Map.class).keySet().stream().toList());
        assertEquals("cop-knowledge-v1", out.get("knowledgeVersion").asText());
        assertEquals(json("{\"drugWindowDays\":90,\"radiotherapyWindowDays\":365,\"balEosinophilPercent\":25.0}"),
                out.get("thresholds"));
    }

    @Test
    void aCategoryHasStatusEvidenceNextStepsAndSource() {
        JsonNode drug = render(example("amiodarone-secondary-op.json")).path("categories").path("drug");
        assertEquals(json("""
                {"status":"present",
                 "evidence":["Amiodarone (current): on the OP drug list by name (BMJ-BP)"],
                 "nextSteps":[],
                 "source":{"ruleId":"EX-DRUG-WINDOW","citations":["Camus-2004","Nishino-2016","DESIGN"],"mark":"U"}}
                """), drug);
    }

    @Test
    void opEvidenceAndConclusionAreStringsWithTheirSourcesBeside() {
        JsonNode out = render(example("amiodarone-secondary-op.json"));
        assertEquals("probable", out.get("opEvidence").asText());
        assertEquals(json("{\"ruleId\":\"OP-PROBABLE-CT\",\"citations\":[\"KoreanGL-2021\",\"Faria-2015\",\"Ujita-2004\",\"MSD\","
                + "\"Maturu-2014\"],\"mark\":\"V\"}"), out.get("opEvidenceSource"));
        assertEquals("CT: bilateral-consolidation, ground-glass with peripheral-distribution, migratory-opacities",
                out.get("opEvidenceReason").asText());
        assertEquals("secondary-op", out.get("conclusion").asText());
        assertEquals("CX-SECONDARY", out.path("conclusionSource").path("ruleId").asText());
    }

    @Test
    void reasonsCarryTextAndSourceInFiringOrder() {
        JsonNode reasons = render(example("amiodarone-secondary-op.json")).get("reasons");
        assertEquals(json("{\"text\":\"on the list of drugs reported to cause organizing pneumonia: Amiodarone\","
                + "\"source\":{\"ruleId\":\"EX-DRUG-LIST\",\"citations\":[\"BMJ-BP\",\"Nishino-2016\",\"Radzikowska&Fijolek-2023\"],"
                + "\"mark\":\"V\"}}"), reasons.get(1));
        assertEquals("CX-SECONDARY", reasons.get(reasons.size() - 1).path("source").path("ruleId").asText());
        assertEquals(11, reasons.size());
    }

    @Test
    void nextStepsOfTheConclusion() {
        assertEquals(json("[\"chest CT\"]"), render(example("symptoms-only.json")).get("nextSteps"));
        assertEquals(json("[\"biopsy if the course is atypical or treatment fails\"]"),
                render(example("mild-improving.json")).get("nextSteps"));
        assertEquals(json("[\"infection (incomplete): blood-culture (result pending); respiratory-pcr-panel\"]"),
                render(example("infection-pending.json")).get("nextSteps"));
    }

    @Test
    void alternativeDiagnosesHaveDiagnosisReasonAndSource() {
        assertEquals(json("""
                [{"diagnosis":"infectious pneumonia","reason":"resolved on antibiotics",
                  "source":{"ruleId":"OP-UNLIKELY-ABX","citations":["Raghu&Meyer-2021","Shimoda-2023","DESIGN"],"mark":"U"}}]
                """), render(example("antibiotics-worked.json")).get("alternativeDiagnoses"));
    }

    @Test
    void warningsHaveLevelCodeAndMessage() {
        ObjectNode record = example("classic-cop-moderate.json");
        record.remove("symptomAssessment");
        JsonNode warnings = render(record).get("warnings");
        assertEquals(1, warnings.size());
        assertEquals("warning", warnings.get(0).get("level").asText());
        assertEquals("suspicion-unknown", warnings.get(0).get("code").asText());
        assertEquals(List.of("level", "code", "message"),
                Examples.JSON.convertValue(warnings.get(0), java.util.Map.class).keySet().stream().toList());
    }

    @Test
    void sourceShapeIsRuleIdCitationsMark() {
        assertEquals(json("{\"ruleId\":\"CX-SUSPECTED\",\"citations\":[\"MSD\",\"KoreanGL-2021\"],\"mark\":\"V\"}"),
                CauseAssessmentRenderer.source(CauseRule.CX_SUSPECTED));
    }

    @Test
    void everyExampleRendersEveryCategoryWithItsSource() {
        for (Path file : Examples.files()) {
            JsonNode categories = render(Examples.scoredRecord(Examples.read(file))).get("categories");
            categories.forEach(c -> {
                assertEquals(true, c.path("source").path("ruleId").asText().startsWith("EX-"), file.toString());
                assertEquals(true, c.get("evidence").isArray() && c.get("nextSteps").isArray(), file.toString());
            });
        }
    }

    @Test
    void v2KeepsTheTopLevelShapeAndAddsThePrednisoneThreshold() {
        JsonNode out = renderV2(example("amiodarone-secondary-op.json"));
        assertEquals(List.of("categories", "opEvidence", "opEvidenceReason", "opEvidenceSource", "conclusion", "conclusionSource",
                "alternativeDiagnoses", "nextSteps", "reasons", "warnings", "thresholds", "knowledgeVersion"),
                Examples.JSON.convertValue(out, java.util.Map.class).keySet().stream().toList());
        assertEquals("cop-knowledge-v2", out.get("knowledgeVersion").asText());
        assertEquals(json("{\"drugWindowDays\":180,\"radiotherapyWindowDays\":365,\"balEosinophilPercent\":25.0,"
                + "\"immunocompromisedPrednisoneMgPerDay\":20.0}"), out.get("thresholds"));
    }

    @Test
    void aV2PresentDrugCategoryNamesItsDrugs() {
        JsonNode drug = renderV2(example("amiodarone-secondary-op.json")).path("categories").path("drug");
        assertEquals(json("""
                {"status":"present",
                 "drugs":["amiodarone"],
                 "evidence":["Amiodarone (current): on the OP drug list by name (BMJ-BP)"],
                 "nextSteps":[],
                 "source":{"ruleId":"EX-DRUG-WINDOW","citations":["BMJ-BP"],"mark":"U"}}
                """), drug);
        assertEquals(false, renderV2(example("classic-cop-moderate.json")).path("categories").path("drug").has("drugs"));
    }

    @Test
    void v2AlternativesCarryTheirNextSteps() {
        ObjectNode record = example("amiodarone-secondary-op.json");
        ((ObjectNode) record.at("/imaging/ct")).putArray("findings").add("mass").add("ground-glass").add("reversed-halo");
        ((ObjectNode) record.get("patient")).put("immunocompromised", true);
        assertEquals(json("""
                [{"diagnosis":"malignancy","reason":"CT mass","nextSteps":["tissue diagnosis"],
                  "source":{"ruleId":"OP-ALT-MALIGNANCY","citations":["Cordier-1989"],"mark":"U"}},
                 {"diagnosis":"invasive fungal infection (e.g. mucormycosis)",
                  "reason":"CT reversed-halo, immunocompromised: reported immunocompromised",
                  "nextSteps":["BAL fungal studies","fungal markers"],
                  "source":{"ruleId":"OP-REVERSED-HALO-IMMUNOCOMPROMISED","citations":["Maturu-2014"],"mark":"V"}}]
                """), renderV2(record).get("alternativeDiagnoses"));
        assertEquals(json("""
                [{"diagnosis":"infectious pneumonia","reason":"resolved on antibiotics","nextSteps":[],
                  "source":{"ruleId":"OP-UNLIKELY-ABX","citations":["Raghu&Meyer-2021","Shimoda-2023","DESIGN"],"mark":"U"}}]
                """), renderV2(example("antibiotics-worked.json")).get("alternativeDiagnoses"));
    }

    @Test
    void v2InfectionNextStepsFollowItsPanel() {
        assertEquals(json("[\"infection (incomplete): blood-culture (result pending)\"]"),
                renderV2(example("infection-pending.json")).get("nextSteps"));
        assertEquals(json("{\"ruleId\":\"EX-INF-EXCLUDED\",\"citations\":[\"BMJ-BP\",\"Cordier-2006\"],\"mark\":\"U\"}"),
                renderV2(example("mild-improving.json")).at("/categories/infection/source"));
    }
}
