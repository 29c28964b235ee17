package org.coppipeline.exclusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.binding.Examples;
import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * The published case-report patterns that knowledge v2 answers (CONTRACT section 9), each through binding, rules
 * and rendering, under v2 and, where v1 read them differently, under v1. Each starts from the amiodarone example
 * (a typical CT, every cause but drug worked up and excluded) and changes what the pattern is about.
 */
class PublishedCasePatternsTest {

    private static final ExclusionStage STAGE = ExclusionStage.withDefaults();

    private static ObjectNode amiodaroneCase() {
        return Examples.scoredRecord(Examples.read(Examples.files().stream()
                .filter(p -> p.getFileName().toString().equals("amiodarone-secondary-op.json")).findFirst().orElseThrow()));
    }

    private static ObjectNode ct(ObjectNode record, String... findings) {
        ArrayNode list = ((ObjectNode) record.at("/imaging/ct")).putArray("findings");
        for (String finding : findings) {
            list.add(finding);
        }
        return record;
    }

    private static ObjectNode microbiology(ObjectNode record, String... testResults) {
        ArrayNode list = ((ObjectNode) record.get("tests")).putArray("microbiology");
        for (String testResult : testResults) {
            String[] parts = testResult.split("=");
            list.addObject().put("test", parts[0]).put("result", parts[1]);
        }
        return record;
    }

    private static ObjectNode withoutDrug(ObjectNode record) {
        ((ObjectNode) record.get("history")).putArray("medications").addObject().put("name", "lisinopril").put("current", true);
        return record;
    }

    private static JsonNode v2(ObjectNode record) {
        return STAGE.assess(record, KnowledgeVersion.V2);
    }

    private static JsonNode v1(ObjectNode record) {
        return STAGE.assess(record, KnowledgeVersion.V1);
    }

