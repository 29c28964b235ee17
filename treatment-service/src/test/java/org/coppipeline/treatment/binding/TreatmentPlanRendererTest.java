package org.coppipeline.treatment.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.coppipeline.treatment.domain.Dose;
import org.coppipeline.treatment.domain.KnowledgeVersion;
import org.coppipeline.treatment.domain.TreatmentPlanner;
import org.coppipeline.treatment.domain.TreatmentThresholds;

class TreatmentPlanRendererTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode plan(String json) throws Exception {
        ObjectNode record = (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
        return TreatmentPlanRenderer.render(TreatmentPlanner.plan(new TreatmentInputBinder(MAPPER).bind(record, KnowledgeVersion.V1), TreatmentThresholds.defaults(), KnowledgeVersion.V1));
    }

    private static String allExcluded(String conclusion, String evidence) {
        return "'causeAssessment': {'conclusion': '" + conclusion + "', 'opEvidence': '" + evidence + "', 'categories': {"
                + "'infection': {'status': 'excluded'}, 'drug': {'status': 'excluded'}, 'radiation': {'status': 'excluded'},"
                + "'connective-tissue-disease': {'status': 'excluded'}, 'hematologic-malignancy': {'status': 'excluded'},"
                + "'inflammatory-bowel-disease': {'status': 'excluded'}, 'transplant': {'status': 'excluded'},"
                + "'aspiration-exposure': {'status': 'excluded'}}}";
    }

    @Test
    void oralPlanWithTheContractNames() throws Exception {
        ObjectNode plan = plan("{'patient': {'weightKg': 70}, 'course': {'trajectory': 'progressive'},"
                + "'measurements': {'spo2RestPercent': 95, 'fvcPercentPredicted': 85}, 'history': {'conditions': ['diabetes']},"
                + allExcluded("cop-confirmed", "confirmed") + "}");
        assertEquals(List.of("severity", "severityCriteria", "recommendation", "glucocorticoidRecommended", "regimen", "alternatives",
                "precautions", "followUp", "warnings", "reasons", "knowledgeVersion"), fieldNames(plan));
        assertEquals("moderate", plan.path("severity").asText());
        assertEquals("SV-MODERATE", plan.path("severityCriteria").path(0).path("source").path("ruleId").asText());
        assertTrue(plan.path("severityCriteria").path(0).path("criterion").asText().startsWith("not severe"));
        assertEquals("oral-glucocorticoid", plan.path("recommendation").asText());
        assertTrue(plan.path("glucocorticoidRecommended").asBoolean());
        assertEquals("cop-knowledge-v1", plan.path("knowledgeVersion").asText());

        JsonNode regimen = plan.path("regimen");
        assertEquals("oral-prednisone-taper", regimen.path("name").asText());
        assertTrue(regimen.path("requiresClinicalReview").asBoolean());
        assertTrue(regimen.path("clinicalReview").asText().startsWith("requires clinical review: TX-ORAL-PRED"));
        assertEquals(MAPPER.readTree("{\"ruleId\":\"TX-ORAL-PRED\",\"citations\":[\"Lazor-2000\",\"Cordier-2006\",\"GERMOP-CAM-2018\","
                + "\"Radzikowska-2017\",\"BMJ-BP\"],\"mark\":\"U\"}"), regimen.path("source"));
        assertEquals(168, regimen.path("totalDays").asInt());
        JsonNode first = regimen.path("steps").path(0);
        assertEquals("prednisone", first.path("drug").asText());
        assertEquals("oral", first.path("route").asText());
        assertEquals(4, first.path("weeks").asInt());
        assertTrue(first.path("weeks").isIntegralNumber());
        assertEquals(28, first.path("days").asInt());
        // 70 kg x 0.75 = 52.5 -> 55 mg
        assertEquals(MAPPER.readTree("{\"amount\":55,\"unit\":\"mg/day\",\"computedFrom\":{\"amountPerKg\":0.75,\"unit\":\"mg/kg/day\","
                + "\"weightKg\":70,\"exactAmount\":52.5},\"text\":\"55 mg/day (0.75 mg/kg/day x 70 kg = 52.5 mg, rounded to the nearest 5 mg)\"}"),
                first.path("dose"));
        assertEquals("TX-ORAL-PRED", first.path("source").path("ruleId").asText());
        assertEquals(MAPPER.readTree("{\"amount\":20,\"unit\":\"mg/day\",\"text\":\"20 mg/day\"}"), regimen.path("steps").path(2).path("dose"));

        assertEquals(List.of("pneumocystis-prophylaxis", "bone-protection", "glucose-monitoring", "relapse-surveillance"),
                texts(plan.path("precautions"), "code"));
        assertEquals("PC-PJP", plan.path("precautions").path(0).path("source").path("ruleId").asText());
        assertEquals("V", plan.path("precautions").path(0).path("source").path("mark").asText());

        JsonNode warning = plan.path("warnings").path(0);
        assertEquals("warning", warning.path("level").asText());
        assertEquals("diabetes-glucose-control", warning.path("code").asText());
        assertTrue(warning.path("message").asText().contains("diabetes"));
        assertEquals("PC-GLUCOSE-DIABETES", warning.path("source").path("ruleId").asText());

        JsonNode alternative = plan.path("alternatives").path(0);
        assertEquals("clarithromycin", alternative.path("name").asText());
        assertEquals("observational, conflicting evidence", alternative.path("evidence").asText());
        assertTrue(alternative.path("requiresClinicalReview").asBoolean());
        assertEquals(MAPPER.readTree("{\"amount\":500,\"unit\":\"mg\",\"frequency\":\"twice daily\",\"text\":\"500 mg twice daily\"}"),
                alternative.path("steps").path(0).path("dose"));
        assertEquals(12, alternative.path("steps").path(0).path("weeks").asInt());
        assertEquals(2, alternative.path("cautions").size());
        assertEquals("TX-ALT-CLARITHRO-CAUTION", alternative.path("cautions").path(0).path("source").path("ruleId").asText());
        assertEquals("TX-ALT-CLARITHRO-ELIGIBLE", alternative.path("eligibility").path("source").path("ruleId").asText());
        assertEquals("TX-ALT-CLARITHRO-EVIDENCE", alternative.path("evidenceDetail").path("source").path("ruleId").asText());
        assertEquals("TX-ALT-CLARITHRO", alternative.path("source").path("ruleId").asText());
        assertEquals(4, alternative.path("sources").size());

        assertTrue(plan.path("reasons").size() > 5);
        plan.path("reasons").forEach(r -> {
            assertTrue(r.path("text").isTextual());
            assertTrue(r.path("source").path("ruleId").isTextual());
        });
    }

