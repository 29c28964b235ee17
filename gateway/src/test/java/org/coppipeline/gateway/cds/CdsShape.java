package org.coppipeline.gateway.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CDS Hooks 2.0 rules a response must keep, asserted: required fields, allowed values, summary under 140
 * characters, and no null, "", [] or {} anywhere (the cards list of a response may be empty: "no advice").
 */
final class CdsShape {

    static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
    static final Set<String> SELECTION = Set.of("at-most-one", "any");
    static final Set<String> ACTION_TYPES = Set.of("create", "update", "delete");
    static final Set<String> LINK_TYPES = Set.of("absolute", "smart");

    private CdsShape() {
    }

    static void discovery(JsonNode document) {
        assertThat(document.isObject()).isTrue();
        assertThat(document.path("services").isArray()).isTrue();
        for (JsonNode service : document.path("services")) {
            required(service, "hook");
            required(service, "description");
            required(service, "id");
            assertThat(service.path("id").asText()).matches("[A-Za-z0-9._-]+");
            if (service.has("prefetch")) {
                service.path("prefetch").fields().forEachRemaining(template -> assertThat(template.getValue().isTextual())
                        .as("prefetch template %s", template.getKey()).isTrue());
            }
            noEmptyValues(service, "/services/" + service.path("id").asText());
        }
    }

    static void response(JsonNode response) {
        assertThat(response.isObject()).isTrue();
        assertThat(response.path("cards").isArray()).as("cards").isTrue();
        for (JsonNode card : response.path("cards")) {
            card(card);
        }
    }

    static void card(JsonNode card) {
        noEmptyValues(card, "card");
        UUID.fromString(required(card, "uuid"));
        assertThat(required(card, "summary").length()).as("summary length").isLessThan(140);
        assertThat(required(card, "indicator")).isIn(INDICATORS);
        if (card.has("detail")) {
            assertThat(card.path("detail").isTextual()).isTrue();
        }
        JsonNode source = card.path("source");
        assertThat(source.isObject()).as("source").isTrue();
        required(source, "label");
        if (source.has("url")) {
            assertThat(URI.create(source.path("url").asText()).isAbsolute()).isTrue();
        }
        if (card.has("suggestions")) {
            assertThat(required(card, "selectionBehavior")).isIn(SELECTION);
            if (card.path("selectionBehavior").asText().equals("at-most-one")) {
                long recommended = 0;
                for (JsonNode suggestion : card.path("suggestions")) {
                    recommended += suggestion.path("isRecommended").asBoolean(false) ? 1 : 0;
                }
                assertThat(recommended).as("at most one recommended suggestion").isLessThanOrEqualTo(1);
            }
            for (JsonNode suggestion : card.path("suggestions")) {
                required(suggestion, "label");
                if (suggestion.has("uuid")) {
                    UUID.fromString(suggestion.path("uuid").asText());
                }
                for (JsonNode action : suggestion.path("actions")) {
                    String type = required(action, "type");
                    assertThat(type).isIn(ACTION_TYPES);
                    required(action, "description");
                    if (type.equals("create") || type.equals("update")) {
                        assertThat(action.path("resource").path("resourceType").isTextual()).as("action resource").isTrue();
                    } else {
                        assertThat(required(action, "resourceId")).matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");
                    }
                }
            }
        }
        for (JsonNode reason : card.path("overrideReasons")) {
            required(reason, "code");
            required(reason, "system");
            required(reason, "display");
        }
        for (JsonNode link : card.path("links")) {
            required(link, "label");
            assertThat(URI.create(required(link, "url")).isAbsolute()).isTrue();
            assertThat(required(link, "type")).isIn(LINK_TYPES);
            if (link.has("appContext")) {
                assertThat(link.path("type").asText()).isEqualTo("smart");
            }
        }
    }

    static String required(JsonNode node, String field) {
        assertThat(node.path(field).isTextual()).as("%s is a string", field).isTrue();
        assertThat(node.path(field).asText()).as(field).isNotBlank();
        return node.path(field).asText();
    }

    static void noEmptyValues(JsonNode node, String at) {
        assertThat(node).as("%s", at).isNotNull();
        assertThat(node.isNull()).as("%s is null", at).isFalse();
        if (node.isTextual()) {
            assertThat(node.asText()).as("%s is an empty string", at).isNotBlank();
        }
        if (node.isContainerNode()) {
            assertThat(node.isEmpty()).as("%s is empty", at).isFalse();
            node.fields().forEachRemaining(f -> noEmptyValues(f.getValue(), at + "/" + f.getKey()));
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                noEmptyValues(node.get(i), at + "/" + i);
            }
        }
    }
}
