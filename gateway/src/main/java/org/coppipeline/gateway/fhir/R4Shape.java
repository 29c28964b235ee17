package org.coppipeline.gateway.fhir;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildAny;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildExtension;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.parser.DataFormatException;

/**
 * Checks a JSON tree against HAPI's R4 structure definitions before HAPI parses it, so that every element that is not
 * FHIR R4 JSON is reported with its exact JSON Pointer (HAPI's own error handler only knows the parent element's
 * name). Unknown elements and resource types, a single value where an array belongs (and the reverse), the wrong JSON
 * type, values that are not valid for their primitive type (with the R4 regular expressions for dates, times,
 * instants and ids, which HAPI reads leniently), two values of one choice element, an extension without url.
 * Messages name elements and types, never a value.
 *
 * <p>Data minimisation (CONTRACT 6): after its check, every Patient resource is cut down to the elements the mapping
 * may read (id, birthDate, gender), so the Patient's name, identifiers, address and telecom never reach the model.
 */
final class R4Shape {

    /** FHIR R4 datatypes section 2.24.0.1: the regular expressions of the primitive types HAPI parses leniently. */
    private static final String YEAR = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
    private static final String ZONE = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";
    private static final Map<String, Pattern> LEXICAL = Map.of(
            "date", Pattern.compile(YEAR + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?"),
            "dateTime", Pattern.compile(YEAR + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T" + TIME + ZONE + ")?)?)?"),
            "instant", Pattern.compile(YEAR + "-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T" + TIME + ZONE),
            "time", Pattern.compile(TIME),
            "id", Pattern.compile("[A-Za-z0-9\\-.]{1,64}"));

    /** Bounds on a JSON number's digits before and after the point (its plain text stays under 1,100 characters). */
    static final int MAX_INTEGER_DIGITS = 36;
    static final int MAX_DECIMALS = 1000;

    /** The Patient elements the mapping reads: everything else is dropped before HAPI sees it. */
    static final Set<String> PATIENT_KEPT = Set.of("resourceType", "id", "birthDate", "gender");

    private final FhirContext context;
    private final BaseRuntimeElementCompositeDefinition<?> extension;

    R4Shape(FhirContext context) {
        this.context = context;
        this.extension = (BaseRuntimeElementCompositeDefinition<?>) context.getElementDefinition("Extension");
    }

    /** Checks the tree as a Bundle; appends one issue per offending element; prunes every Patient. */
    void checkBundle(JsonNode root, List<BundleIssue> issues) {
        if (!root.isObject()) {
            issues.add(BundleIssue.at("", "a FHIR resource is a JSON object"));
            return;
        }
        JsonNode type = root.get("resourceType");
        if (type == null || !type.isTextual() || !"Bundle".equals(type.textValue())) {
            issues.add(BundleIssue.at("/resourceType", "the body must be a FHIR R4 Bundle (resourceType Bundle)"));
            return;
        }
        resource(root, "", issues);
    }

    private void resource(JsonNode node, String pointer, List<BundleIssue> issues) {
        if (!node.isObject()) {
            issues.add(BundleIssue.at(pointer, "a FHIR resource is a JSON object"));
            return;
        }
        JsonNode type = node.get("resourceType");
        if (type == null || !type.isTextual()) {
            issues.add(BundleIssue.at(pointer + "/resourceType", "resourceType is required"));
            return;
        }
        RuntimeResourceDefinition definition;
        try {
            definition = context.getResourceDefinition(type.textValue());
        } catch (DataFormatException e) {
            issues.add(BundleIssue.at(pointer + "/resourceType", "not a FHIR R4 resource type"));
            return;
        }
        composite(definition, (ObjectNode) node, pointer, true, issues);
        if ("Patient".equals(type.textValue())) {
            ((ObjectNode) node).retain(PATIENT_KEPT);
        }
    }

    private void composite(BaseRuntimeElementCompositeDefinition<?> definition, ObjectNode node, String pointer,
            boolean isResource, List<BundleIssue> issues) {
        Map<BaseRuntimeChildDefinition, String> choices = new HashMap<>();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            String at = pointer + "/" + escape(name);
            if (isResource && name.equals("resourceType")) {
                continue;
            }
            boolean companion = name.startsWith("_");
            String elementName = companion ? name.substring(1) : name;
            BaseRuntimeChildDefinition child = definition.getChildByName(elementName);
            if (child == null) {
                issues.add(BundleIssue.at(at, "unknown element: not in FHIR R4 " + definition.getName()));
                continue;
            }
            BaseRuntimeElementDefinition<?> type = child instanceof RuntimeChildExtension
                    ? extension : child.getChildByName(elementName);
            if (type == null) {
                issues.add(BundleIssue.at(at, "unknown element: not in FHIR R4 " + definition.getName()));
                continue;
            }
            if (!companion && (child instanceof RuntimeChildChoiceDefinition || child instanceof RuntimeChildAny)
                    && choices.putIfAbsent(child, name) != null) {
                issues.add(BundleIssue.at(at, "a second value of the choice element " + child.getElementName() + "[x]"));
                continue;
            }
            boolean repeating = child.getMax() != 1;
            if (companion) {
                companion(type, value, at, repeating, issues);
            } else if (repeating) {
                if (!value.isArray()) {
                    issues.add(BundleIssue.at(at, "must be a JSON array (the element repeats)"));
                } else if (value.isEmpty()) {
                    issues.add(BundleIssue.at(at, "an empty array is not FHIR JSON (leave the element out)"));
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        value(type, child, value.get(i), at + "/" + i, true, issues);
                    }
                }
            } else if (value.isArray()) {
                issues.add(BundleIssue.at(at, "must not be an array (the element does not repeat)"));
            } else {
                value(type, child, value, at, false, issues);
            }
        }
        if (definition == extension) {
            JsonNode url = node.get("url");
            if (url == null || !url.isTextual()) {
                issues.add(BundleIssue.at(pointer + "/url", "an extension needs a url"));
            }
            boolean hasValue = node.properties().stream().anyMatch(m -> m.getKey().startsWith("value"));
            if (hasValue && node.has("extension")) {
                issues.add(BundleIssue.at(pointer, "an extension has a value or nested extensions, not both"));
            }
        }
    }

    private void value(BaseRuntimeElementDefinition<?> type, BaseRuntimeChildDefinition child, JsonNode value, String at,
            boolean inArray, List<BundleIssue> issues) {
        if (value.isNull()) {
            // A null holds a place in an array of primitives whose extension sits in the "_name" companion.
            if (!(inArray && isPrimitive(type))) {
                issues.add(BundleIssue.at(at, "null is not a FHIR value"));
            }
            return;
        }
        switch (type.getChildType()) {
            case PRIMITIVE_DATATYPE, ID_DATATYPE, PRIMITIVE_XHTML, PRIMITIVE_XHTML_HL7ORG -> primitive(type, child, value, at, issues);
            case COMPOSITE_DATATYPE, RESOURCE_BLOCK -> {
                if (value.isObject()) {
                    composite((BaseRuntimeElementCompositeDefinition<?>) type, (ObjectNode) value, at, false, issues);
                } else {
                    issues.add(BundleIssue.at(at, "must be a JSON object (" + type.getName() + ")"));
                }
            }
            case RESOURCE -> resource(value, at, issues);
            case CONTAINED_RESOURCE_LIST, CONTAINED_RESOURCES -> {
                resource(value, at, issues);
                if (value.isObject() && !value.path("id").isTextual()) {
                    issues.add(BundleIssue.at(at + "/id", "a contained resource needs an id"));
                }
            }
            default -> issues.add(BundleIssue.at(at, "not readable as FHIR R4 (" + type.getName() + ")"));
        }
    }

    private void primitive(BaseRuntimeElementDefinition<?> type, BaseRuntimeChildDefinition child, JsonNode value, String at,
            List<BundleIssue> issues) {
        Class<?> implementation = type.getImplementingClass();
        String expected;
        boolean ok;
        if (BooleanType.class.isAssignableFrom(implementation)) {
            expected = "a JSON boolean";
            ok = value.isBoolean();
        } else if (IntegerType.class.isAssignableFrom(implementation) || DecimalType.class.isAssignableFrom(implementation)) {
            expected = "a JSON number";
            ok = value.isNumber();
        } else {
            expected = "a JSON string";
            ok = value.isTextual();
        }
        if (!ok) {
            issues.add(BundleIssue.at(at, "must be " + expected + " (FHIR " + type.getName() + ")"));
            return;
        }
        if (value.isNumber()) {
            // HAPI writes a decimal out in plain digits as it parses it: 1e999999999 would cost minutes and gigabytes.
            BigDecimal number = value.decimalValue();
            if (number.precision() - number.scale() > MAX_INTEGER_DIGITS || number.scale() > MAX_DECIMALS) {
                issues.add(BundleIssue.at(at, "a number beyond the range of a FHIR " + type.getName()));
                return;
            }
        }
        String text = value.asText();
        if (value.isTextual() && text.isBlank()) {
            issues.add(BundleIssue.at(at, "a FHIR " + type.getName() + " cannot be empty"));
            return;
        }
        Pattern lexical = LEXICAL.get(type.getName());
        if (lexical != null && !lexical.matcher(text).matches()) {
            issues.add(BundleIssue.at(at, "not a valid FHIR " + type.getName()));
            return;
        }
        if (type.getChildType() == BaseRuntimeElementDefinition.ChildTypeEnum.PRIMITIVE_XHTML
                || type.getChildType() == BaseRuntimeElementDefinition.ChildTypeEnum.PRIMITIVE_XHTML_HL7ORG) {
            // Narrative is never read; its XHTML is left to HAPI.
            return;
        }
        try {
            Object instance = type.newInstance(child.getInstanceConstructorArguments());
            ((IPrimitiveType<?>) instance).setValueAsString(text);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            // The exception's message quotes the value: only the type goes out.
            issues.add(BundleIssue.at(at, "not a valid FHIR " + type.getName()));
        }
    }

    private void companion(BaseRuntimeElementDefinition<?> type, JsonNode value, String at, boolean repeating,
            List<BundleIssue> issues) {
        if (!isPrimitive(type)) {
            issues.add(BundleIssue.at(at, "only a primitive element has a \"_\" companion"));
            return;
        }
        if (repeating) {
            if (!value.isArray()) {
                issues.add(BundleIssue.at(at, "must be a JSON array (the element repeats)"));
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item.isObject()) {
                    elementOfPrimitive((ObjectNode) item, at + "/" + i, issues);
                } else if (!item.isNull()) {
                    issues.add(BundleIssue.at(at + "/" + i, "must be a JSON object or null"));
                }
            }
        } else if (value.isObject()) {
            elementOfPrimitive((ObjectNode) value, at, issues);
        } else {
            issues.add(BundleIssue.at(at, "must be a JSON object"));
        }
    }

    /** A primitive's "_name" companion: the Element part of the primitive, an id and extensions. */
    private void elementOfPrimitive(ObjectNode node, String at, List<BundleIssue> issues) {
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            String where = at + "/" + escape(name);
            if (name.equals("id")) {
                if (!value.isTextual() || value.asText().isBlank()) {
                    issues.add(BundleIssue.at(where, "must be a JSON string (FHIR string)"));
                }
            } else if (name.equals("extension")) {
                if (!value.isArray() || value.isEmpty()) {
                    issues.add(BundleIssue.at(where, "must be a non-empty JSON array (the element repeats)"));
                    continue;
                }
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isObject()) {
                        composite(extension, (ObjectNode) value.get(i), where + "/" + i, false, issues);
                    } else {
                        issues.add(BundleIssue.at(where + "/" + i, "must be a JSON object (Extension)"));
                    }
                }
            } else {
                issues.add(BundleIssue.at(where, "unknown element: not in FHIR R4 Element"));
            }
        }
    }

    private static boolean isPrimitive(BaseRuntimeElementDefinition<?> type) {
        return switch (type.getChildType()) {
            case PRIMITIVE_DATATYPE, ID_DATATYPE, PRIMITIVE_XHTML, PRIMITIVE_XHTML_HL7ORG -> true;
            default -> false;
        };
    }

    /** RFC 6901: '~' and '/' inside a member name are escaped. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