    @Test
    void noRegimenIsNullAndFollowUpCarriesDaysAndCategories() throws Exception {
        ObjectNode observe = plan("{'course': {'trajectory': 'improving'}, " + allExcluded("cop-probable", "probable") + "}");
        assertTrue(observe.path("regimen").isNull());
        assertTrue(observe.has("regimen"));
        assertEquals("observe", observe.path("recommendation").asText());
        JsonNode reassess = observe.path("followUp").path(0);
        assertEquals("reassess", reassess.path("code").asText());
        assertEquals(14, reassess.path("withinDays").asInt());
        assertTrue(reassess.path("category").isMissingNode());
        assertTrue(reassess.path("evidence").isMissingNode());

        ObjectNode secondary = plan("{'causeAssessment': {'conclusion': 'secondary-op', 'opEvidence': 'probable', 'categories': {"
                + "'infection': {'status': 'excluded'}, 'drug': {'status': 'present', 'evidence': ['amiodarone']}}}}");
        JsonNode action = secondary.path("followUp").path(0);
        assertEquals("remove-drug", action.path("code").asText());
        assertEquals("drug", action.path("category").asText());
        assertEquals("amiodarone", action.path("evidence").path(0).asText());
        assertTrue(action.path("withinDays").isMissingNode());
        assertEquals("TX-REC-TREAT-CAUSE", action.path("source").path("ruleId").asText());
    }

