package org.coppipeline.gateway.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The lists of contract values (symptom codes, CT findings, test codes, ...) read from the contract's JSON Schema copy
 * on the classpath, so that the FHIR code table and the served CodeSystem cannot drift from what the gateway
 * validates. Plain Jackson, no framework.
 */
public final class ContractValues {

    /** The classpath copy of shared/contract/case-event.schema.json (the one CaseEventSchema validates with). */
    public static final String SCHEMA = "contract/case-event.schema.json";

    private final JsonNode schema;

    private ContractValues(JsonNode schema) {
        this.schema = schema;
    }

    public static ContractValues load() {
        try (InputStream in = ContractValues.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + SCHEMA);
            }
            return new ContractValues(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA, e);
        }
    }

    /**
     * The enum of the field at an event pointer ({@code /symptoms/code}: array items are stepped into without an
     * index), in schema order.
     */
    public List<String> values(String eventPath) {
        JsonNode node = node(eventPath);
        if (node.has("items")) {
            node = node.get("items");
        }
        JsonNode values = node.get("enum");
        if (values == null || !values.isArray()) {
            throw new IllegalStateException("the contract schema has no list of values at " + eventPath);
        }
        List<String> list = new ArrayList<>();
        values.forEach(v -> list.add(v.asText()));
        return List.copyOf(list);
    }

    /** The names of an object's properties in the schema, in schema order. */
    public Set<String> properties(String eventPath) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode node = node(eventPath);
        if (node.has("items")) {
            node = node.get("items");
        }
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The JSON type of a field ("number", "integer", "boolean", "string", "array", "object"). */
    public String type(String eventPath) {
        return node(eventPath).path("type").asText();
    }

    private JsonNode node(String eventPath) {
        JsonNode node = schema;
        if (eventPath.isEmpty()) {
            return node;
        }
        for (String step : eventPath.substring(1).split("/")) {
            if (node.has("items")) {
                node = node.get("items");
            }
            node = node.path("properties").path(step);
            if (node.isMissingNode()) {
                throw new IllegalStateException("the contract schema has no field " + eventPath);
            }
        }
        return node;
    }
}
