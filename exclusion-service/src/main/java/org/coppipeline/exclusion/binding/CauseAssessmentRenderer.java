package org.coppipeline.exclusion.binding;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.exclusion.domain.AlternativeDiagnosis;
import org.coppipeline.exclusion.domain.CategoryAssessment;
import org.coppipeline.exclusion.domain.CauseAssessment;
import org.coppipeline.exclusion.domain.CauseRule;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.KnowledgeVersion;
import org.coppipeline.exclusion.domain.Reason;
import org.coppipeline.exclusion.domain.Warning;

/**
 * Renders the causeAssessment section with the names of CONTRACT section 3 (categories, opEvidence,
 * conclusion, alternativeDiagnoses, knowledgeVersion) plus the sources, reasons, next steps and warnings
 * behind them. Every source has the shape {"ruleId","citations","mark"}. Knowledge v1 renders exactly what it
 * always did; v2 adds a present drug category's "drugs", every alternative's "nextSteps" and the prednisone
 * threshold of "immunocompromised".
 */
public final class CauseAssessmentRenderer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CauseAssessmentRenderer() {
    }

    public static ObjectNode render(CauseAssessment assessment, ExclusionThresholds thresholds) {
        boolean v2 = assessment.knowledgeVersion() == KnowledgeVersion.V2;
        ObjectNode out = JSON.objectNode();
        ObjectNode categories = out.putObject("categories");
        for (CategoryAssessment category : assessment.categories().all()) {
            ObjectNode node = categories.putObject(category.category().code());
            node.put("status", category.status().code());
            if (!category.drugs().isEmpty()) {
                strings(node.putArray("drugs"), category.drugs());
            }
            strings(node.putArray("evidence"), category.evidence());
            strings(node.putArray("nextSteps"), category.nextSteps());
            node.set("source", source(category.source()));
        }
        out.put("opEvidence", assessment.opEvidence().evidence().code());
        out.put("opEvidenceReason", assessment.opEvidence().reason().text());
        out.set("opEvidenceSource", source(assessment.opEvidence().reason().rule()));
        out.put("conclusion", assessment.conclusion().conclusion().code());
        out.set("conclusionSource", source(assessment.conclusion().source()));
        ArrayNode alternatives = out.putArray("alternativeDiagnoses");
        for (AlternativeDiagnosis alternative : assessment.alternativeDiagnoses()) {
            ObjectNode node = alternatives.addObject();
            node.put("diagnosis", alternative.diagnosis());
            node.put("reason", alternative.reason());
            if (v2) {
                strings(node.putArray("nextSteps"), alternative.nextSteps());
            }
            node.set("source", source(alternative.source()));
        }
        strings(out.putArray("nextSteps"), assessment.conclusion().nextSteps());
        ArrayNode reasons = out.putArray("reasons");
        for (Reason reason : assessment.reasons()) {
            ObjectNode node = reasons.addObject();
            node.put("text", reason.text());
            node.set("source", source(reason.rule()));
        }
        ArrayNode warnings = out.putArray("warnings");
        for (Warning warning : assessment.warnings()) {
            warnings.addObject()
                    .put("level", warning.level().code())
                    .put("code", warning.code())
                    .put("message", warning.message());
        }
        ObjectNode used = out.putObject("thresholds")
                .put("drugWindowDays", thresholds.drugWindowDays())
                .put("radiotherapyWindowDays", thresholds.radiotherapyWindowDays())
                .put("balEosinophilPercent", thresholds.balEosinophilPercent());
        if (v2) {
            used.put("immunocompromisedPrednisoneMgPerDay", thresholds.immunocompromisedPrednisoneMgPerDay());
        }
        out.put("knowledgeVersion", assessment.knowledgeVersion().code());
        return out;
    }

    static ObjectNode source(CauseRule rule) {
        ObjectNode source = JSON.objectNode();
        source.put("ruleId", rule.id());
        strings(source.putArray("citations"), rule.citations());
        source.put("mark", rule.mark().name());
        return source;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
