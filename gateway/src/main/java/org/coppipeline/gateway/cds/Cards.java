package org.coppipeline.gateway.cds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.cds.Glucocorticoids.Draft;

/**
 * CDS Hooks 2.0 cards from a planned case (CONTRACT 7). Presentation only: every judgement (conclusion, recommendation,
 * infection status, next steps, warnings, citation keys) is read from the sections the stages wrote; nothing here
 * decides anything clinical. Every card has a uuid, a summary under 140 characters, an indicator, a source naming the
 * suite and the knowledge version, markdown detail with the citation keys, and a link to the case on the dashboard.
 */
final class Cards {

    static final String SUITE = "COP decision support";
    static final String COP_SYSTEM = "urn:cop-pipeline:fhir:cop";
    static final String OVERRIDE_SYSTEM = "urn:cop-pipeline:cds:override-reason";
    static final String INFECTION_NOT_EXCLUDED = "infection-not-excluded";

    /** The override reasons offered on the glucocorticoid card (a bounded set: the feedback metric's reason tags). */
    static final Map<String, String> OVERRIDE_REASONS = orderedMap(
            "infection-excluded-elsewhere", "Infection excluded by results not yet in the record",
            "empirical-antimicrobial-cover", "Started together with empirical antimicrobial treatment",
            "life-threatening-no-delay", "Life-threatening disease: treatment cannot wait for the results",
            "other-indication", "Glucocorticoid for another indication");

    /** The contract's microbiology tests (CONTRACT 2 and 9): a next step naming exactly one becomes a coded order. */
    static final Set<String> MICROBIOLOGY_TESTS = Set.of("blood-culture", "sputum-culture", "bal-culture",
            "respiratory-pcr-panel", "sars-cov-2-pcr", "urinary-antigens", "bal-pneumocystis", "bal-mycobacteria",
            "fungal-markers", "hiv-serology", "atypical-serology", "bal-stains");
    static final String PENDING_SUFFIX = " (result pending)";

    private static final Map<String, String> CONCLUSIONS = orderedMap(
            "op-unlikely", "organizing pneumonia unlikely",
            "suspected-op", "organizing pneumonia suspected",
            "workup-incomplete", "work-up for organizing pneumonia incomplete",
            "secondary-op", "secondary organizing pneumonia",
            "cop-probable", "cryptogenic organizing pneumonia probable",
            "cop-confirmed", "cryptogenic organizing pneumonia confirmed");
    private static final Map<String, String> RECOMMENDATIONS = orderedMap(
            "no-op-treatment", "no treatment for organizing pneumonia",
            "complete-workup", "complete the work-up",
            "treat-underlying-cause", "treat the underlying cause",
            "observe", "observe and re-assess within 14 days",
            "oral-glucocorticoid", "oral glucocorticoid",
            "iv-glucocorticoid", "IV methylprednisolone, then oral glucocorticoid",
            "relapse-regimen", "relapse regimen");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What every card of one answer shares. */
    record Context(String caseId, String caseUrl, Optional<String> sourceUrl, String patientId, Supplier<UUID> uuids) {
    }

    private Cards() {
    }

    // ------------------------------------------------------------------------------------------ patient-view

    /**
     * One card with the conclusion and recommendation: {@code info}; {@code warning} when the work-up is incomplete
     * (the next steps listed); {@code critical} whenever the plan carries the infection-not-excluded warning.
     */
    static List<ObjectNode> patientView(CdsStore.Plan plan, Context context) {
        JsonNode causes = plan.causeAssessment();
        JsonNode treatment = plan.treatmentPlan();
        String conclusion = causes.path("conclusion").asText("");
        String recommendation = treatment.path("recommendation").asText("");
        Optional<JsonNode> critical = warning(treatment, INFECTION_NOT_EXCLUDED);
        List<String> nextSteps = strings(causes.path("nextSteps"));
        boolean incomplete = conclusion.equals("workup-incomplete") || recommendation.equals("complete-workup");

        String indicator;
        String summary;
        String headline = capitalized(label(CONCLUSIONS, conclusion)) + "; advice: " + label(RECOMMENDATIONS, recommendation);
        if (critical.isPresent()) {
            indicator = "critical";
            summary = "Infection not excluded: no glucocorticoid yet. " + headline + ".";
        } else if (incomplete) {
            indicator = "warning";
            summary = headline + " (" + nextSteps.size() + " open step" + (nextSteps.size() == 1 ? "" : "s") + ").";
        } else {
            indicator = "info";
            summary = headline + " (" + treatment.path("severity").asText("severity unknown") + ").";
        }

        StringBuilder detail = new StringBuilder();
        critical.ifPresent(w -> detail.append("**Critical:** ").append(Markdown.text(w.path("message").asText())).append("\n\n"));
        detail.append("**Conclusion:** ").append(Markdown.text(label(CONCLUSIONS, conclusion))).append(" (")
                .append(Markdown.code(conclusion)).append(")\n\n");
        detail.append("**Recommendation:** ").append(Markdown.text(label(RECOMMENDATIONS, recommendation))).append(" (")
                .append(Markdown.code(recommendation)).append("); severity ")
                .append(Markdown.code(treatment.path("severity").asText("unknown")))
                .append("; glucocorticoid recommended: ").append(treatment.path("glucocorticoidRecommended").asBoolean() ? "yes" : "no")
                .append("\n\n");
        causeActions(treatment, detail);
        if (!nextSteps.isEmpty()) {
            detail.append("**Next steps:**\n\n");
            nextSteps.forEach(step -> detail.append("- ").append(Markdown.text(step)).append('\n'));
            detail.append('\n');
        }
        otherWarnings(treatment, detail);
        regimen(treatment, detail);
        footer(plan, detail);

        ObjectNode card = card(context, summary, indicator, knowledgeVersion(plan), detail);
        return List.of(card);
    }

