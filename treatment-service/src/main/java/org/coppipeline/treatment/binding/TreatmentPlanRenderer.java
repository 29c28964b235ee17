package org.coppipeline.treatment.binding;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.treatment.domain.Alternative;
import org.coppipeline.treatment.domain.CauseAction;
import org.coppipeline.treatment.domain.Dose;
import org.coppipeline.treatment.domain.FollowUp;
import org.coppipeline.treatment.domain.Precaution;
import org.coppipeline.treatment.domain.Reason;
import org.coppipeline.treatment.domain.Regimen;
import org.coppipeline.treatment.domain.RegimenStep;
import org.coppipeline.treatment.domain.RuleSource;
import org.coppipeline.treatment.domain.TreatmentPlan;
import org.coppipeline.treatment.domain.Warning;

/** Renders a plan as the contract's treatmentPlan section (CONTRACT 3), with the contract's field names and spellings. */
public final class TreatmentPlanRenderer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public static ObjectNode render(TreatmentPlan plan) {
        ObjectNode out = JSON.objectNode();
        out.put("severity", plan.severity().code());
        ArrayNode criteria = out.putArray("severityCriteria");
        plan.severityCriteria().forEach(r -> criteria.add(reason("criterion", r)));
        out.put("recommendation", plan.recommendation().code());
        out.put("glucocorticoidRecommended", plan.glucocorticoidRecommended());
        // v2 only, before the regimen: what to do about each present cause comes first
        plan.causeActions().ifPresent(actions -> {
            ArrayNode causeActions = out.putArray("causeActions");
            actions.forEach(a -> causeActions.add(causeAction(a)));
        });
        out.set("regimen", plan.regimen().<JsonNode> map(TreatmentPlanRenderer::regimen).orElse(JSON.nullNode()));
        ArrayNode alternatives = out.putArray("alternatives");
        plan.alternatives().forEach(a -> alternatives.add(alternative(a)));
        ArrayNode precautions = out.putArray("precautions");
        plan.precautions().forEach(p -> precautions.add(precaution(p)));
        ArrayNode followUp = out.putArray("followUp");
        plan.followUp().forEach(f -> followUp.add(followUp(f)));
        ArrayNode warnings = out.putArray("warnings");
        plan.warnings().forEach(w -> warnings.add(warning(w)));
        ArrayNode reasons = out.putArray("reasons");
        plan.reasons().forEach(r -> reasons.add(reason("text", r)));
        out.put("knowledgeVersion", plan.knowledgeVersion().code());
        return out;
    }

    private static ObjectNode causeAction(CauseAction action) {
        ObjectNode out = JSON.objectNode();
        out.put("category", action.category().code());
        out.put("action", action.action());
        out.set("source", source(action.source()));
        return out;
    }

    static ObjectNode source(RuleSource source) {
        ObjectNode out = JSON.objectNode();
        out.put("ruleId", source.ruleId());
        ArrayNode citations = out.putArray("citations");
        source.citations().forEach(citations::add);
        out.put("mark", source.mark().name());
        return out;
    }

    private static ObjectNode reason(String textField, Reason reason) {
        ObjectNode out = JSON.objectNode();
        out.put(textField, reason.text());
        out.set("source", source(reason.source()));
        return out;
    }

    private static ObjectNode regimen(Regimen regimen) {
        ObjectNode out = JSON.objectNode();
        out.put("name", regimen.name());
        out.put("requiresClinicalReview", regimen.requiresClinicalReview());
        out.put("clinicalReview", regimen.clinicalReviewText());
        out.set("source", source(regimen.source()));
        out.set("sources", sources(regimen.sources()));
        out.put("totalDays", regimen.totalDays());
        ArrayNode steps = out.putArray("steps");
        regimen.steps().forEach(s -> steps.add(step(s)));
        return out;
    }

    private static ObjectNode step(RegimenStep step) {
        ObjectNode out = JSON.objectNode();
        out.put("drug", step.drug().code());
        out.put("route", step.route().code());
        out.set("dose", dose(step.dose()));
        out.set("weeks", number(step.weeks()));
        out.put("days", step.days());
        out.put("text", step.text());
        out.set("source", source(step.source()));
        return out;
    }

    static ObjectNode dose(Dose dose) {
        ObjectNode out = JSON.objectNode();
        if (dose instanceof Dose.MgPerDay mg) {
            out.set("amount", number(mg.amount()));
            out.put("unit", "mg/day");
            mg.fromWeight().ifPresent(w -> {
                ObjectNode basis = out.putObject("computedFrom");
                basis.set("amountPerKg", number(w.amountPerKg()));
                basis.put("unit", "mg/kg/day");
                basis.set("weightKg", number(w.weightKg()));
                basis.set("exactAmount", number(w.exactMgPerDay()));
            });
        } else if (dose instanceof Dose.MgPerKgPerDay perKg) {
            out.set("amountPerKg", number(perKg.amountPerKg()));
            out.put("unit", "mg/kg/day");
        } else if (dose instanceof Dose.MgPerDayRange range) {
            out.set("min", number(range.min()));
            out.set("max", number(range.max()));
            out.put("unit", "mg/day");
        } else if (dose instanceof Dose.MgTwiceDaily twice) {
            out.set("amount", number(twice.amount()));
            out.put("unit", "mg");
            out.put("frequency", "twice daily");
        }
        out.put("text", dose.text());
        return out;
    }

    private static ObjectNode alternative(Alternative alternative) {
        ObjectNode out = JSON.objectNode();
        out.put("name", alternative.name());
        out.put("evidence", alternative.evidenceLabel());
        out.put("requiresClinicalReview", alternative.requiresClinicalReview());
        ArrayNode steps = out.putArray("steps");
        steps.add(step(alternative.step()));
        out.set("eligibility", reason("text", alternative.eligibility()));
        out.set("evidenceDetail", reason("text", alternative.evidence()));
        ArrayNode cautions = out.putArray("cautions");
        alternative.cautions().forEach(c -> cautions.add(reason("text", c)));
        out.set("source", source(alternative.source()));
        out.set("sources", sources(alternative.sources()));
        return out;
    }

    private static ObjectNode precaution(Precaution precaution) {
        ObjectNode out = JSON.objectNode();
        out.put("code", precaution.code());
        out.put("text", precaution.text());
        out.set("source", source(precaution.source()));
        return out;
    }

    private static ObjectNode followUp(FollowUp followUp) {
        ObjectNode out = JSON.objectNode();
        out.put("code", followUp.code());
        out.put("text", followUp.text());
        followUp.withinDays().ifPresent(days -> out.put("withinDays", days));
        followUp.category().ifPresent(category -> out.put("category", category.code()));
        if (!followUp.evidence().isEmpty()) {
            ArrayNode evidence = out.putArray("evidence");
            followUp.evidence().forEach(evidence::add);
        }
        out.set("source", source(followUp.source()));
        return out;
    }

    private static ObjectNode warning(Warning warning) {
        ObjectNode out = JSON.objectNode();
        out.put("level", warning.level().code());
        out.put("code", warning.code());
        out.put("message", warning.message());
        out.set("source", source(warning.source()));
        return out;
    }

    private static ArrayNode sources(List<RuleSource> sources) {
        ArrayNode out = JSON.arrayNode();
        sources.forEach(s -> out.add(source(s)));
        return out;
    }

    /** 50 rather than 5E+1 or 50.0; 0.75 as written. */
    static JsonNode number(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        if (plain.scale() <= 0) {
            long whole = plain.longValueExact();
            // an int where it fits, as a JSON parser would read the same text
            return whole == (int) whole ? JSON.numberNode((int) whole) : JSON.numberNode(whole);
        }
        return JSON.numberNode(plain.doubleValue());
    }

    private TreatmentPlanRenderer() {
    }
}
