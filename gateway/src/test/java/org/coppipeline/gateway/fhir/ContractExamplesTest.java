package org.coppipeline.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.intake.CaseEventSchema;

/**
 * A FHIR rendering of contract examples (src/test/resources/fhir/*.bundle.json: LOINC, SNOMED and cop codes, unit
 * conversions, superseded and foreign entries, a Patient with a name) maps to the example's own event. Detail 10:
 * the mapper omits empty lists, so the example's empty lists are left out of the comparison; the eventId is compared
 * when the Bundle.id is the example's UUID.
 */
class ContractExamplesTest {

    static final String[] EXAMPLES = { "classic-cop-moderate", "amiodarone-secondary-op", "infection-pending",
            "post-breast-radiotherapy", "symptoms-only" };
    static final Path SHARED = Path.of("../../shared/contract/examples");
    static final BundleReader READER = new BundleReader(FhirTestContext.CONTEXT, 262144);
    static final BundleMapper MAPPER = new BundleMapper(new CodeTable(ContractValues.load()));
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode resource(String path) throws IOException {
        try (InputStream in = ContractExamplesTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return JSON.readTree(in);
        }
    }

    static MappedBundle mapped(String example) throws IOException {
        try (InputStream in = ContractExamplesTest.class.getClassLoader().getResourceAsStream("fhir/" + example + ".bundle.json")) {
            return MAPPER.map(READER.read(in.readAllBytes()), "hosp-a");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "classic-cop-moderate", "amiodarone-secondary-op", "infection-pending", "post-breast-radiotherapy",
            "symptoms-only" })
    void theBundleMapsToTheExamplesEvent(String example) throws IOException {
        ObjectNode expected = (ObjectNode) resource("contract/examples/" + example + ".json").get("event").deepCopy();
        withoutEmptyLists(expected);
        JsonNode bundle = resource("fhir/" + example + ".bundle.json");
        ObjectNode actual = mapped(example).event();
        String bundleId = bundle.path("id").asText("");
        if (!bundleId.matches("[0-9a-fA-F-]{36}")) {
            // A derived (version 5) id: the example's id was not made from this Bundle.
            assertThat(actual.path("eventId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            expected.remove("eventId");
            actual = actual.deepCopy();
            actual.remove("eventId");
        }
        // The mapper writes schemaVersion; the examples leave it to its default.
        assertThat(actual.remove("schemaVersion").asInt()).isEqualTo(1);
        assertThat(actual.equals(NUMERIC, expected)).as("%s%nactual   %s%nexpected %s", example, actual, expected).isTrue();
        assertThat(CaseEventSchema.load(JSON).violations(mapped(example).event())).isEmpty();
    }

    @Test
    void theMappingOfARichBundleNamesEachEntryOnce() throws IOException {
        MappedBundle mapped = mapped("classic-cop-moderate");
        JsonNode bundle = resource("fhir/classic-cop-moderate.bundle.json");
        List<String> pointers = new ArrayList<>();
        mapped.mapping().used().forEach(u -> pointers.add(u.pointer()));
        mapped.mapping().ignored().forEach(i -> pointers.add(i.pointer()));
        assertThat(pointers.stream().distinct().count()).isEqualTo(bundle.get("entry").size());
        assertThat(mapped.mapping().ignored()).extracting(Mapping.Ignored::resourceType, Mapping.Ignored::reason)
                .containsExactlyInAnyOrder(
                        // The older SpO2; the symptom Conditions still feed symptoms though the 7 wk Observation wins the duration.
                        org.assertj.core.groups.Tuple.tuple("Observation", Mapping.SUPERSEDED),
                        org.assertj.core.groups.Tuple.tuple("Encounter", Mapping.CODE_NOT_MAPPED),
                        org.assertj.core.groups.Tuple.tuple("Observation", Mapping.NOT_ABOUT_THE_PATIENT),
                        org.assertj.core.groups.Tuple.tuple("Observation", Mapping.CODE_NOT_MAPPED),
                        org.assertj.core.groups.Tuple.tuple("Observation", Mapping.STATUS));
        assertThat(mapped.mapping().toString()).doesNotContain("ZZPHI").doesNotContain("lisinopril");
    }

    @Test
    void theExampleCopiesAreTheSharedOnes() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), "shared/ is not beside the repository");
        for (String example : EXAMPLES) {
            assertThat(Files.readAllBytes(Path.of("src/test/resources/contract/examples/" + example + ".json")))
                    .as("src/test/resources/contract/examples/%s.json differs from shared/contract/examples", example)
                    .isEqualTo(Files.readAllBytes(SHARED.resolve(example + ".json")));
        }
    }

    /** Numbers compare by value (68.0 and 68 are one weight); everything else exactly. */
    static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    static void withoutEmptyLists(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isArray() && field.getValue().isEmpty()) {
                    it.remove();
                } else {
                    withoutEmptyLists(field.getValue());
                }
            }
        }
    }
}
