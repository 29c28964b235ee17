package org.coppipeline.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.replay.ReplayComparison.Difference;
import org.coppipeline.gateway.replay.ReplayRecords.Status;

class ReplayComparisonTest {

    /** Sections shaped as the stages write them (CONTRACT 3), as the live view holds them under v2. */
    static ObjectNode baseline() {
        return (ObjectNode) JsonDiffTest.json("""
                {'symptomAssessment': {'suspicionScore': 11, 'suspicion': 'high', 'evidenceLevel': 'imaging',
                   'contributions': [{'finding': 'dyspnea', 'points': 1}, {'finding': 'age', 'points': 1}],
                   'knowledgeVersion': 'cop-knowledge-v2'},
                 'causeAssessment': {'conclusion': 'secondary-op', 'opEvidence': 'probable',
                   'categories': {'drug': {'status': 'present', 'drugs': ['amiodarone']}},
                   'knowledgeVersion': 'cop-knowledge-v2'},
                 'treatmentPlan': {'severity': 'moderate', 'recommendation': 'oral-glucocorticoid',
                   'glucocorticoidRecommended': true,
                   'warnings': [{'level': 'info', 'code': 'unvalidated-score', 'message': 'm'}],
                   'knowledgeVersion': 'cop-knowledge-v2'}}""");
    }