    @Test
    void v2PlacesCauseActionsBeforeTheRegimenAndNamesItsVersion() throws Exception {
        ObjectNode record = (ObjectNode) MAPPER.readTree(("{'course': {'trajectory': 'progressive'}, 'measurements': {'spo2RestPercent': 93},"
                + "'patient': {'weightKg': 70}, 'causeAssessment': {'conclusion': 'secondary-op', 'opEvidence': 'probable', 'categories': {"
                + "'infection': {'status': 'excluded'}, 'drug': {'status': 'present', 'evidence': ['amiodarone'], 'drugs': ['amiodarone']},"
                + "'aspiration-exposure': {'status': 'present'}}}}").replace('\'', '"'));
        ObjectNode plan = TreatmentPlanRenderer.render(TreatmentPlanner.plan(new TreatmentInputBinder(MAPPER).bind(record, KnowledgeVersion.V2),
                TreatmentThresholds.defaults(), KnowledgeVersion.V2));
        assertEquals(List.of("severity", "severityCriteria", "recommendation", "glucocorticoidRecommended", "causeActions", "regimen",
                "alternatives", "precautions", "followUp", "warnings", "reasons", "knowledgeVersion"), fieldNames(plan));
        assertEquals("cop-knowledge-v2", plan.path("knowledgeVersion").asText());
        assertEquals("oral-glucocorticoid", plan.path("recommendation").asText());
        assertEquals(MAPPER.readTree("[{\"category\":\"drug\",\"action\":\"withdraw amiodarone and avoid re-exposure\","
                + "\"source\":{\"ruleId\":\"TX-CAUSE-ACTIONS\",\"citations\":[\"BMJ-BP\"],\"mark\":\"U\"}},"
                + "{\"category\":\"aspiration-exposure\",\"action\":\"stop the exposure\","
                + "\"source\":{\"ruleId\":\"TX-CAUSE-ACTIONS\",\"citations\":[\"BMJ-BP\"],\"mark\":\"U\"}}]"),
                plan.path("causeActions"));
        JsonNode ladder = plan.path("reasons").path(1);
        assertEquals("TX-SECONDARY-GC", ladder.path("source").path("ruleId").asText());
        assertEquals(List.of("GERMOP-CAM-2018", "IJMS-RIOP-2017", "Nishino-2016", "BMJ-BP"),
                texts(ladder.path("source").path("citations"), null));
    }

    @Test
    void v2WritesAnEmptyCauseActionsListWhenNoCauseIsPresent() throws Exception {
        ObjectNode record = (ObjectNode) MAPPER.readTree(("{'course': {'trajectory': 'improving'}, " + allExcluded("cop-probable", "probable")
                + "}").replace('\'', '"'));
        ObjectNode plan = TreatmentPlanRenderer.render(TreatmentPlanner.plan(new TreatmentInputBinder(MAPPER).bind(record, KnowledgeVersion.V2),
                TreatmentThresholds.defaults(), KnowledgeVersion.V2));
        assertTrue(plan.path("causeActions").isArray());
        assertEquals(0, plan.path("causeActions").size());
    }

    @Test
    void criticalWarningRendering() throws Exception {
        ObjectNode plan = plan("{'causeAssessment': {'conclusion': 'suspected-op', 'opEvidence': 'suspected'}}");
        JsonNode critical = plan.path("warnings").path(0);
        assertEquals("critical", critical.path("level").asText());
        assertEquals("infection-not-excluded", critical.path("code").asText());
        assertEquals(MAPPER.readTree("{\"ruleId\":\"TX-GATE-INFECTION\",\"citations\":[\"Raghu&Meyer-2021\",\"KoreanGL-2025\"],\"mark\":\"V\"}"),
                critical.path("source"));
        assertTrue(plan.path("alternatives").isArray());
        assertEquals(0, plan.path("precautions").size());
    }

    @Test
    void doseShapes() {
        assertEquals("{\"amountPerKg\":0.75,\"unit\":\"mg/kg/day\",\"text\":\"0.75 mg/kg/day\"}",
                TreatmentPlanRenderer.dose(new Dose.MgPerKgPerDay(new BigDecimal("0.75"))).toString());
        assertEquals("{\"min\":500,\"max\":1000,\"unit\":\"mg/day\",\"text\":\"500-1000 mg/day\"}",
                TreatmentPlanRenderer.dose(new Dose.MgPerDayRange(BigDecimal.valueOf(500), BigDecimal.valueOf(1000))).toString());
        assertEquals("{\"amount\":50,\"unit\":\"mg/day\",\"text\":\"50 mg/day\"}",
                TreatmentPlanRenderer.dose(new Dose.MgPerDay(new BigDecimal("50.00"), Optional.empty())).toString());
    }

    @Test
    void numbersArePlain() {
        assertEquals("50", TreatmentPlanRenderer.number(new BigDecimal("5E+1")).toString());
        assertEquals("0.43", TreatmentPlanRenderer.number(new BigDecimal("0.430")).toString());
        assertEquals("300", TreatmentPlanRenderer.number(new BigDecimal("300.0")).toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The text of {@code field} of each element, or of each element itself when field is null. */
    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }
}
