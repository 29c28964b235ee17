package org.coppipeline.gateway.openapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.gateway.intake.CaseEventSchema;

/**
 * Publishes the contract's JSON Schema (the same classpath copy the gateway validates with) as the OpenAPI
 * component {@code CaseEvent}, so the documentation cannot drift from what is enforced. OpenAPI 3.1 schemas are
 * JSON Schema 2020-12, so the translation is one to one.
 */
public class ContractSchemaFilter implements OASFilter {

    public static final String COMPONENT = "CaseEvent";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode document = CaseEventSchema.load(mapper).document();
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(COMPONENT, schema(document, mapper));
    }

    static Schema schema(JsonNode node, ObjectMapper mapper) {
        Schema schema = OASFactory.createSchema();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            switch (keyword) {
                case "$schema", "$id" -> {
                    // Meaningless inside the OpenAPI document; the dialect is OpenAPI 3.1's own.
                }
                case "properties" -> value.properties().forEach(p -> schema.addProperty(p.getKey(), schema(p.getValue(), mapper)));
                case "items" -> schema.setItems(schema(value, mapper));
                case "additionalProperties" -> {
                    if (value.isBoolean()) {
                        schema.setAdditionalPropertiesBoolean(value.booleanValue());
                    } else {
                        schema.setAdditionalPropertiesSchema(schema(value, mapper));
                    }
                }
                case "type" -> schema.setType(List.of(Schema.SchemaType.valueOf(value.asText().toUpperCase(Locale.ROOT))));
                case "required" -> {
                    List<String> names = new ArrayList<>();
                    value.forEach(n -> names.add(n.asText()));
                    schema.setRequired(names);
                }
                case "enum" -> {
                    List<Object> values = new ArrayList<>();
                    value.forEach(v -> values.add(mapper.convertValue(v, Object.class)));
                    schema.setEnumeration(values);
                }
                case "minimum" -> schema.setMinimum(value.decimalValue());
                case "maximum" -> schema.setMaximum(value.decimalValue());
                case "minLength" -> schema.setMinLength(value.intValue());
                case "maxLength" -> schema.setMaxLength(value.intValue());
                case "maxItems" -> schema.setMaxItems(value.intValue());
                case "minItems" -> schema.setMinItems(value.intValue());
                case "uniqueItems" -> schema.setUniqueItems(value.booleanValue());
                case "pattern" -> schema.setPattern(value.asText());
                case "format" -> schema.setFormat(value.asText());
                case "title" -> schema.setTitle(value.asText());
                case "description" -> schema.setDescription(value.asText());
                case "const" -> schema.setConstValue(plain(value, mapper));
                case "default" -> schema.setDefaultValue(plain(value, mapper));
                default -> schema.set(keyword, plain(value, mapper));
            }
        }
        return schema;
    }

    private static Object plain(JsonNode value, ObjectMapper mapper) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        if (value.isNumber()) {
            return new BigDecimal(value.asText());
        }
        return mapper.convertValue(value, Object.class);
    }
}