    // ------------------------------------------------------------------------------------------ order-sign

    /**
     * The glucocorticoid order check: no glucocorticoid among the drafts, or one the plan supports (infection excluded
     * and a glucocorticoid recommended), gets no card. While infection is not excluded: a critical card whose
     * suggestions (at most one chosen) cancel the draft, or cancel it and order the missing microbiology. Infection
     * excluded but no glucocorticoid in the plan: an info card saying what the plan advises instead.
     */
    static List<ObjectNode> orderSign(CdsStore.Plan plan, List<Draft> drafts, Context context) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        JsonNode causes = plan.causeAssessment();
        JsonNode treatment = plan.treatmentPlan();
        JsonNode infection = causes.path("categories").path("infection");
        String status = infection.path("status").asText("");
        String recommendation = treatment.path("recommendation").asText("");
        String conclusion = causes.path("conclusion").asText("");
        String drugs = String.join(", ", drafts.stream().map(Draft::name).toList());
        if (status.equals("excluded")) {
            if (treatment.path("glucocorticoidRecommended").asBoolean(false)) {
                return List.of();
            }
            StringBuilder detail = new StringBuilder();
            detail.append("The order for ").append(Markdown.text(drugs))
                    .append(" is not part of the suite's plan for organizing pneumonia; it may serve another indication.\n\n");
            detail.append("**Conclusion:** ").append(Markdown.text(label(CONCLUSIONS, conclusion))).append(" (")
                    .append(Markdown.code(conclusion)).append(")\n\n");
            detail.append("**Recommendation:** ").append(Markdown.text(label(RECOMMENDATIONS, recommendation))).append(" (")
                    .append(Markdown.code(recommendation)).append(")\n\n");
            footer(plan, detail);
            return List.of(card(context, "The COP plan does not call for a glucocorticoid; advice: "
                    + label(RECOMMENDATIONS, recommendation) + ".", "info", knowledgeVersion(plan), detail));
        }

        List<String> steps = strings(infection.path("nextSteps"));
        StringBuilder detail = new StringBuilder();
        detail.append("**Do not start immunosuppression before infection is excluded.** The draft order for ")
                .append(Markdown.text(drugs)).append(" is a systemic glucocorticoid, and infection is ")
                .append(Markdown.code(status.isEmpty() ? "not-assessed" : status)).append(" for this patient.\n\n");
        warning(treatment, INFECTION_NOT_EXCLUDED)
                .ifPresent(w -> detail.append("**Critical:** ").append(Markdown.text(w.path("message").asText())).append("\n\n"));
        List<String> evidence = strings(infection.path("evidence"));
        if (!evidence.isEmpty()) {
            detail.append("**Microbiology so far:**\n\n");
            evidence.forEach(e -> detail.append("- ").append(Markdown.text(e)).append('\n'));
            detail.append('\n');
        }
        if (!steps.isEmpty()) {
            detail.append("**Missing to exclude infection:**\n\n");
            steps.forEach(s -> detail.append("- ").append(Markdown.text(s)).append('\n'));
            detail.append('\n');
        }
        detail.append("**Conclusion:** ").append(Markdown.text(label(CONCLUSIONS, conclusion))).append("; **recommendation:** ")
                .append(Markdown.text(label(RECOMMENDATIONS, recommendation))).append(" (").append(Markdown.code(recommendation))
                .append(")\n\n");
        footer(plan, detail);

