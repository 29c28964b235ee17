package org.coppipeline.treatment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.coppipeline.treatment.domain.KnowledgeVersion;

/**
 * The patterns of published case reports that CONTRACT 9 "4.3 v2" answers, as records through the whole stage
 * (binding, rules, rendering), under v2 and, where v1 answered them differently, under v1.
 */
class PublishedCasePatternsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TreatmentStage STAGE = DefaultStage.with(MAPPER);
    private static final String[] CATEGORIES = { "infection", "drug", "radiation", "connective-tissue-disease",
            "hematologic-malignancy", "inflammatory-bowel-disease", "transplant", "aspiration-exposure" };

    /** SpO2 93 at rest, progressive, CRP 85: moderate in both versions. */
    private static final String MODERATE = "'measurements': {'spo2RestPercent': 93, 'crpMgPerL': 85, 'respiratorySupport': 'none'},"
            + "'course': {'trajectory': 'progressive'}";
    /** SpO2 86 on high-flow, rapidly progressive: severe in both versions. */
    private static final String SEVERE = "'measurements': {'spo2RestPercent': 86, 'respiratorySupport': 'high-flow'},"
            + "'course': {'trajectory': 'rapidly-progressive'}";
    /** SpO2 97 at rest, improving, no extent marker: mild in both versions. */
    private static final String MILD = "'measurements': {'spo2RestPercent': 97, 'dlcoPercentPredicted': 72,"
            + "'spo2ExertionNadirPercent': 93}, 'course': {'trajectory': 'improving'}, 'imaging': {'ct': {'performed': true,"
            + "'lobesInvolved': 1, 'findings': ['unilateral-consolidation', 'peripheral-distribution']}}";

    /**
     * A record as the exclusion stage forwards it: every category excluded unless {@code statuses} says otherwise; a
     * present drug category names amiodarone, as exclusion v2 writes it.
     */
    private static ObjectNode record(String findings, String conclusion, String opEvidence, Map<String, String> statuses)
            throws Exception {
        List<String> categories = new ArrayList<>();
        for (String name : CATEGORIES) {
            String status = statuses.getOrDefault(name, "excluded");
            String drugs = name.equals("drug") && status.equals("present") ? ", 'drugs': ['amiodarone']" : "";
            categories.add("'" + name + "': {'status': '" + status + "', 'evidence': []" + drugs + "}");
        }
        String json = "{'eventId': 'e-1', 'caseId': 'PUB-9', 'hospitalId': 'hosp-a', 'patient': {'ageYears': 67, 'weightKg': 80},"
                + findings + ", 'causeAssessment': {'conclusion': '" + conclusion + "', 'opEvidence': '" + opEvidence + "',"
                + "'categories': {" + String.join(", ", categories) + "}}}";
        return (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
    }

    private static JsonNode plan(ObjectNode record, KnowledgeVersion version) {
        return STAGE.assess(record.deepCopy(), version);
    }

    private static List<String> causeActions(JsonNode plan) {
        List<String> actions = new ArrayList<>();
        plan.path("causeActions").forEach(a -> actions.add(a.path("category").asText() + ": " + a.path("action").asText()));
        return actions;
    }

    private static boolean critical(JsonNode plan) {
        for (JsonNode warning : plan.path("warnings")) {
            if (warning.path("level").asText().equals("critical") && warning.path("code").asText().equals("infection-not-excluded")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void amiodaroneSecondaryOpModerateWithInfectionExcludedGetsOralPrednisoneInV2() throws Exception {
        ObjectNode record = record(MODERATE, "secondary-op", "probable", Map.of("drug", "present"));
        JsonNode v2 = plan(record, KnowledgeVersion.V2);
        assertEquals("moderate", v2.path("severity").asText());
        assertEquals("oral-glucocorticoid", v2.path("recommendation").asText());
        assertTrue(v2.path("glucocorticoidRecommended").asBoolean());
        assertEquals("oral-prednisone-taper", v2.path("regimen").path("name").asText());
        assertEquals(List.of("drug: withdraw amiodarone and avoid re-exposure"), causeActions(v2));
        assertEquals("TX-SECONDARY-GC", v2.path("reasons").path(1).path("source").path("ruleId").asText());
        assertFalse(critical(v2));

        JsonNode v1 = plan(record, KnowledgeVersion.V1);
        assertEquals("treat-underlying-cause", v1.path("recommendation").asText());
        assertFalse(v1.path("glucocorticoidRecommended").asBoolean());
        assertTrue(v1.path("causeActions").isMissingNode());
    }

    @Test
    void severeRadiationOpWithInfectionExcludedGetsIvGlucocorticoid() throws Exception {
        ObjectNode record = record(SEVERE, "secondary-op", "probable", Map.of("radiation", "present"));
        JsonNode v2 = plan(record, KnowledgeVersion.V2);
        assertEquals("severe", v2.path("severity").asText());
        assertEquals("iv-glucocorticoid", v2.path("recommendation").asText());
        assertTrue(v2.path("glucocorticoidRecommended").asBoolean());
        assertEquals("iv-methylprednisolone-then-oral-prednisone", v2.path("regimen").path("name").asText());
        assertEquals(List.of("radiation: no removable cause (radiation): follow the plan"), causeActions(v2));
        assertEquals("treat-underlying-cause", plan(record, KnowledgeVersion.V1).path("recommendation").asText());
    }

    @Test
    void radiationOpRelapsingOnTaperGetsTheRelapseRegimen() throws Exception {
        ObjectNode record = record(MODERATE + ", 'treatmentHistory': {'relapseOnTaper': true, 'currentPrednisoneMgPerDay': 10}",
                "secondary-op", "probable", Map.of("radiation", "present"));
        JsonNode v2 = plan(record, KnowledgeVersion.V2);
        assertEquals("relapse-regimen", v2.path("recommendation").asText());
        assertTrue(v2.path("glucocorticoidRecommended").asBoolean());
        assertEquals("relapse-prednisone-taper", v2.path("regimen").path("name").asText());
        // the relapse flag is used under v2, so no warning says it is not
        v2.path("warnings").forEach(w -> assertFalse(w.path("code").asText().equals("relapse-flag-not-used")));

        JsonNode v1 = plan(record, KnowledgeVersion.V1);
        assertEquals("treat-underlying-cause", v1.path("recommendation").asText());
        assertTrue(v1.path("warnings").findValuesAsText("code").contains("relapse-flag-not-used"));
    }

    @Test
    void severeSecondaryOpWithInfectionIncompleteTreatsTheCauseWithTheCriticalWarning() throws Exception {
        ObjectNode record = record(SEVERE, "secondary-op", "probable", Map.of("drug", "present", "infection", "incomplete"));
        for (KnowledgeVersion version : KnowledgeVersion.values()) {
            JsonNode plan = plan(record, version);
            assertEquals("severe", plan.path("severity").asText(), version.code());
            assertEquals("treat-underlying-cause", plan.path("recommendation").asText(), version.code());
            assertFalse(plan.path("glucocorticoidRecommended").asBoolean(), version.code());
            assertTrue(plan.path("regimen").isNull(), version.code());
            assertTrue(critical(plan), version.code());
        }
        assertEquals(List.of("drug: withdraw amiodarone and avoid re-exposure"), causeActions(plan(record, KnowledgeVersion.V2)));
    }

    @Test
    void mildSecondaryOpTreatsTheCause() throws Exception {
        ObjectNode record = record(MILD, "secondary-op", "probable", Map.of("drug", "present"));
        JsonNode v2 = plan(record, KnowledgeVersion.V2);
        assertEquals("mild", v2.path("severity").asText());
        assertEquals("treat-underlying-cause", v2.path("recommendation").asText());
        assertFalse(v2.path("glucocorticoidRecommended").asBoolean());
        assertEquals(List.of("drug: withdraw amiodarone and avoid re-exposure"), causeActions(v2));
    }

    @Test
    void suspectedOpOnAmiodaroneSaysWithdrawItWhileTheWorkupGoesOn() throws Exception {
        Map<String, String> open = Map.of("infection", "not-assessed", "drug", "present", "radiation", "not-assessed",
                "connective-tissue-disease", "not-assessed", "hematologic-malignancy", "not-assessed");
        ObjectNode record = record(MODERATE, "suspected-op", "suspected", open);
        JsonNode v2 = plan(record, KnowledgeVersion.V2);
        assertEquals("complete-workup", v2.path("recommendation").asText());
        assertFalse(v2.path("glucocorticoidRecommended").asBoolean());
        assertEquals(List.of("drug: withdraw amiodarone and avoid re-exposure"), causeActions(v2));
        assertTrue(critical(v2));
        assertTrue(plan(record, KnowledgeVersion.V1).path("causeActions").isMissingNode());
    }

    @Test
    void improvingPatientWithLowDlcoIsModerateInV2() throws Exception {
        String findings = "'measurements': {'spo2RestPercent': 95, 'dlcoPercentPredicted': 40},"
                + "'course': {'trajectory': 'improving'}";
        ObjectNode record = record(findings, "cop-probable", "probable", Map.of());
        JsonNode v2 = plan(record, KnowledgeVersion.V2);
        assertEquals("moderate", v2.path("severity").asText());
        assertEquals("SV-EXTENT", v2.path("severityCriteria").path(0).path("source").path("ruleId").asText());
        assertEquals("oral-glucocorticoid", v2.path("recommendation").asText());

        JsonNode v1 = plan(record, KnowledgeVersion.V1);
        assertEquals("mild", v1.path("severity").asText());
        assertEquals("observe", v1.path("recommendation").asText());
    }
}
