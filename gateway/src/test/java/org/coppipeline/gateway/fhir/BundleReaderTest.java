package org.coppipeline.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Bundle that is not FHIR R4 JSON is refused with a pointer to each offending element, never half-read. */
class BundleReaderTest {

    static final BundleReader READER = new BundleReader(FhirTestContext.CONTEXT, 262144);
    static final String E1 = "/entry/1/resource";

    static BundleRejected refused(String body) {
        BundleRejected e = catchThrowableOfType(BundleRejected.class, () -> READER.read(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    static ObjectNode base() {
        return Fhir.bundle(Fhir.quantity(Fhir.observation(Fhir.LOINC, "1988-5"), "85", "mg/L"));
    }

    static Arguments bad(String name, Consumer<ObjectNode> change, String... pointers) {
        return Arguments.of(name, change, pointers);
    }

    static ObjectNode obs(ObjectNode bundle) {
        return (ObjectNode) bundle.at(E1);
    }

    static Stream<Arguments> notR4() {
        return Stream.of(
                bad("not a Bundle", b -> b.put("resourceType", "Parameters"), "/resourceType"),
                bad("unknown element on the Bundle (R5 issues)", b -> b.putObject("issues").put("resourceType", "OperationOutcome"),
                        "/issues"),
                bad("unknown resource type (R5 MedicationUsage)", b -> obs(b).put("resourceType", "MedicationUsage"),
                        E1 + "/resourceType"),
                bad("resource without resourceType", b -> obs(b).remove("resourceType"), E1 + "/resourceType"),
                bad("unknown element in a resource", b -> obs(b).put("valueFoo", 1), E1 + "/valueFoo"),
                bad("STU3 element (Observation.context)", b -> obs(b).putObject("context").put("reference", "Encounter/1"),
                        E1 + "/context"),
                bad("R5 element (MedicationStatement.medication)", b -> ((ArrayNode) b.get("entry")).addObject().set("resource",
                        Fhir.JSON.createObjectNode().put("resourceType", "MedicationStatement").put("status", "active")
                                .set("medication", Fhir.concept(Fhir.COP, "x"))), "/entry/2/resource/medication"),
                bad("single value where an array belongs", b -> obs(b).set("category", Fhir.concept(Fhir.COP, "x")), E1 + "/category"),
                bad("array where a single value belongs", b -> obs(b).putArray("status").add("final"), E1 + "/status"),
                bad("number as a string", b -> ((ObjectNode) obs(b).get("valueQuantity")).put("value", "85"), E1 + "/valueQuantity/value"),
                bad("string as a number", b -> obs(b).put("status", 1), E1 + "/status"),
                bad("boolean as a string", b -> obs(b).put("valueBoolean", "true").remove("valueQuantity"), E1 + "/valueBoolean"),
                bad("an unknown status code", b -> obs(b).put("status", "done"), E1 + "/status"),
                bad("a date with a time", b -> ((ObjectNode) b.at("/entry/0/resource")).put("birthDate", "1971-03-15T10:00:00Z"),
                        "/entry/0/resource/birthDate"),
                bad("an instant without seconds", b -> b.put("timestamp", "2026-11-01T09:30Z"), "/timestamp"),
                bad("an instant without its zone", b -> b.put("timestamp", "2026-11-01T09:30:00"), "/timestamp"),
                bad("a timestamp that is only a date", b -> b.put("timestamp", "2026-11-01"), "/timestamp"),
                bad("an impossible date", b -> obs(b).put("effectiveDateTime", "2026-02-30"), E1 + "/effectiveDateTime"),
                bad("an id with a space", b -> obs(b).put("id", "a b"), E1 + "/id"),
                bad("an empty string", b -> obs(b).put("language", ""), E1 + "/language"),
                bad("an empty array", b -> obs(b).putArray("category"), E1 + "/category"),
                bad("two values of value[x]", b -> obs(b).put("valueString", "x"), E1 + "/valueString"),
                bad("null value", b -> obs(b).putNull("status"), E1 + "/status"),
                bad("an integer with decimals", b -> {
                    obs(b).remove("valueQuantity");
                    obs(b).put("valueInteger", 2.5);
                }, E1 + "/valueInteger"),
                bad("an extension without url", b -> obs(b).putArray("extension").addObject().put("valueString", "x"),
                        E1 + "/extension/0/url"),
                bad("a contained resource without id", b -> obs(b).putArray("contained").addObject().put("resourceType", "Medication"),
                        E1 + "/contained/0/id"),
                bad("an unknown member of a primitive's companion", b -> obs(b).putObject("_status").put("foo", 1), E1 + "/_status/foo"),
                bad("several at once", b -> {
                    obs(b).put("valueFoo", 1);
                    b.put("timestamp", "yesterday");
                }, E1 + "/valueFoo", "/timestamp"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void notR4(String name, Consumer<ObjectNode> change, String[] pointers) {
        ObjectNode bundle = base();
        change.accept(bundle);
        BundleRejected e = refused(bundle.toString());
        assertThat(e.kind()).isEqualTo(BundleRejected.Kind.INVALID);
        assertThat(e.issues()).extracting(BundleIssue::pointer).containsExactly(pointers);
        assertThat(e.issues()).extracting(BundleIssue::message).allSatisfy(m -> assertThat(m).isNotBlank());
    }

    @Test
    void validR4IsRead() {
        ObjectNode bundle = base();
        obs(bundle).putArray("extension").addObject().put("url", "http://example.org/x").put("valueString", "y");
        obs(bundle).putObject("_status").putArray("extension").addObject().put("url", "http://example.org/s").put("valueCode", "z");
        obs(bundle).putObject("text").put("status", "generated").put("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>");
        ParsedBundle parsed = READER.read(Fhir.bytes(bundle));
        assertThat(parsed.bundle().getEntry()).hasSize(2);
        org.hl7.fhir.r4.model.Observation o = (org.hl7.fhir.r4.model.Observation) parsed.bundle().getEntry().get(1).getResource();
        assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo("85");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "{\"resourceType\": "),
                Arguments.of("empty", ""),
                Arguments.of("trailing garbage", "{} {}"),
                Arguments.of("duplicate member", "{\"resourceType\": \"Bundle\", \"resourceType\": \"Bundle\"}"),
                Arguments.of("XML", "<Bundle xmlns=\"http://hl7.org/fhir\"/>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void malformed(String name, String body) {
        BundleRejected e = refused(body);
        assertThat(e.kind()).isEqualTo(BundleRejected.Kind.MALFORMED);
        assertThat(e.issues()).extracting(BundleIssue::pointer).containsExactly("");
    }

    @Test
    void aJsonArrayIsNotAResource() {
        assertThat(refused("[]").issues()).extracting(BundleIssue::pointer).containsExactly("");
    }

    @Test
    void overTheLimitIsTooLargeBeforeAnythingIsRead() {
        BundleReader small = new BundleReader(FhirTestContext.CONTEXT, 1024);
        BundleRejected e = catchThrowableOfType(BundleRejected.class, () -> small.read(new byte[1025]));
        assertThat(e.kind()).isEqualTo(BundleRejected.Kind.TOO_LARGE);
    }

    @Test
    void messagesNeverQuoteTheBody() {
        ObjectNode bundle = base();
        obs(bundle).put("status", "ZZPHI-STATUS");
        obs(bundle).put("effectiveDateTime", "ZZPHI-DATE");
        obs(bundle).put("ZZPHI-MEMBER", 1);
        List<BundleIssue> issues = refused(bundle.toString()).issues();
        assertThat(issues).hasSize(3);
        // The member's own name is the pointer; no message repeats a value.
        assertThat(issues).extracting(BundleIssue::message).allSatisfy(m -> assertThat(m).doesNotContain("ZZPHI"));
    }
}
