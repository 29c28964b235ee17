package org.coppipeline.gateway.cds;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CDS Hooks 2.0 "Use of JSON": no null, "", [] or {} anywhere in a response, except the top-level {@code cards} array
 * (an empty list means no advice). Applied to every answer before it is sent, so that no card can break the rule
 * whatever a stage left empty.
 */
final class NoEmptyValues {

    private NoEmptyValues() {
    }

    /** Removes, depth first, every null, blank string, empty array and empty object; returns the node. */
    static <T extends JsonNode> T strip(T node) {
        if (node instanceof ObjectNode object) {
            List<String> remove = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (empty(strip(field.getValue()))) {
                    remove.add(field.getKey());
                }
            }
            object.remove(remove);
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (empty(strip(array.get(i)))) {
                    array.remove(i);
                }
            }
        }
        return node;
    }

    static boolean empty(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || (node.isTextual() && node.asText().isBlank())
                || (node.isContainerNode() && node.isEmpty());
    }

    /** True when nothing in the tree is empty (what the tests assert of every answer). */
    static boolean clean(JsonNode node) {
        if (empty(node)) {
            return false;
        }
        for (JsonNode child : node) {
            if (!clean(child)) {
                return false;
            }
        }
        return true;
    }
}