    static Map<String, Boolean> significance(JsonNode baseline, JsonNode candidate) {
        return ReplayComparison.compare(baseline, candidate).stream()
                .collect(Collectors.toMap(d -> d.change().path(), Difference::significant, (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    @Test
    void theRecommendationAndGlucocorticoidAreSignificantTheVersionAndAPointAreNot() {
        ObjectNode candidate = baseline();
        candidate.with("treatmentPlan").put("recommendation", "treat-underlying-cause").put("glucocorticoidRecommended", false);
        ((ArrayNode) candidate.with("symptomAssessment").get("contributions")).remove(1);
        for (String section : List.of("symptomAssessment", "causeAssessment", "treatmentPlan")) {
            candidate.with(section).put("knowledgeVersion", "cop-knowledge-v1");
        }
        ((ObjectNode) candidate.with("causeAssessment").get("categories").get("drug")).remove("drugs");

        assertThat(significance(baseline(), candidate)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/symptomAssessment/contributions/1", false,
                "/symptomAssessment/knowledgeVersion", false,
                "/causeAssessment/categories/drug/drugs", false,
                "/causeAssessment/knowledgeVersion", false,
                "/treatmentPlan/recommendation", true,
                "/treatmentPlan/glucocorticoidRecommended", true,
                "/treatmentPlan/knowledgeVersion", false));
        assertThat(ReplayComparison.summary("cop-knowledge-v1", Status.DONE, null, baseline(), candidate,
                ReplayComparison.compare(baseline(), candidate))).isEqualTo("Under cop-knowledge-v1: recommendation changes "
                        + "from oral-glucocorticoid to treat-underlying-cause; glucocorticoidRecommended changes from true "
                        + "to false; 5 other changes.");
    }

    @Test
    void conclusionAndSeverityAreSignificant() {
        ObjectNode candidate = baseline();
        candidate.with("causeAssessment").put("conclusion", "workup-incomplete");
        candidate.with("treatmentPlan").put("severity", "severe");
        assertThat(significance(baseline(), candidate)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/causeAssessment/conclusion", true, "/treatmentPlan/severity", true));
    }

    @Test
    void aCriticalWarningAddedRemovedOrChangedIsSignificantAnInfoWarningIsNot() {
        ObjectNode added = baseline();
        ((ArrayNode) added.with("treatmentPlan").get("warnings")).addObject()
                .put("level", "critical").put("code", "infection-not-excluded").put("message", "x");
        assertThat(significance(baseline(), added)).containsExactly(Map.entry("/treatmentPlan/warnings/1", true));
        assertThat(ReplayComparison.summary("v", Status.DONE, null, baseline(), added, ReplayComparison.compare(baseline(), added)))
                .isEqualTo("Under v: critical warning infection-not-excluded is added.");

        assertThat(significance(added, baseline())).containsExactly(Map.entry("/treatmentPlan/warnings/1", true));
        assertThat(ReplayComparison.summary("v", Status.DONE, null, added, baseline(), ReplayComparison.compare(added, baseline())))
                .isEqualTo("Under v: critical warning infection-not-excluded is removed.");

        ObjectNode reworded = added.deepCopy();
        ((ObjectNode) reworded.with("treatmentPlan").get("warnings").get(1)).put("message", "y");
        assertThat(significance(added, reworded)).containsExactly(Map.entry("/treatmentPlan/warnings/1/message", true));
        assertThat(ReplayComparison.summary("v", Status.DONE, null, added, reworded, ReplayComparison.compare(added, reworded)))
                .isEqualTo("Under v: a critical warning changes.");

        ObjectNode raised = baseline();
        ((ObjectNode) raised.with("treatmentPlan").get("warnings").get(0)).put("level", "critical");
        assertThat(significance(baseline(), raised)).containsExactly(Map.entry("/treatmentPlan/warnings/0/level", true));

        ObjectNode info = baseline();
        ((ArrayNode) info.with("treatmentPlan").get("warnings")).addObject().put("level", "info").put("code", "c");
        assertThat(significance(baseline(), info)).containsExactly(Map.entry("/treatmentPlan/warnings/1", false));
    }

    @Test
    void aWholeSectionAddedIsSignificantWhenItCarriesASignificantField() {
        ObjectNode unplanned = baseline();
        unplanned.remove("treatmentPlan");
        assertThat(significance(unplanned, baseline())).containsExactly(Map.entry("/treatmentPlan", true));
        ObjectNode unassessed = baseline();
        unassessed.remove("causeAssessment");
        unassessed.remove("treatmentPlan");
        ObjectNode scoredOnly = unassessed.deepCopy();
        scoredOnly.with("symptomAssessment").put("suspicionScore", 3);
        assertThat(significance(unassessed, scoredOnly)).containsExactly(Map.entry("/symptomAssessment/suspicionScore", false));
    }

    @Test
    void warningsReplacedAsAWholeAreSignificantOnlyWhenTheCriticalOnesDiffer() {
        ObjectNode noWarnings = baseline();
        noWarnings.with("treatmentPlan").put("warnings", "none");
        assertThat(significance(baseline(), noWarnings)).containsExactly(Map.entry("/treatmentPlan/warnings", false));
        ObjectNode critical = baseline();
        ((ObjectNode) critical.with("treatmentPlan").get("warnings").get(0)).put("level", "critical");
        assertThat(significance(noWarnings, critical)).containsExactly(Map.entry("/treatmentPlan/warnings", true));
    }

    @Test
    void summariesOfEveryState() {
        assertThat(ReplayComparison.summary("cop-knowledge-v1", Status.RUNNING, null, baseline(), null, List.of()))
                .isEqualTo("The replay under cop-knowledge-v1 is running.");
        assertThat(ReplayComparison.summary("cop-knowledge-v1", Status.FAILED, "no result", baseline(), null, List.of()))
                .isEqualTo("The replay under cop-knowledge-v1 failed: no result.");
        assertThat(ReplayComparison.summary("cop-knowledge-v1", Status.DONE, null, baseline(), baseline(), List.of()))
                .isEqualTo("Under cop-knowledge-v1 nothing changes.");
        ObjectNode minor = baseline();
        minor.with("symptomAssessment").put("suspicionScore", 10);
        assertThat(ReplayComparison.summary("cop-knowledge-v1", Status.DONE, null, baseline(), minor,
                ReplayComparison.compare(baseline(), minor))).isEqualTo("Under cop-knowledge-v1 the outcome is the same "
                        + "(conclusion, recommendation, glucocorticoid, severity and critical warnings unchanged); 1 other change.");
    }
}