    private static String status(JsonNode section, String category) {
        return section.at("/categories/" + category + "/status").asText();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(field == null ? item.asText() : item.get(field).asText()));
        return texts;
    }

    @Test
    void aSurgicallyProvenFocalOpPresentingAsAMassOnAmiodaroneIsConfirmedSecondaryOp() {
        ObjectNode record = ct(amiodaroneCase(), "mass");
        record.putObject("histology").put("method", "surgical").put("pattern", "organizing-pneumonia");
        JsonNode v2 = v2(record);
        assertEquals("confirmed", v2.get("opEvidence").asText());
        assertEquals("secondary-op", v2.get("conclusion").asText());
        assertEquals("present", status(v2, "drug"));
        assertEquals(List.of("amiodarone"), texts(v2.at("/categories/drug/drugs"), null));
        assertEquals(List.of(), texts(v2.get("alternativeDiagnoses"), "diagnosis"), "no malignancy alternative");
        assertEquals(List.of(), texts(v2.get("warnings"), "code"));
        // v1 let the mass override the biopsy
        assertEquals("unlikely", v1(record).get("opEvidence").asText());
        assertEquals("op-unlikely", v1(record).get("conclusion").asText());
    }

    @Test
    void theSameMassOnATransbronchialBiopsyIsProbableWithAWarningAndMalignancyToRuleOut() {
        ObjectNode record = ct(amiodaroneCase(), "mass");
        record.putObject("histology").put("method", "transbronchial").put("pattern", "organizing-pneumonia");
        JsonNode v2 = v2(record);
        assertEquals("probable", v2.get("opEvidence").asText());
        assertEquals("OP-HISTOLOGY-SMALL-BIOPSY", v2.at("/opEvidenceSource/ruleId").asText());
        assertEquals("secondary-op", v2.get("conclusion").asText());
        assertEquals(List.of("small-biopsy-of-a-mass"), texts(v2.get("warnings"), "code"));
        assertEquals("warning", v2.at("/warnings/0/level").asText());
        assertEquals(List.of("malignancy"), texts(v2.get("alternativeDiagnoses"), "diagnosis"));
        assertEquals(List.of("tissue diagnosis"), texts(v2.at("/alternativeDiagnoses/0/nextSteps"), null));
        assertEquals("OP-ALT-MALIGNANCY", v2.at("/alternativeDiagnoses/0/source/ruleId").asText());
    }

    @Test
    void amiodaroneStoppedThreeHundredDaysAgoIsStillACauseInV2Only() {
        ObjectNode record = amiodaroneCase();
        ((ObjectNode) record.at("/history/medications/0")).put("current", false).put("stoppedDaysAgo", 300);
        JsonNode v2 = v2(record);
        assertEquals("present", status(v2, "drug"));
        assertEquals(List.of("amiodarone"), texts(v2.at("/categories/drug/drugs"), null));
        assertEquals("secondary-op", v2.get("conclusion").asText());
        JsonNode v1 = v1(record);
        assertEquals("excluded", status(v1, "drug"));
        assertEquals("cop-probable", v1.get("conclusion").asText());
    }

    @Test
    void aCtWithOnlyNodulesAndModerateSuspicionIsSuspectedAndAsksForABiopsy() {
        ObjectNode record = ct(withoutDrug(amiodaroneCase()), "nodules");
        ((ObjectNode) record.get("symptomAssessment")).put("suspicion", "moderate");
        JsonNode v2 = v2(record);
        assertEquals("suspected", v2.get("opEvidence").asText());
        assertEquals("OP-CT-ATYPICAL-NOT-AGAINST", v2.at("/opEvidenceSource/ruleId").asText());
        assertEquals("suspected-op", v2.get("conclusion").asText());
        assertEquals(List.of("biopsy"), texts(v2.get("nextSteps"), null));
        assertEquals("op-unlikely", v1(record).get("conclusion").asText(), "v1: a performed CT without its pattern");
    }

    @Test
    void aReversedHaloAfterAStemCellTransplantGivesNoOpCreditAndPointsToMould() {
        ObjectNode record = ct(withoutDrug(amiodaroneCase()), "ground-glass", "reversed-halo");
        ((ObjectNode) record.get("history")).putArray("conditions").add("hematopoietic-stem-cell-transplant");
        ((ObjectNode) record.get("symptomAssessment")).put("suspicion", "moderate");
        JsonNode v2 = v2(record);
        assertEquals("suspected", v2.get("opEvidence").asText(), "not probable from the halo");
        assertEquals(List.of("invasive fungal infection (e.g. mucormycosis)"), texts(v2.get("alternativeDiagnoses"), "diagnosis"));
        assertEquals(List.of("BAL fungal studies", "fungal markers"), texts(v2.at("/alternativeDiagnoses/0/nextSteps"), null));
        assertEquals(List.of("reversed-halo-immunocompromised"), texts(v2.get("warnings"), "code"));
        assertEquals("warning", v2.at("/warnings/0/level").asText());
        // the transplant also asks for the immunocompromised infection panel
        assertEquals("incomplete", status(v2, "infection"));
        assertEquals(List.of("bal-pneumocystis", "fungal-markers"), texts(v2.at("/categories/infection/nextSteps"), null));
        assertEquals("probable", v1(record).get("opEvidence").asText(), "v1 credited the halo");
    }

    @Test
    void aBalCultureAndBalStainsNegativeExcludeInfectionInV2Only() {
        ObjectNode record = microbiology(amiodaroneCase(), "bal-culture=negative", "bal-stains=negative");
        assertEquals("excluded", status(v2(record), "infection"));
        JsonNode v1 = v1(record);
        assertEquals("incomplete", status(v1, "infection"));
        assertEquals(List.of("blood-culture", "respiratory-pcr-panel"), texts(v1.at("/categories/infection/nextSteps"), null));
    }

    @Test
    void anImmunocompromisedPatientWithoutPneumocystisAndFungalMarkersIsIncompleteNamingThem() {
        ObjectNode record = microbiology(withoutDrug(amiodaroneCase()), "sputum-culture=negative", "blood-culture=negative");
        ((ObjectNode) record.get("patient")).put("immunocompromised", true);
        JsonNode v2 = v2(record);
        assertEquals("incomplete", status(v2, "infection"));
        assertEquals(List.of("bal-pneumocystis", "fungal-markers"), texts(v2.at("/categories/infection/nextSteps"), null));
        assertEquals("workup-incomplete", v2.get("conclusion").asText(), "probable OP, infection open: never COP");
        assertEquals(List.of("respiratory-pcr-panel"), texts(v1(record).at("/categories/infection/nextSteps"), null),
                "v1 asks for its own panel and does not read the host");
        microbiology(record, "sputum-culture=negative", "blood-culture=negative", "bal-pneumocystis=negative",
                "fungal-markers=negative");
        assertEquals("excluded", status(v2(record), "infection"));
        assertEquals("cop-probable", v2(record).get("conclusion").asText());
    }

    @Test
    void onePendingResultKeepsInfectionIncomplete() {
        ObjectNode record = microbiology(amiodaroneCase(), "sputum-culture=negative", "blood-culture=negative",
                "urinary-antigens=pending");
        JsonNode v2 = v2(record);
        assertEquals("incomplete", status(v2, "infection"));
        assertEquals(List.of("urinary-antigens (result pending)"), texts(v2.at("/categories/infection/nextSteps"), null));
        assertEquals("incomplete", status(v1(record), "infection"));
    }
}
