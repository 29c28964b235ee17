package org.coppipeline.gateway.cds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which draft orders of an order-sign hook are systemic glucocorticoids (CONTRACT 7): a MedicationRequest whose
 * medication, as a CodeableConcept or a Medication it references (contained, or an entry of draftOrders), carries an
 * ATC code under H02AB or one of the RxNorm ingredient codes of the five systemic glucocorticoids. Matching codes, not
 * deciding anything: whether the order is safe is the plan's business.
 */
final class Glucocorticoids {

    static final String ATC = "http://www.whocc.no/atc";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    /** RxNorm ingredients: prednisone, methylprednisolone, prednisolone, hydrocortisone, dexamethasone. */
    static final Set<String> RXNORM_INGREDIENTS = Set.of("8640", "6902", "8638", "5492", "3264");
    private static final Pattern RESOURCE_ID = Pattern.compile("^[A-Za-z0-9\\-.]{1,64}$");

    /** A draft glucocorticoid order: its id (for the delete action, when it has one) and its name for the card. */
    record Draft(Optional<String> id, String name) {
        Optional<String> reference() {
            return id.map(i -> "MedicationRequest/" + i);
        }
    }

    private Glucocorticoids() {
    }

    /** The draft orders that are systemic glucocorticoids, in the order of draftOrders. */
    static List<Draft> drafts(JsonNode draftOrders) {
        List<Draft> drafts = new ArrayList<>();
        if (draftOrders == null || !draftOrders.isObject()) {
            return drafts;
        }
        Map<String, JsonNode> medications = new HashMap<>();
        for (JsonNode entry : draftOrders.path("entry")) {
            JsonNode resource = entry.path("resource");
            if ("Medication".equals(resource.path("resourceType").asText()) && resource.hasNonNull("id")) {
                medications.put("Medication/" + resource.path("id").asText(), resource);
                if (entry.path("fullUrl").isTextual()) {
                    medications.put(entry.path("fullUrl").asText(), resource);
                }
            }
        }
        for (JsonNode entry : draftOrders.path("entry")) {
            JsonNode order = entry.path("resource");
            if (!"MedicationRequest".equals(order.path("resourceType").asText())) {
                continue;
            }
            JsonNode concept = order.get("medicationCodeableConcept");
            if (concept == null) {
                concept = referenced(order, medications).map(m -> m.path("code")).orElse(null);
            }
            if (concept != null && systemicGlucocorticoid(concept)) {
                String id = order.path("id").asText("");
                drafts.add(new Draft(RESOURCE_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty(), name(concept)));
            }
        }
        return drafts;
    }

    static boolean systemicGlucocorticoid(JsonNode concept) {
        for (JsonNode coding : concept.path("coding")) {
            String system = coding.path("system").asText("");
            String code = coding.path("code").asText("").strip();
            if (system.equals(ATC) && code.toUpperCase(java.util.Locale.ROOT).startsWith("H02AB")) {
                return true;
            }
            if (system.equals(RXNORM) && RXNORM_INGREDIENTS.contains(code)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<JsonNode> referenced(JsonNode order, Map<String, JsonNode> medications) {
        String reference = order.path("medicationReference").path("reference").asText("");
        if (reference.startsWith("#")) {
            for (JsonNode contained : order.path("contained")) {
                if ("Medication".equals(contained.path("resourceType").asText())
                        && reference.substring(1).equals(contained.path("id").asText())) {
                    return Optional.of(contained);
                }
            }
            return Optional.empty();
        }
        return Optional.ofNullable(medications.get(reference));
    }

    /** text, else the first coding's display, else the code: what the clinician ordered, in their words. */
    private static String name(JsonNode concept) {
        String text = concept.path("text").asText("");
        if (!text.isBlank()) {
            return text;
        }
        for (JsonNode coding : concept.path("coding")) {
            String display = coding.path("display").asText("");
            if (!display.isBlank()) {
                return display;
            }
        }
        for (JsonNode coding : concept.path("coding")) {
            String code = coding.path("code").asText("");
            if (!code.isBlank()) {
                return code;
            }
        }
        return "glucocorticoid";
    }
}
