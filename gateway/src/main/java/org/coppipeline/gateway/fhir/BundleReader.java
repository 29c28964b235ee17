package org.coppipeline.gateway.fhir;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;

/**
 * Request bytes to an R4 Bundle, or a {@link BundleRejected} whose issues point into the body. Strict: a duplicate
 * member, trailing content, anything {@link R4Shape} refuses, or anything HAPI's parser reports is a rejection, so a
 * Bundle is never half-read. Nothing here logs, and no message quotes the body.
 */
public final class BundleReader {

    private final FhirContext context;
    private final R4Shape shape;
    private final ObjectMapper json;
    private final int maxBytes;

    public BundleReader(FhirContext context, int maxBytes) {
        this.context = context;
        this.shape = new R4Shape(context);
        this.json = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Decimals as sent (68.0 stays 68.0): CONTRACT 6 keeps a number's decimals.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
        this.maxBytes = maxBytes;
    }

    public ParsedBundle read(byte[] body) {
        if (body != null && body.length > maxBytes) {
            throw new BundleRejected(BundleRejected.Kind.TOO_LARGE, List.of());
        }
        if (body == null || body.length == 0) {
            throw malformed("the body is empty");
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw malformed("not well-formed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException | RuntimeException e) {
            throw malformed("not readable as JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw malformed("the body is empty");
        }
        List<BundleIssue> issues = new ArrayList<>();
        shape.checkBundle(tree, issues);
        if (!issues.isEmpty()) {
            throw BundleRejected.invalid(ordered(issues));
        }

        Collecting errors = new Collecting();
        IParser parser = context.newJsonParser()
                .setParserErrorHandler(errors)
                // Resource ids stay what was sent: references to Patient/<id> are resolved against them.
                .setOverrideResourceIdWithBundleEntryFullUrl(false);
        Bundle bundle;
        try {
            bundle = parser.parseResource(Bundle.class, json.writeValueAsString(tree));
        } catch (DataFormatException | JsonProcessingException | ClassCastException e) {
            throw BundleRejected.invalid(List.of(BundleIssue.at("", "not readable as a FHIR R4 Bundle")));
        }
        if (!errors.issues.isEmpty()) {
            throw BundleRejected.invalid(new ArrayList<>(errors.issues));
        }
        return new ParsedBundle(tree, bundle);
    }

    private static BundleRejected malformed(String message) {
        return new BundleRejected(BundleRejected.Kind.MALFORMED, List.of(BundleIssue.at("", message)));
    }

    static List<BundleIssue> ordered(List<BundleIssue> issues) {
        List<BundleIssue> sorted = new ArrayList<>(new LinkedHashSet<>(issues));
        sorted.sort(Comparator.comparing(BundleIssue::pointer, BundleReader::comparePointers));
        return sorted;
    }

    /** Pointer order with array indexes compared as numbers (/entry/2 before /entry/10). */
    static int comparePointers(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            if (x[i].matches("\\d+") && y[i].matches("\\d+")) {
                c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /**
     * HAPI's own findings, as a backstop behind {@link R4Shape}: HAPI knows only the parent element's name, so these
     * point at the whole body. Values and HAPI's messages (which can quote them) are left out.
     */
    private static final class Collecting implements IParserErrorHandler {

        final LinkedHashSet<BundleIssue> issues = new LinkedHashSet<>();

        private void add(IParseLocation location, String what) {
            String parent = location == null || location.getParentElementName() == null ? "" : " in " + location.getParentElementName();
            issues.add(BundleIssue.at("", what + parent));
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            add(location, "a contained resource needs an id");
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName, BaseJsonLikeValue.ValueType expected,
                BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found, BaseJsonLikeValue.ScalarType foundScalar) {
            add(location, "wrong JSON type for " + elementName);
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            add(location, "an invalid value");
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String elementName) {
            add(location, "missing required element " + elementName);
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
            add(location, "element " + elementName + " does not repeat");
        }

        @Override
        public void unknownAttribute(IParseLocation location, String attributeName) {
            add(location, "unknown attribute " + attributeName);
        }

        @Override
        public void unknownElement(IParseLocation location, String elementName) {
            add(location, "unknown element " + elementName);
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
            // A reference to something outside the Bundle is normal FHIR; whether it is the patient is the mapper's call.
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
            add(location, "a local reference (#id) to no contained resource");
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            add(location, "an extension has a value or nested extensions, not both");
        }
    }
}