        ObjectNode card = card(context,
                "Glucocorticoid ordered while infection is not excluded: cancel it or order the missing microbiology first.",
                "critical", knowledgeVersion(plan), detail);
        suggestions(card, drafts, steps, context);
        ArrayNode reasons = card.putArray("overrideReasons");
        OVERRIDE_REASONS.forEach((code, display) -> reasons.addObject().put("code", code).put("system", OVERRIDE_SYSTEM)
                .put("display", display));
        return List.of(card);
    }

    /** Cancel the draft(s); or cancel and order the missing microbiology (a suggestion's actions are AND'ed). */
    private static void suggestions(ObjectNode card, List<Draft> drafts, List<String> steps, Context context) {
        List<ObjectNode> deletes = new ArrayList<>();
        for (Draft draft : drafts) {
            draft.reference().ifPresent(reference -> deletes.add(NODES.objectNode()
                    .put("type", "delete")
                    .put("description", "Cancel the draft order " + draft.name())
                    .put("resourceId", reference)));
        }
        List<ObjectNode> creates = new ArrayList<>();
        for (String step : steps) {
            if (step.endsWith(PENDING_SUFFIX)) {
                continue; // already ordered: its result is awaited
            }
            creates.add(NODES.objectNode()
                    .put("type", "create")
                    .put("description", "Order " + step)
                    .set("resource", serviceRequest(step, context.patientId())));
        }
        ArrayNode suggestions = NODES.arrayNode();
        if (!deletes.isEmpty()) {
            ObjectNode cancel = suggestions.addObject();
            cancel.put("label", "Cancel the glucocorticoid order");
            cancel.put("uuid", context.uuids().get().toString());
            cancel.put("isRecommended", true);
            cancel.putArray("actions").addAll(deletes);
        }
        if (!creates.isEmpty()) {
            ObjectNode workUp = suggestions.addObject();
            workUp.put("label", deletes.isEmpty() ? "Order the missing microbiology"
                    : "Cancel the glucocorticoid order and order the missing microbiology");
            workUp.put("uuid", context.uuids().get().toString());
            ArrayNode actions = workUp.putArray("actions");
            actions.addAll(deletes.stream().map(ObjectNode::deepCopy).toList());
            actions.addAll(creates);
        }
        if (!suggestions.isEmpty()) {
            card.put("selectionBehavior", "at-most-one");
            card.set("suggestions", suggestions);
        }
    }

    /**
     * A draft ServiceRequest for one missing test. A step that names one contract test is coded with it; a step that
     * leaves a choice ("sputum-culture or bal-culture") carries the stage's words as text only: the choice is the
     * clinician's, not the gateway's.
     */
    static ObjectNode serviceRequest(String step, String patientId) {
        ObjectNode request = NODES.objectNode();
        request.put("resourceType", "ServiceRequest");
        request.put("status", "draft");
        request.put("intent", "order");
        ObjectNode code = request.putObject("code");
        if (MICROBIOLOGY_TESTS.contains(step)) {
            code.putArray("coding").addObject().put("system", COP_SYSTEM).put("code", step).put("display", step);
        }
        code.put("text", step);
        request.putObject("subject").put("reference", "Patient/" + patientId);
        return request;
    }

    // ------------------------------------------------------------------------------------------ in progress

    /** The pipeline has not planned the event in time: one info card pointing at the case on the dashboard. */
    static List<ObjectNode> inProgress(Context context, long waitedMillis) {
        StringBuilder detail = new StringBuilder();
        detail.append("The suite has received this chart but has not finished assessing it within ")
                .append(waitedMillis).append(" ms. The result appears on the case page of the dashboard as soon as it is ready; ")
                .append("the next call of this service shows it here.\n\n");
        detail.append("_Clinical decision support: advice for the clinician._");
        return List.of(card(context, "COP assessment in progress: the result will be on the dashboard shortly.", "info",
                null, detail));
    }

    // ------------------------------------------------------------------------------------------ parts

    private static ObjectNode card(Context context, String summary, String indicator, String knowledgeVersion,
            StringBuilder detail) {
        ObjectNode card = NODES.objectNode();
        card.put("uuid", context.uuids().get().toString());
        card.put("summary", Markdown.summary(summary));
        card.put("indicator", indicator);
        card.put("detail", detail.toString().strip());
        ObjectNode source = card.putObject("source");
        source.put("label", knowledgeVersion == null || knowledgeVersion.isBlank() ? SUITE : SUITE + " (" + knowledgeVersion + ")");
        context.sourceUrl().ifPresent(url -> source.put("url", url));
        card.putArray("links").addObject()
                .put("label", "Open the case on the COP dashboard")
                .put("url", context.caseUrl())
                .put("type", "absolute");
        return card;
    }

    private static void causeActions(JsonNode treatment, StringBuilder detail) {
        JsonNode actions = treatment.path("causeActions");
        if (actions.isArray() && !actions.isEmpty()) {
            detail.append("**Causes to act on first:**\n\n");
            for (JsonNode action : actions) {
                detail.append("- ").append(Markdown.code(action.path("category").asText())).append(": ")
                        .append(Markdown.text(action.path("action").asText())).append('\n');
            }
            detail.append('\n');
        }
    }

    private static void otherWarnings(JsonNode treatment, StringBuilder detail) {
        List<JsonNode> others = new ArrayList<>();
        for (JsonNode warning : treatment.path("warnings")) {
            if (!INFECTION_NOT_EXCLUDED.equals(warning.path("code").asText())) {
                others.add(warning);
            }
        }
        if (!others.isEmpty()) {
            detail.append("**Warnings:**\n\n");
            for (JsonNode warning : others) {
                detail.append("- ").append(Markdown.code(warning.path("level").asText())).append(": ")
                        .append(Markdown.text(warning.path("message").asText())).append('\n');
            }
            detail.append('\n');
        }
    }

    private static void regimen(JsonNode treatment, StringBuilder detail) {
        JsonNode regimen = treatment.path("regimen");
        if (regimen.isObject() && !regimen.path("name").asText().isBlank()) {
            detail.append("**Regimen:** ").append(Markdown.text(regimen.path("name").asText()));
            if (regimen.path("requiresClinicalReview").asBoolean(false)) {
                detail.append(" (requires clinical review)");
            }
            detail.append("\n\n");
        }
    }

    /** The citation keys and rule ids of what the card says, and the decision-support notice. */
    private static void footer(CdsStore.Plan plan, StringBuilder detail) {
        Set<String> citations = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        JsonNode causes = plan.causeAssessment();
        JsonNode treatment = plan.treatmentPlan();
        collect(causes.path("conclusionSource"), citations, rules);
        collect(causes.path("opEvidenceSource"), citations, rules);
        collect(causes.path("categories").path("infection").path("source"), citations, rules);
        for (JsonNode reason : treatment.path("reasons")) {
            collect(reason.path("source"), citations, rules);
        }
        for (JsonNode warning : treatment.path("warnings")) {
            collect(warning.path("source"), citations, rules);
        }
        for (JsonNode action : treatment.path("causeActions")) {
            collect(action.path("source"), citations, rules);
        }
        collect(treatment.path("regimen").path("source"), citations, rules);
        if (!citations.isEmpty()) {
            detail.append("**Sources:** ").append(String.join(", ", citations.stream().map(Markdown::code).toList())).append("\n\n");
        }
        if (!rules.isEmpty()) {
            detail.append("**Rules:** ").append(String.join(", ", rules.stream().map(Markdown::code).toList())).append("\n\n");
        }
        detail.append("_Clinical decision support: advice for the clinician, with its reasons and sources on the case page._");
    }

    private static void collect(JsonNode source, Set<String> citations, Set<String> rules) {
        if (!source.isObject()) {
            return;
        }
        String rule = source.path("ruleId").asText("");
        if (!rule.isBlank()) {
            rules.add(rule);
        }
        for (JsonNode citation : source.path("citations")) {
            if (citation.isTextual() && !citation.asText().isBlank()) {
                citations.add(citation.asText());
            }
        }
    }

    private static String knowledgeVersion(CdsStore.Plan plan) {
        String version = plan.treatmentPlan().path("knowledgeVersion").asText("");
        return version.isBlank() ? plan.causeAssessment().path("knowledgeVersion").asText("") : version;
    }

    private static Optional<JsonNode> warning(JsonNode treatment, String code) {
        for (JsonNode warning : treatment.path("warnings")) {
            if (code.equals(warning.path("code").asText())) {
                return Optional.of(warning);
            }
        }
        return Optional.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (value.isTextual() && !value.asText().isBlank()) {
                values.add(value.asText());
            }
        }
        return values;
    }

    private static String label(Map<String, String> labels, String code) {
        return code.isEmpty() ? "unknown" : labels.getOrDefault(code, code);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
