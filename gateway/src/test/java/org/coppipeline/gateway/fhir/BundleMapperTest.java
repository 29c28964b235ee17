package org.coppipeline.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.coppipeline.gateway.fhir.Fhir.COP;
import static org.coppipeline.gateway.fhir.Fhir.LOINC;
import static org.coppipeline.gateway.fhir.Fhir.SNOMED;
import static org.coppipeline.gateway.fhir.Fhir.bundle;
import static org.coppipeline.gateway.fhir.Fhir.concept;
import static org.coppipeline.gateway.fhir.Fhir.condition;
import static org.coppipeline.gateway.fhir.Fhir.copObservation;
import static org.coppipeline.gateway.fhir.Fhir.medicationRequest;
import static org.coppipeline.gateway.fhir.Fhir.medicationStatement;
import static org.coppipeline.gateway.fhir.Fhir.observation;
import static org.coppipeline.gateway.fhir.Fhir.procedure;
import static org.coppipeline.gateway.fhir.Fhir.quantity;
import static org.coppipeline.gateway.fhir.Fhir.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CONTRACT 6 without Quarkus: one test per row of the code table and per mapping detail. Bundles go through the real
 * reader (FHIR JSON as a platform sends it), so pointers are checked against the JSON.
 */
class BundleMapperTest {

    static final CodeTable TABLE = new CodeTable(ContractValues.load());
    static final BundleReader READER = new BundleReader(FhirTestContext.CONTEXT, 262144);
    static final BundleMapper MAPPER = new BundleMapper(TABLE);
    static final String HOSPITAL = "hosp-a";
    /** Entry 0 is the Patient: the first resource under test is entry 1. */
    static final String E1 = "/entry/1/resource";
    static final String E2 = "/entry/2/resource";

    static MappedBundle map(ObjectNode bundle) {
        return MAPPER.map(READER.read(Fhir.bytes(bundle)), HOSPITAL);
    }

    static ObjectNode event(ObjectNode... resources) {
        return map(bundle(resources)).event();
    }

    static List<BundleIssue> rejectedBundle(ObjectNode bundle) {
        BundleRejected e = catchThrowableOfType(BundleRejected.class, () -> map(bundle));
        assertThat(e).as("the Bundle must be refused").isNotNull();
        assertThat(e.kind()).isEqualTo(BundleRejected.Kind.INVALID);
        return e.issues();
    }

    static List<BundleIssue> rejected(ObjectNode... resources) {
        return rejectedBundle(bundle(resources));
    }

    static ObjectNode at(ObjectNode node, String key, String value) {
        node.put(key, value);
        return node;
    }

    static ObjectNode timed(ObjectNode resource, String element, String dateTime) {
        resource.put(element, dateTime);
        return resource;
    }

    static Mapping.Ignored ignored(MappedBundle mapped, String pointer) {
        return mapped.mapping().ignored().stream().filter(i -> i.pointer().equals(pointer)).findFirst().orElse(null);
    }

    static List<String> fieldsOf(MappedBundle mapped, String pointer) {
        return mapped.mapping().used().stream().filter(u -> u.pointer().equals(pointer)).map(Mapping.Used::field).toList();
    }

    // ================================================================================================ identity

    @Nested
    class Identity {

        @Test
        void caseIdOccurredAtHospitalAndSchemaVersion() {
            ObjectNode event = event();
            assertThat(event.path("caseId").asText()).isEqualTo("PUB-T1");
            assertThat(event.path("hospitalId").asText()).isEqualTo(HOSPITAL);
            assertThat(event.path("occurredAt").asText()).isEqualTo(Fhir.OCCURRED_AT);
            assertThat(event.path("schemaVersion").asInt()).isEqualTo(1);
        }

        @Test
        void eventIdIsTheBundleIdWhenItIsAUuidInLowerCase() {
            ObjectNode bundle = bundle();
            bundle.put("id", "90F27CA6-E3FC-56BB-A09E-1A93FC7F445F");
            assertThat(map(bundle).event().path("eventId").asText()).isEqualTo("90f27ca6-e3fc-56bb-a09e-1a93fc7f445f");
        }

        /** Expected values computed with Python's uuid.uuid5 (an independent implementation of RFC 9562). */
        @ParameterizedTest
        @CsvSource({
                "not-a-uuid, hosp-a, 2026-11-01T09:30:00Z, dd39ab86-637a-5527-8ff9-b926ff946cc4",
                ", hosp-a, 2026-11-01T10:30:00+01:00, c14bcfe8-2e31-52bf-a522-a86b7eb09d3e" })
        void otherwiseAVersion5UuidOfHospitalCaseAndTimestampAsSent(String bundleId, String hospital, String timestamp, String expected) {
            ObjectNode bundle = bundle();
            if (bundleId != null) {
                bundle.put("id", bundleId);
            }
            bundle.put("timestamp", timestamp);
            ObjectNode event = MAPPER.map(READER.read(Fhir.bytes(bundle)), hospital).event();
            assertThat(event.path("eventId").asText()).isEqualTo(expected);
            // Detail 10: occurredAt is kept as sent.
            assertThat(event.path("occurredAt").asText()).isEqualTo(timestamp);
        }

        @Test
        void version5UuidOfNonAsciiNames() {
            assertThat(BundleMapper.uuidV5(BundleMapper.EVENT_ID_NAMESPACE, "hôpital-b/case-é/2026-11-01T09:30:00Z"))
                    .hasToString("1e3755d1-a165-502c-b0d5-56e84b75da01");
        }

        @Test
        void theSameBundleTwiceIsTheSameEvent() {
            assertThat(map(bundle()).event()).isEqualTo(map(bundle()).event());
        }

        @Test
        void missingIdentifierOrTimestampIs400() {
            ObjectNode bundle = bundle();
            bundle.remove("identifier");
            bundle.remove("timestamp");
            assertThat(rejectedBundle(bundle)).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .contains(org.assertj.core.groups.Tuple.tuple("/identifier/value", "/caseId"),
                            org.assertj.core.groups.Tuple.tuple("/timestamp", "/occurredAt"));
        }

        @ParameterizedTest
        @ValueSource(strings = { "searchset", "history", "message", "transaction-response" })
        void aBundleTypeOtherThanCollectionDocumentTransactionOrBatchIs400(String type) {
            ObjectNode bundle = bundle();
            bundle.put("type", type);
            assertThat(rejectedBundle(bundle)).extracting(BundleIssue::pointer).contains("/type");
        }

        @ParameterizedTest
        @ValueSource(strings = { "collection", "document", "transaction", "batch" })
        void theFourBundleTypesAreRead(String type) {
            ObjectNode bundle = bundle(copObservation("trajectory", "stable"));
            bundle.put("type", type);
            // entry.request is ignored: nothing is written to any FHIR server.
            ((ObjectNode) bundle.get("entry").get(1)).putObject("request").put("method", "POST").put("url", "Observation");
            assertThat(map(bundle).event().at("/course/trajectory").asText()).isEqualTo("stable");
        }
    }

    // ================================================================================================ Patient

    @Nested
    class PatientEntry {

        @Test
        void ageFromBirthDateAndSexFromGender() {
            ObjectNode event = event();
            assertThat(event.at("/patient/ageYears").asInt()).isEqualTo(55);
            assertThat(event.at("/patient/sex").asText()).isEqualTo("female");
        }

        @ParameterizedTest(name = "born {0}, on {1}: {2}")
        @CsvSource({
                "1971-03-15, 2026-03-14, 54",
                "1971-03-15, 2026-03-15, 55",
                "1971, 2026-01-01, 55",
                "1971, 2025-12-31, 54",
                "1971-11, 2026-10-31, 54",
                "1971-11, 2026-11-01, 55",
                // 29 February falls on 1 March in other years.
                "2000-02-29, 2001-02-28, 0",
                "2000-02-29, 2001-03-01, 1",
                "2000-02-29, 2004-02-29, 4",
                "2000-02-29, 2004-02-28, 3" })
        void completedYearsWithPartialDatesAnd29February(String birthDate, String on, int years) {
            assertThat(BundleMapper.completedYears(birthDate, LocalDate.parse(on))).isEqualTo(years);
        }

        @Test
        void ageIsCountedToTheUtcDateOfOccurredAt() {
            ObjectNode bundle = bundle();
            ((ObjectNode) bundle.at("/entry/0/resource")).put("birthDate", "1971-11-01");
            // 2026-11-01T00:30+02:00 is still 31 October in UTC.
            bundle.put("timestamp", "2026-11-01T00:30:00+02:00");
            assertThat(map(bundle).event().at("/patient/ageYears").asInt()).isEqualTo(54);
        }

        @Test
        void noPatientIs400() {
            ObjectNode bundle = bundle(copObservation("trajectory", "stable"));
            ((ArrayNode) bundle.get("entry")).remove(0);
            assertThat(rejectedBundle(bundle)).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("/entry", "/patient"));
        }

        @Test
        void twoPatientsAre400AtBoth() {
            ObjectNode bundle = bundle(Fhir.patient("1980-01-01", "male"));
            assertThat(rejectedBundle(bundle)).extracting(BundleIssue::pointer).containsExactly("/entry/0/resource", E1);
        }

        @Test
        void noBirthDateIs400() {
            ObjectNode bundle = bundle();
            ((ObjectNode) bundle.at("/entry/0/resource")).remove("birthDate");
            assertThat(rejectedBundle(bundle)).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("/entry/0/resource/birthDate", "/patient/ageYears"));
        }

        @Test
        void nameIdentifierAddressAndTelecomNeverReachTheModelOrTheEvent() {
            ObjectNode bundle = bundle(copObservation("trajectory", "stable"));
            ParsedBundle parsed = READER.read(Fhir.bytes(bundle));
            org.hl7.fhir.r4.model.Patient patient = (org.hl7.fhir.r4.model.Patient) parsed.bundle().getEntryFirstRep().getResource();
            assertThat(patient.hasName()).isFalse();
            assertThat(patient.hasIdentifier()).isFalse();
            assertThat(patient.hasAddress()).isFalse();
            assertThat(patient.hasTelecom()).isFalse();
            assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1971-03-15");
            String everything = parsed.tree().toString() + MAPPER.map(parsed, HOSPITAL).event() + MAPPER.map(parsed, HOSPITAL).mapping();
            assertThat(everything).doesNotContain("ZZPHI");
        }
    }

    // ================================================================================================ table rows

    @Nested
    class Measurements {

        static Stream<Arguments> quantities() {
            return Stream.of(
                    Arguments.of(LOINC, "29463-7", "68.0", "kg", "/patient/weightKg", "68.0"),
                    Arguments.of(LOINC, "29463-7", "68000", "g", "/patient/weightKg", "68.000"),
                    Arguments.of(LOINC, "29463-7", "150", "[lb_av]", "/patient/weightKg", "68.03885550"),
                    Arguments.of(COP, "weightKg", "70", "kg", "/patient/weightKg", "70"),
                    Arguments.of(LOINC, "59408-5", "93", "%", "/measurements/spo2RestPercent", "93"),
                    Arguments.of(LOINC, "2708-6", "92.5", "%", "/measurements/spo2RestPercent", "92.5"),
                    Arguments.of(COP, "spo2RestPercent", "91", "%", "/measurements/spo2RestPercent", "91"),
                    Arguments.of(COP, "spo2ExertionNadirPercent", "84", "%", "/measurements/spo2ExertionNadirPercent", "84"),
                    Arguments.of(LOINC, "9279-1", "22", "/min", "/measurements/respiratoryRate", "22"),
                    Arguments.of(LOINC, "9279-1", "22", "{breaths}/min", "/measurements/respiratoryRate", "22"),
                    Arguments.of(COP, "respiratoryRate", "18", "/min", "/measurements/respiratoryRate", "18"),
                    Arguments.of(LOINC, "8310-5", "38.4", "Cel", "/measurements/temperatureC", "38.4"),
                    Arguments.of(LOINC, "8310-5", "100.4", "[degF]", "/measurements/temperatureC", "38.0"),
                    Arguments.of(LOINC, "8310-5", "98.6", "[degF]", "/measurements/temperatureC", "37.0"),
                    Arguments.of(COP, "temperatureC", "37.2", "Cel", "/measurements/temperatureC", "37.2"),
                    Arguments.of(LOINC, "1988-5", "85", "mg/L", "/measurements/crpMgPerL", "85"),
                    Arguments.of(LOINC, "1988-5", "8.5", "mg/dL", "/measurements/crpMgPerL", "85.0"),
                    Arguments.of(COP, "crpMgPerL", "12", "mg/L", "/measurements/crpMgPerL", "12"),
                    Arguments.of(LOINC, "6690-2", "11.2", "10*3/uL", "/measurements/wbcPerNl", "11.2"),
                    Arguments.of(LOINC, "6690-2", "11.2", "10*9/L", "/measurements/wbcPerNl", "11.2"),
                    Arguments.of(LOINC, "6690-2", "11.2", "/nL", "/measurements/wbcPerNl", "11.2"),
                    Arguments.of(COP, "wbcPerNl", "9", "10*9/L", "/measurements/wbcPerNl", "9"),
                    Arguments.of(LOINC, "711-2", "0.4", "10*3/uL", "/measurements/eosinophilsPerNl", "0.4"),
                    Arguments.of(LOINC, "711-2", "0.4", "/nL", "/measurements/eosinophilsPerNl", "0.4"),
                    Arguments.of(COP, "eosinophilsPerNl", "0.3", "10*9/L", "/measurements/eosinophilsPerNl", "0.3"),
                    Arguments.of(COP, "fvcPercentPredicted", "74", "%", "/measurements/fvcPercentPredicted", "74"),
                    Arguments.of(COP, "dlcoPercentPredicted", "58", "%", "/measurements/dlcoPercentPredicted", "58"),
                    Arguments.of(COP, "lymphocytePercent", "38", "%", "/bal/lymphocytePercent", "38"),
                    Arguments.of(COP, "neutrophilPercent", "10", "%", "/bal/neutrophilPercent", "10"),
                    Arguments.of(COP, "eosinophilPercent", "3", "%", "/bal/eosinophilPercent", "3"),
                    Arguments.of(COP, "cd4Cd8Ratio", "0.5", null, "/bal/cd4Cd8Ratio", "0.5"),
                    Arguments.of(COP, "cd4Cd8Ratio", "0.5", "1", "/bal/cd4Cd8Ratio", "0.5"),
                    Arguments.of(COP, "currentPrednisoneMgPerDay", "20", "mg/d", "/treatmentHistory/currentPrednisoneMgPerDay", "20"));
        }

        @ParameterizedTest(name = "{0} {1}: {2} {3} -> {4} {5}")
        @MethodSource("quantities")
        void everyQuantityRowWithItsUnitsAndConversions(String system, String code, String value, String unit, String field,
                String expected) {
            MappedBundle mapped = map(bundle(quantity(observation(system, code), value, unit)));
            JsonNode number = mapped.event().at(field);
            assertThat(number.isNumber()).as(field).isTrue();
            // Numbers keep their decimals: the exact decimal text, not a double's rounding.
            assertThat(number.decimalValue()).isEqualByComparingTo(new BigDecimal(expected));
            assertThat(number.toString()).isEqualTo(number.decimalValue().toString());
            assertThat(fieldsOf(mapped, E1)).containsExactly(field);
            assertThat(mapped.provenance().bundlePointer(field)).isEqualTo(E1 + "/valueQuantity/value");
        }

        @Test
        void decimalsAreKeptAsSent() {
            ObjectNode event = event(quantity(observation(LOINC, "29463-7"), "68.0", "kg"));
            assertThat(event.at("/patient/weightKg").toString()).isEqualTo("68.0");
        }

        @Test
        void fahrenheitThatIsNotAWholeCelsiusKeepsSixteenDigits() {
            ObjectNode event = event(quantity(observation(LOINC, "8310-5"), "101", "[degF]"));
            assertThat(event.at("/measurements/temperatureC").decimalValue()).isEqualByComparingTo("38.33333333333333");
        }

        @ParameterizedTest
        @CsvSource({ "1e999999999, [degF], /measurements/temperatureC, 8310-5", "1e-999999999, [degF], /measurements/temperatureC, 8310-5",
                "1e999999999, wk, /course/symptomDurationDays, ", "1234567890123456, mg/L, /measurements/crpMgPerL, 1988-5",
                "1e20, mg/L, /measurements/crpMgPerL, 1988-5", "0.0000000000000000000000000000001, Cel, /measurements/temperatureC, 8310-5" })
        void anAbsurdMagnitudeIs400WithoutArithmeticOnIt(String value, String unit, String field, String loinc) {
            ObjectNode o = quantity(loinc == null ? observation(COP, CodeTable.name(field)) : observation(LOINC, loinc), value, unit);
            // Beyond FHIR's range the reader refuses it; within it but beyond every contract range, the mapper.
            assertThat(rejected(o)).extracting(BundleIssue::pointer).containsExactly(E1 + "/valueQuantity/value");
        }

        @Test
        void aValueBeyondEveryContractRangeNamesTheField() {
            assertThat(rejected(quantity(observation(LOINC, "1988-5"), "1234567890123456", "mg/L")))
                    .extracting(BundleIssue::eventPointer).containsExactly("/measurements/crpMgPerL");
        }

        @Test
        void anUnknownUnitIs400AtTheUnitCode() {
            assertThat(rejected(quantity(observation(LOINC, "1988-5"), "85", "mg/mL")))
                    .extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/valueQuantity/code", "/measurements/crpMgPerL"));
        }

        @Test
        void theUnitDisplayTextIsNotAUnit() {
            ObjectNode o = observation(LOINC, "1988-5");
            o.putObject("valueQuantity").put("value", 85).put("unit", "mg/L");
            assertThat(rejected(o)).extracting(BundleIssue::pointer).containsExactly(E1 + "/valueQuantity/code");
        }

        @Test
        void aUnitCodeOutsideUcumIs400() {
            ObjectNode o = quantity(observation(LOINC, "1988-5"), "85", "mg/L");
            ((ObjectNode) o.get("valueQuantity")).put("system", "http://example.org/units");
            assertThat(rejected(o)).extracting(BundleIssue::pointer).containsExactly(E1 + "/valueQuantity/system");
        }

        @Test
        void aValueWithAComparatorIsNotExact() {
            ObjectNode o = quantity(observation(LOINC, "1988-5"), "5", "mg/L");
            ((ObjectNode) o.get("valueQuantity")).put("comparator", "<");
            assertThat(rejected(o)).extracting(BundleIssue::pointer).containsExactly(E1 + "/valueQuantity/comparator");
        }

        @Test
        void aNumberFieldReadFromAnotherValueTypeIs400() {
            ObjectNode o = observation(LOINC, "59408-5");
            o.put("valueInteger", 93);
            assertThat(rejected(o)).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/valueInteger", "/measurements/spo2RestPercent"));
        }

        @Test
        void anObservationWithoutValueIsLeftOut() {
            ObjectNode o = observation(LOINC, "59408-5");
            o.set("dataAbsentReason", concept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-performed"));
            MappedBundle mapped = map(bundle(o));
            assertThat(mapped.event().has("measurements")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.NO_VALUE);
        }

        @ParameterizedTest
        @CsvSource({ "respiratorySupport, /measurements/respiratorySupport", "trajectory, /course/trajectory",
                "antibioticResponse, /course/antibioticResponse", "autoimmunePanel, /tests/autoimmunePanel",
                "bloodCount, /tests/bloodCount" })
        void everyCodedFieldTakesEachValueOfItsContractList(String code, String field) {
            for (String value : TABLE.values(field)) {
                assertThat(event(copObservation(code, value)).at(field).asText()).isEqualTo(value);
            }
        }

        @Test
        void aValueOutsideTheFieldsListIs400AtTheCoding() {
            assertThat(rejected(copObservation("trajectory", "worse")))
                    .extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/valueCodeableConcept/coding/0/code", "/course/trajectory"));
        }

        @Test
        void aValueWithoutACopCodeIs400() {
            assertThat(rejected(Fhir.coded(observation(COP, "trajectory"), SNOMED, "263707001")))
                    .extracting(BundleIssue::pointer).containsExactly(E1 + "/valueCodeableConcept");
        }

        @Test
        void twoCodingsNamingDifferentValuesAre400() {
            ObjectNode o = observation(COP, "respiratorySupport");
            o.set("valueCodeableConcept", concept(COP, "oxygen", COP, "high-flow"));
            assertThat(rejected(o)).extracting(BundleIssue::pointer).containsExactly(E1 + "/valueCodeableConcept");
        }
    }

    @Nested
    class Course {

        @ParameterizedTest
        @CsvSource({ "49, d, 49", "7, wk, 49", "2.0, wk, 14", "0, d, 0" })
        void symptomDurationInDaysOrWeeks(String value, String unit, int days) {
            assertThat(event(quantity(observation(COP, "symptomDurationDays"), value, unit)).at("/course/symptomDurationDays").asInt())
                    .isEqualTo(days);
        }

        @ParameterizedTest
        @CsvSource({ "1.5, wk", "10.5, d" })
        void aFractionalNumberOfDaysIs400(String value, String unit) {
            assertThat(rejected(quantity(observation(COP, "symptomDurationDays"), value, unit)))
                    .extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/valueQuantity/value", "/course/symptomDurationDays"));
        }

        @Test
        void monthsAreNotAWholeNumberOfDays() {
            assertThat(rejected(quantity(observation(COP, "symptomDurationDays"), "2", "mo")))
                    .extracting(BundleIssue::pointer).containsExactly(E1 + "/valueQuantity/code");
        }

        @Test
        void otherwiseFromTheEarliestOnsetOfAPresentSymptomCondition() {
            ObjectNode later = timed(condition(SNOMED, "386661006"), "onsetDateTime", "2026-10-01T09:30:00Z");
            ObjectNode earliest = timed(condition(SNOMED, "267036007"), "onsetDateTime", "2026-09-13T09:30:01Z");
            ObjectNode resolved = timed(condition(SNOMED, "11833005"), "onsetDateTime", "2026-01-01");
            resolved.set("clinicalStatus", concept(BundleMapper.CONDITION_CLINICAL, "resolved"));
            MappedBundle mapped = map(bundle(later, earliest, resolved));
            // 48 days and 23:59:59 before occurredAt: 48 whole days.
            assertThat(mapped.event().at("/course/symptomDurationDays").asInt()).isEqualTo(48);
            assertThat(mapped.provenance().bundlePointer("/course/symptomDurationDays")).isEqualTo(E2 + "/onsetDateTime");
        }

        @Test
        void itsOwnObservationWinsOverOnsets() {
            ObjectNode onset = timed(condition(SNOMED, "267036007"), "onsetDateTime", "2026-09-13T09:30:00Z");
            assertThat(event(onset, quantity(observation(COP, "symptomDurationDays"), "3", "wk")).at("/course/symptomDurationDays").asInt())
                    .isEqualTo(21);
        }

        @Test
        void otherwiseAbsent() {
            assertThat(event(condition(SNOMED, "267036007")).has("course")).isFalse();
        }

        @Test
        void antibioticCoursesFromValueInteger() {
            ObjectNode o = observation(COP, "antibioticCourses");
            o.put("valueInteger", 2);
            assertThat(event(o).at("/course/antibioticCourses").asInt()).isEqualTo(2);
        }

        @Test
        void antibioticCoursesAsAQuantityIs400() {
            assertThat(rejected(quantity(observation(COP, "antibioticCourses"), "2", "1")))
                    .extracting(BundleIssue::pointer).containsExactly(E1 + "/valueQuantity");
        }
    }

    @Nested
    class Symptoms {

        static Stream<Arguments> snomed() {
            return Stream.of(
                    Arguments.of("11833005", "nonproductive-cough"), Arguments.of("28743005", "productive-cough"),
                    Arguments.of("267036007", "dyspnea"), Arguments.of("386661006", "fever"),
                    Arguments.of("367391008", "malaise"), Arguments.of("84229001", "fatigue"),
                    Arguments.of("89362005", "weight-loss"), Arguments.of("66857006", "hemoptysis"),
                    Arguments.of("48409008", "crackles"));
        }

        @ParameterizedTest(name = "SNOMED {0} -> {1}")
        @MethodSource("snomed")
        void everySymptomBySnomedFromAConditionOrAnObservation(String code, String symptom) {
            assertThat(event(condition(SNOMED, code)).get("symptoms")).hasSize(1)
                    .first().isEqualTo(Fhir.JSON.createObjectNode().put("code", symptom));
            assertThat(event(observation(SNOMED, code)).at("/symptoms/0/code").asText()).isEqualTo(symptom);
        }

        @Test
        void everySymptomByItsCopCode() {
            for (String symptom : TABLE.contract().values("/symptoms/code")) {
                assertThat(event(condition(COP, symptom)).at("/symptoms/0/code").asText()).isEqualTo(symptom);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = { "inactive", "resolved", "remission" })
        void aConditionNoLongerActiveIsNotPresentNow(String clinicalStatus) {
            ObjectNode c = condition(SNOMED, "66857006");
            c.set("clinicalStatus", concept(BundleMapper.CONDITION_CLINICAL, clinicalStatus));
            assertThat(event(c).at("/symptoms/0")).isEqualTo(Fhir.JSON.createObjectNode().put("code", "hemoptysis").put("present", false));
        }

        @Test
        void aRefutedConditionIsNotPresent() {
            ObjectNode c = condition(SNOMED, "66857006");
            c.set("verificationStatus", concept(BundleMapper.CONDITION_VERIFICATION, "refuted"));
            assertThat(event(c).at("/symptoms/0/present").asBoolean(true)).isFalse();
        }

        @Test
        void anObservationWithValueBooleanFalseIsNotPresent() {
            ObjectNode o = observation(SNOMED, "28743005");
            o.put("valueBoolean", false);
            assertThat(event(o).at("/symptoms/0/present").asBoolean(true)).isFalse();
        }

        @Test
        void whenEntriesDisagreePresentWins() {
            ObjectNode absent = observation(SNOMED, "386661006");
            absent.put("valueBoolean", false);
            absent.put("effectiveDateTime", "2026-10-31");
            ObjectNode present = timed(condition(COP, "fever"), "recordedDate", "2026-10-01");
            MappedBundle mapped = map(bundle(absent, present));
            assertThat(mapped.event().get("symptoms")).hasSize(1);
            assertThat(mapped.event().at("/symptoms/0").has("present")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.SUPERSEDED);
            assertThat(fieldsOf(mapped, E2)).containsExactly("/symptoms/0");
        }

        @Test
        void anEnteredInErrorConditionIsNotRead() {
            ObjectNode c = condition(SNOMED, "386661006");
            c.set("verificationStatus", concept(BundleMapper.CONDITION_VERIFICATION, "entered-in-error"));
            MappedBundle mapped = map(bundle(c));
            assertThat(mapped.event().has("symptoms")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.STATUS);
        }
    }

    @Nested
    class Ct {

        @Test
        void aCtReportIsPerformedWithItsCopFindingsAndNothingElse() {
            ObjectNode r = report(LOINC, "24627-2", "bilateral-consolidation", "peripheral-distribution");
            ((ArrayNode) r.get("conclusionCode")).add(concept(SNOMED, "3128005"));
            MappedBundle mapped = map(bundle(r));
            assertThat(mapped.event().at("/imaging/ct/performed").asBoolean()).isTrue();
            assertThat(mapped.event().at("/imaging/ct/findings")).extracting(JsonNode::asText)
                    .containsExactly("bilateral-consolidation", "peripheral-distribution");
            assertThat(mapped.provenance().bundlePointer("/imaging/ct/findings/1")).isEqualTo(E1 + "/conclusionCode/1/coding/0/code");
        }

        @Test
        void everyFindingOfTheContractIncludingTheV12Ones() {
            List<String> findings = TABLE.contract().values("/imaging/ct/findings");
            assertThat(findings).contains("nodules", "consolidation", "op-pattern");
            ObjectNode event = event(report(COP, "ct", findings.toArray(String[]::new)));
            assertThat(event.at("/imaging/ct/findings")).extracting(JsonNode::asText).containsExactlyElementsOf(findings);
        }

        @Test
        void aCopConclusionCodeThatIsNoFindingIs400() {
            assertThat(rejected(report(COP, "ct", "fever"))).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/conclusionCode/0/coding/0/code", "/imaging/ct/findings"));
        }

        @Test
        void lobesInvolvedAndCtPerformed() {
            ObjectNode lobes = observation(COP, "lobesInvolved");
            lobes.put("valueInteger", 3);
            ObjectNode performed = observation(COP, "ctPerformed");
            performed.put("valueBoolean", true);
            ObjectNode event = event(lobes, performed);
            assertThat(event.at("/imaging/ct")).isEqualTo(Fhir.JSON.createObjectNode().put("performed", true).put("lobesInvolved", 3));
        }

        @Test
        void ctPerformedFalse() {
            ObjectNode performed = observation(COP, "ctPerformed");
            performed.put("valueBoolean", false);
            assertThat(event(performed).at("/imaging/ct")).isEqualTo(Fhir.JSON.createObjectNode().put("performed", false));
        }

        @Test
        void lobesInvolvedIsReadWithoutAReportButPerformedMustComeFromSomewhere() {
            ObjectNode lobes = observation(COP, "lobesInvolved");
            lobes.put("valueInteger", 2);
            MappedBundle mapped = map(bundle(lobes));
            assertThat(mapped.event().at("/imaging/ct/lobesInvolved").asInt()).isEqualTo(2);
            // The event then lacks imaging.ct.performed: the schema check reports it at the lobesInvolved entry.
            assertThat(mapped.provenance().bundlePointer("/imaging/ct/performed")).isEqualTo(E1 + "/valueInteger");
        }

        @Test
        void theLatestReportWins() {
            ObjectNode older = timed(report(COP, "ct", "mass"), "effectiveDateTime", "2026-09-01");
            ObjectNode newer = timed(report(LOINC, "24627-2", "ground-glass"), "effectiveDateTime", "2026-10-15");
            MappedBundle mapped = map(bundle(newer, older));
            assertThat(mapped.event().at("/imaging/ct/findings")).extracting(JsonNode::asText).containsExactly("ground-glass");
            assertThat(ignored(mapped, E2).reason()).isEqualTo(Mapping.SUPERSEDED);
        }

        @Test
        void aLaterCtPerformedFalseOverridesAnOlderReport() {
            ObjectNode report = timed(report(COP, "ct", "mass"), "effectiveDateTime", "2026-09-01");
            ObjectNode notDone = timed(observation(COP, "ctPerformed"), "effectiveDateTime", "2026-10-01");
            notDone.put("valueBoolean", false);
            MappedBundle mapped = map(bundle(report, notDone));
            assertThat(mapped.event().at("/imaging/ct")).isEqualTo(Fhir.JSON.createObjectNode().put("performed", false));
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.SUPERSEDED);
        }

        @ParameterizedTest
        @ValueSource(strings = { "registered", "partial", "cancelled", "entered-in-error" })
        void aReportThatIsNotFinalAmendedCorrectedOrPreliminaryIsNotRead(String status) {
            MappedBundle mapped = map(bundle(at(report(COP, "ct", "mass"), "status", status)));
            assertThat(mapped.event().has("imaging")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.STATUS);
        }

        @Test
        void anotherDiagnosticReportIsNotMapped() {
            MappedBundle mapped = map(bundle(report(LOINC, "58410-2")));
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.CODE_NOT_MAPPED);
        }
    }

    @Nested
    class BalAndHistology {

        @Test
        void malignantCells() {
            ObjectNode o = observation(COP, "malignantCells");
            o.put("valueBoolean", true);
            assertThat(event(o).at("/bal/malignantCells").asBoolean()).isTrue();
        }

        @Test
        void histologyPatternAndMethod() {
            ObjectNode o = copObservation("histologyPattern", "organizing-pneumonia");
            o.set("method", concept(COP, "cryobiopsy"));
            assertThat(event(o).get("histology"))
                    .isEqualTo(Fhir.JSON.createObjectNode().put("method", "cryobiopsy").put("pattern", "organizing-pneumonia"));
        }

        @Test
        void everyPatternAndMethodOfTheContract() {
            for (String pattern : TABLE.values("/histology/pattern")) {
                for (String method : TABLE.values("/histology/method")) {
                    ObjectNode o = copObservation("histologyPattern", pattern);
                    o.set("method", concept(COP, method));
                    assertThat(event(o).at("/histology/method").asText()).isEqualTo(method);
                }
            }
        }

        @Test
        void aMethodOutsideTheListIs400() {
            ObjectNode o = copObservation("histologyPattern", "other");
            o.set("method", concept(COP, "needle"));
            assertThat(rejected(o)).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/method/coding/0/code", "/histology/method"));
        }
    }

    @Nested
    class Microbiology {

        static ObjectNode test(String test, String system, String result) {
            return Fhir.coded(observation(COP, test), system, result);
        }

        @Test
        void everyTestOfTheContractIncludingTheV12Ones() {
            List<String> tests = TABLE.contract().values("/tests/microbiology/test");
            assertThat(tests).contains("atypical-serology", "bal-stains");
            ObjectNode[] entries = tests.stream().map(t -> test(t, COP, "negative")).toArray(ObjectNode[]::new);
            ObjectNode event = event(entries);
            assertThat(event.at("/tests/microbiology")).extracting(n -> n.path("test").asText()).containsExactlyElementsOf(tests);
        }

        @ParameterizedTest
        @CsvSource({ "urn:cop-pipeline:fhir:cop, negative, negative", "urn:cop-pipeline:fhir:cop, positive, positive",
                "urn:cop-pipeline:fhir:cop, pending, pending", "http://snomed.info/sct, 260385009, negative",
                "http://snomed.info/sct, 10828004, positive" })
        void resultsByCopOrSnomed(String system, String code, String result) {
            assertThat(event(test("blood-culture", system, code)).at("/tests/microbiology/0"))
                    .isEqualTo(Fhir.JSON.createObjectNode().put("test", "blood-culture").put("result", result));
        }

        @Test
        void registeredIsPendingWhateverItsValue() {
            ObjectNode o = at(observation(COP, "sputum-culture"), "status", "registered");
            assertThat(event(o).at("/tests/microbiology/0/result").asText()).isEqualTo("pending");
        }

        @Test
        void preliminaryWithoutAValueIsPending() {
            ObjectNode o = at(observation(COP, "sputum-culture"), "status", "preliminary");
            assertThat(event(o).at("/tests/microbiology/0/result").asText()).isEqualTo("pending");
        }

        @Test
        void registeredIsNotReadForOtherObservations() {
            MappedBundle mapped = map(bundle(at(copObservation("trajectory", "stable"), "status", "registered")));
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.STATUS);
        }

        @Test
        void oneEntryPerTestTheLatestWins() {
            ObjectNode pending = timed(at(observation(COP, "blood-culture"), "status", "registered"), "effectiveDateTime", "2026-10-20");
            ObjectNode negative = timed(test("blood-culture", COP, "negative"), "effectiveDateTime", "2026-10-25T08:00:00Z");
            MappedBundle mapped = map(bundle(negative, pending));
            assertThat(mapped.event().at("/tests/microbiology")).hasSize(1);
            assertThat(mapped.event().at("/tests/microbiology/0/result").asText()).isEqualTo("negative");
            assertThat(ignored(mapped, E2).reason()).isEqualTo(Mapping.SUPERSEDED);
        }

        @Test
        void organismFromACopComponent() {
            ObjectNode o = test("bal-culture", COP, "positive");
            ObjectNode component = o.putArray("component").addObject();
            component.set("code", concept(COP, "organism"));
            component.put("valueString", "Streptococcus pneumoniae");
            assertThat(event(o).at("/tests/microbiology/0/organism").asText()).isEqualTo("Streptococcus pneumoniae");
        }

        @Test
        void organismFromTheTextOfAPositiveResultOnly() {
            ObjectNode positive = test("sputum-culture", SNOMED, "10828004");
            ((ObjectNode) positive.get("valueCodeableConcept")).put("text", "Haemophilus influenzae");
            ObjectNode negative = test("blood-culture", COP, "negative");
            ((ObjectNode) negative.get("valueCodeableConcept")).put("text", "No growth");
            ObjectNode event = event(positive, negative);
            assertThat(event.at("/tests/microbiology/0/organism").asText()).isEqualTo("Haemophilus influenzae");
            assertThat(event.at("/tests/microbiology/1").has("organism")).isFalse();
        }

        @Test
        void aResultOutsideTheListIs400() {
            assertThat(rejected(test("blood-culture", COP, "contaminated")))
                    .extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/valueCodeableConcept/coding/0/code",
                            "/tests/microbiology/0/result"));
        }

        @Test
        void aFinalResultWithoutValueIsLeftOut() {
            MappedBundle mapped = map(bundle(observation(COP, "blood-culture")));
            assertThat(mapped.event().has("tests")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.NO_VALUE);
        }
    }

    @Nested
    class HistoryConditions {

        static Stream<Arguments> codes() {
            return Stream.of(
                    Arguments.of(SNOMED, "69896004", "rheumatoid-arthritis"), Arguments.of(CodeTable.ICD10, "M05", "rheumatoid-arthritis"),
                    Arguments.of(CodeTable.ICD10, "M06.9", "rheumatoid-arthritis"), Arguments.of(CodeTable.ICD10_CM, "M069", "rheumatoid-arthritis"),
                    Arguments.of(SNOMED, "26889001", "myositis"), Arguments.of(CodeTable.ICD10, "M33.2", "myositis"),
                    Arguments.of(CodeTable.ICD10, "M60.8", "myositis"),
                    Arguments.of(SNOMED, "83901003", "sjogren-syndrome"), Arguments.of(CodeTable.ICD10, "M35.0", "sjogren-syndrome"),
                    Arguments.of(CodeTable.ICD10, "M350", "sjogren-syndrome"), Arguments.of(CodeTable.ICD10_CM, "M35.01", "sjogren-syndrome"),
                    Arguments.of(SNOMED, "55464009", "systemic-lupus-erythematosus"), Arguments.of(CodeTable.ICD10, "M32.1", "systemic-lupus-erythematosus"),
                    Arguments.of(SNOMED, "89155008", "systemic-sclerosis"), Arguments.of(CodeTable.ICD10, "M34", "systemic-sclerosis"),
                    Arguments.of(SNOMED, "109995007", "myelodysplastic-syndrome"), Arguments.of(CodeTable.ICD10, "D46.9", "myelodysplastic-syndrome"),
                    Arguments.of(SNOMED, "93143009", "leukemia"), Arguments.of(CodeTable.ICD10, "C91.0", "leukemia"),
                    Arguments.of(CodeTable.ICD10, "C95", "leukemia"),
                    Arguments.of(SNOMED, "118600007", "lymphoma"), Arguments.of(CodeTable.ICD10, "C81.9", "lymphoma"),
                    Arguments.of(CodeTable.ICD10_CM, "C86.0", "lymphoma"), Arguments.of(CodeTable.ICD10, "C88", "lymphoma"),
                    Arguments.of(SNOMED, "64766004", "ulcerative-colitis"), Arguments.of(CodeTable.ICD10, "K51.9", "ulcerative-colitis"),
                    Arguments.of(SNOMED, "34000006", "crohn-disease"), Arguments.of(CodeTable.ICD10, "K50", "crohn-disease"),
                    Arguments.of(SNOMED, "73211009", "diabetes"), Arguments.of(CodeTable.ICD10, "E11.9", "diabetes"),
                    Arguments.of(CodeTable.ICD10_CM, "E1065", "diabetes"), Arguments.of(CodeTable.ICD10, "E14", "diabetes"),
                    Arguments.of(SNOMED, "64859006", "osteoporosis"), Arguments.of(CodeTable.ICD10, "M81.0", "osteoporosis"),
                    Arguments.of(CodeTable.ICD10, "M80", "osteoporosis"));
        }

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @MethodSource("codes")
        void everyConditionBySnomedAndIcdPrefixWithOrWithoutTheDot(String system, String code, String condition) {
            assertThat(event(condition(system, code)).at("/history/conditions")).extracting(JsonNode::asText).containsExactly(condition);
        }

        @ParameterizedTest
        @CsvSource({ "M35.1", "M3", "C87", "C96", "E15", "K52", "M07" })
        void codesBesideThePrefixesAreNotMapped(String icd) {
            MappedBundle mapped = map(bundle(condition(CodeTable.ICD10, icd)));
            assertThat(mapped.event().has("history")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.CODE_NOT_MAPPED);
        }

        @Test
        void everyConditionByItsCopCode() {
            for (String condition : TABLE.contract().values("/history/conditions")) {
                assertThat(event(condition(COP, condition)).at("/history/conditions/0").asText()).isEqualTo(condition);
            }
        }

        @Test
        void aPastConditionIsHistoryWhateverItsClinicalStatus() {
            ObjectNode resolved = condition(SNOMED, "64766004");
            resolved.set("clinicalStatus", concept(BundleMapper.CONDITION_CLINICAL, "resolved"));
            assertThat(event(resolved).at("/history/conditions/0").asText()).isEqualTo("ulcerative-colitis");
        }

        @Test
        void aRefutedConditionIsNotHistory() {
            ObjectNode refuted = condition(SNOMED, "64766004");
            refuted.set("verificationStatus", concept(BundleMapper.CONDITION_VERIFICATION, "refuted"));
            MappedBundle mapped = map(bundle(refuted));
            assertThat(mapped.event().has("history")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.STATUS);
        }

        @Test
        void aConditionCodeOnAnObservationIsNotMapped() {
            MappedBundle mapped = map(bundle(observation(SNOMED, "73211009")));
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.CODE_NOT_MAPPED);
        }

        @Test
        void reviewedFlagsOnlyFromTheirObservations() {
            ObjectNode[] flags = Stream.of("medicationsReviewed", "radiotherapyReviewed", "conditionsReviewed", "exposuresReviewed")
                    .map(flag -> {
                        ObjectNode o = observation(COP, flag);
                        o.put("valueBoolean", true);
                        return o;
                    }).toArray(ObjectNode[]::new);
            assertThat(event(flags).get("history")).isEqualTo(Fhir.JSON.createObjectNode().put("medicationsReviewed", true)
                    .put("radiotherapyReviewed", true).put("conditionsReviewed", true).put("exposuresReviewed", true));
            // A Bundle that lists medications has not thereby shown that they were reviewed.
            assertThat(event(medicationStatement("active", "lisinopril")).at("/history").has("medicationsReviewed")).isFalse();
        }

        @Test
        void treatmentHistoryAndImmunocompromised() {
            ObjectNode relapse = observation(COP, "relapseOnTaper");
            relapse.put("valueBoolean", true);
            ObjectNode immuno = observation(COP, "immunocompromised");
            immuno.put("valueBoolean", true);
            ObjectNode event = event(relapse, immuno, quantity(observation(COP, "currentPrednisoneMgPerDay"), "20", "mg/d"));
            assertThat(event.at("/treatmentHistory/relapseOnTaper").asBoolean()).isTrue();
            assertThat(event.at("/treatmentHistory/currentPrednisoneMgPerDay").asInt()).isEqualTo(20);
            assertThat(event.at("/patient/immunocompromised").asBoolean()).isTrue();
        }
    }

    @Nested
    class Medications {

        @Test
        void anActiveStatementIsCurrentWithItsStart() {
            ObjectNode s = medicationStatement("active", "Amiodarone");
            s.putObject("effectivePeriod").put("start", "2026-03-06T09:30:00Z");
            assertThat(event(s).at("/history/medications/0"))
                    .isEqualTo(Fhir.JSON.createObjectNode().put("name", "Amiodarone").put("current", true).put("startedDaysAgo", 240));
        }

        @Test
        void aCurrentMedicationHasNoStoppedDaysAgo() {
            ObjectNode s = medicationStatement("on-hold", "Amiodarone");
            s.putObject("effectivePeriod").put("start", "2026-03-06").put("end", "2026-12-31");
            assertThat(event(s).at("/history/medications/0").has("stoppedDaysAgo")).isFalse();
            assertThat(event(s).at("/history/medications/0/current").asBoolean()).isTrue();
        }

        @Test
        void aStoppedStatementHasStoppedDaysAgo() {
            ObjectNode s = medicationStatement("completed", "nitrofurantoin");
            s.putObject("effectivePeriod").put("start", "2026-08-01").put("end", "2026-10-01");
            ObjectNode item = (ObjectNode) event(s).at("/history/medications/0");
            assertThat(item.path("current").asBoolean(true)).isFalse();
            assertThat(item.path("startedDaysAgo").asInt()).isEqualTo(92);
            assertThat(item.path("stoppedDaysAgo").asInt()).isEqualTo(31);
        }

        @Test
        void anActiveStatementWhoseEndIsPastIsNotCurrent() {
            ObjectNode s = medicationStatement("active", "nitrofurantoin");
            s.putObject("effectivePeriod").put("end", "2026-10-31");
            ObjectNode item = (ObjectNode) event(s).at("/history/medications/0");
            assertThat(item.path("current").asBoolean(true)).isFalse();
            assertThat(item.path("stoppedDaysAgo").asInt()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = { "intended", "not-taken", "entered-in-error" })
        void statementsNotTakenAreIgnored(String status) {
            MappedBundle mapped = map(bundle(medicationStatement(status, "Amiodarone")));
            assertThat(mapped.event().has("history")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.STATUS);
        }

        @ParameterizedTest
        @ValueSource(strings = { "draft", "cancelled", "entered-in-error" })
        void requestsNotInForceAreIgnored(String status) {
            assertThat(ignored(map(bundle(medicationRequest(status, "Amiodarone"))), E1).reason()).isEqualTo(Mapping.STATUS);
        }

        @Test
        void anActiveRequestIsCurrentFromAuthoredOn() {
            ObjectNode r = medicationRequest("active", "Methotrexate");
            r.put("authoredOn", "2026-10-02T09:30:00Z");
            assertThat(event(r).at("/history/medications/0"))
                    .isEqualTo(Fhir.JSON.createObjectNode().put("name", "Methotrexate").put("current", true).put("startedDaysAgo", 30));
        }

        @Test
        void nameFromTheFirstCodingsDisplayAndAtcFromTheAtcCoding() {
            ObjectNode s = medicationStatement("active", "x");
            ObjectNode concept = s.putObject("medicationCodeableConcept");
            ArrayNode codings = concept.putArray("coding");
            codings.addObject().put("system", "http://www.nlm.nih.gov/research/umls/rxnorm").put("code", "703").put("display", "amiodarone");
            codings.addObject().put("system", CodeTable.ATC).put("code", "C01BD01").put("display", "amiodarone");
            assertThat(event(s).at("/history/medications/0"))
                    .isEqualTo(Fhir.JSON.createObjectNode().put("name", "amiodarone").put("atcCode", "C01BD01").put("current", true));
        }

        @Test
        void aContainedMedicationIsResolved() {
            ObjectNode s = medicationStatement("active", "x");
            s.remove("medicationCodeableConcept");
            s.putObject("medicationReference").put("reference", "#med");
            ObjectNode medication = s.putArray("contained").addObject().put("resourceType", "Medication").put("id", "med");
            medication.putObject("code").put("text", "Bleomycin");
            assertThat(event(s).at("/history/medications/0/name").asText()).isEqualTo("Bleomycin");
        }

        @ParameterizedTest
        @ValueSource(strings = { "urn:uuid:0b5d8f3a-34b4-4f1e-8a53-5f3f2e9c1d77", "Medication/m1" })
        void aReferencedMedicationEntryIsResolvedAndUsed(String reference) {
            ObjectNode s = medicationStatement("active", "x");
            s.remove("medicationCodeableConcept");
            s.putObject("medicationReference").put("reference", reference);
            ObjectNode medication = Fhir.JSON.createObjectNode().put("resourceType", "Medication").put("id", "m1");
            medication.putObject("code").put("text", "Nitrofurantoin");
            ObjectNode bundle = bundle(s);
            ((ArrayNode) bundle.get("entry")).addObject().put("fullUrl", "urn:uuid:0b5d8f3a-34b4-4f1e-8a53-5f3f2e9c1d77")
                    .set("resource", medication);
            MappedBundle mapped = map(bundle);
            assertThat(mapped.event().at("/history/medications/0/name").asText()).isEqualTo("Nitrofurantoin");
            assertThat(fieldsOf(mapped, E2)).containsExactly("/history/medications/0");
        }

        @Test
        void anUnresolvableReferenceIs400() {
            ObjectNode s = medicationStatement("active", "x");
            s.remove("medicationCodeableConcept");
            s.putObject("medicationReference").put("reference", "Medication/elsewhere");
            assertThat(rejected(s)).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/medicationReference/reference", "/history/medications/0/name"));
        }

        @Test
        void aMedicationWithoutANameIs400() {
            ObjectNode s = medicationStatement("active", "x");
            s.set("medicationCodeableConcept", concept("http://www.nlm.nih.gov/research/umls/rxnorm", "703"));
            assertThat(rejected(s)).extracting(BundleIssue::pointer).containsExactly(E1 + "/medicationCodeableConcept");
        }
    }

    @Nested
    class Radiotherapy {

        @ParameterizedTest
        @CsvSource({ "76752008, breast", "51185008, thorax", "38266002, other" })
        void siteFromBodySite(String snomed, String site) {
            ObjectNode p = procedure("completed", SNOMED, "108290001");
            p.putArray("bodySite").add(concept(SNOMED, snomed));
            p.putObject("performedPeriod").put("start", "2026-06-01").put("end", "2026-07-04T09:30:00Z");
            assertThat(event(p).at("/history/radiotherapy/0"))
                    .isEqualTo(Fhir.JSON.createObjectNode().put("site", site).put("endedDaysAgo", 120));
        }

        @Test
        void noBodySiteIsOtherAndPerformedDateTimeIsTheEnd() {
            ObjectNode p = procedure("completed", COP, "radiotherapy");
            p.put("performedDateTime", "2026-10-31T09:30:00Z");
            assertThat(event(p).at("/history/radiotherapy/0"))
                    .isEqualTo(Fhir.JSON.createObjectNode().put("site", "other").put("endedDaysAgo", 1));
        }

        @Test
        void stillInProgressEndedZeroDaysAgo() {
            ObjectNode p = procedure("in-progress", SNOMED, "108290001");
            p.putArray("bodySite").add(concept(COP, "thorax"));
            p.putObject("performedPeriod").put("start", "2026-10-01");
            assertThat(event(p).at("/history/radiotherapy/0/endedDaysAgo").asInt()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = { "preparation", "not-done", "on-hold", "stopped", "entered-in-error", "unknown" })
        void otherStatusesAreNotRead(String status) {
            ObjectNode p = procedure(status, SNOMED, "108290001");
            p.put("performedDateTime", "2026-10-31");
            assertThat(ignored(map(bundle(p)), E1).reason()).isEqualTo(Mapping.STATUS);
        }

        @Test
        void aCompletedRadiotherapyWithoutEndIs400() {
            ObjectNode p = procedure("completed", SNOMED, "108290001");
            p.putObject("performedPeriod").put("start", "2026-06-01");
            assertThat(rejected(p)).extracting(BundleIssue::pointer, BundleIssue::eventPointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(E1 + "/performedPeriod", "/history/radiotherapy/0/endedDaysAgo"));
        }

        @Test
        void bodySitesNamingTwoSitesAre400() {
            ObjectNode p = procedure("completed", SNOMED, "108290001");
            p.put("performedDateTime", "2026-10-01");
            p.putArray("bodySite").add(concept(SNOMED, "76752008")).add(concept(SNOMED, "51185008"));
            assertThat(rejected(p)).extracting(BundleIssue::pointer).containsExactly(E1 + "/bodySite");
        }
    }

    // ================================================================================================ details

    @Nested
    class Detail1References {

        @ParameterizedTest
        @ValueSource(strings = { Fhir.PATIENT_URL, "Patient/p1", "Patient/p1/_history/3" })
        void aReferenceToTheOnePatientIsRead(String reference) {
            ObjectNode o = copObservation("trajectory", "stable");
            o.putObject("subject").put("reference", reference);
            assertThat(event(o).at("/course/trajectory").asText()).isEqualTo("stable");
        }

        @Test
        void noSubjectIsAboutThePatient() {
            ObjectNode o = copObservation("trajectory", "stable");
            o.remove("subject");
            assertThat(event(o).at("/course/trajectory").asText()).isEqualTo("stable");
        }

        @ParameterizedTest
        @ValueSource(strings = { "Patient/p2", "urn:uuid:00000000-0000-4000-8000-000000000000", "Group/p1", "#p1",
                "http://other.example/fhir/Patient/p1" })
        void aReferenceToAnyoneElseIsNotAboutThePatient(String reference) {
            ObjectNode o = copObservation("trajectory", "stable");
            o.putObject("subject").put("reference", reference);
            MappedBundle mapped = map(bundle(o));
            assertThat(mapped.event().has("course")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.NOT_ABOUT_THE_PATIENT);
        }

        @Test
        void aSubjectByIdentifierOnlyCannotBeResolved() {
            ObjectNode o = copObservation("trajectory", "stable");
            o.putObject("subject").putObject("identifier").put("value", "12345");
            assertThat(ignored(map(bundle(o)), E1).reason()).isEqualTo(Mapping.NOT_ABOUT_THE_PATIENT);
        }

        @Test
        void anEntryAboutAnotherPatientIsNeverValidated() {
            ObjectNode o = copObservation("trajectory", "not-a-trajectory");
            o.putObject("subject").put("reference", "Patient/p2");
            assertThat(ignored(map(bundle(o)), E1).reason()).isEqualTo(Mapping.NOT_ABOUT_THE_PATIENT);
        }
    }

    @Nested
    class Detail3Codes {

        @Test
        void anUnmappedCodeIsIgnoredAndNeverValidated() {
            ObjectNode o = observation(LOINC, "2160-0");
            o.putObject("valueQuantity").put("value", 1.1).put("system", CodeTable.UCUM).put("code", "furlongs");
            MappedBundle mapped = map(bundle(o));
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.CODE_NOT_MAPPED);
        }

        @Test
        void anotherResourceTypeIsNotMapped() {
            ObjectNode encounter = Fhir.JSON.createObjectNode().put("resourceType", "Encounter").put("status", "finished");
            encounter.putObject("class").put("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode").put("code", "AMB");
            MappedBundle mapped = map(bundle(encounter));
            assertThat(ignored(mapped, E1)).isEqualTo(new Mapping.Ignored(E1, "Encounter", Mapping.CODE_NOT_MAPPED));
        }

        @Test
        void anUnknownCopCodeIs400() {
            assertThat(rejected(quantity(observation(COP, "crpMgPerDl"), "8", "mg/dL"))).extracting(BundleIssue::pointer)
                    .containsExactly(E1 + "/code/coding/0/code");
        }

        @Test
        void aCopValueCodeAsAResourceCodeIs400() {
            assertThat(rejected(copObservation("negative", "negative"))).extracting(BundleIssue::pointer)
                    .containsExactly(E1 + "/code/coding/0/code");
        }

        @Test
        void aCopCodeOnTheWrongResourceTypeIs400() {
            assertThat(rejected(condition(COP, "crpMgPerL"))).extracting(BundleIssue::pointer).containsExactly(E1 + "/code/coding/0/code");
        }

        @Test
        void theStandardCodeAndTheCopCodeOfOneFieldTogetherAreFine() {
            ObjectNode o = observation(LOINC, "1988-5");
            o.set("code", concept(LOINC, "1988-5", COP, "crpMgPerL"));
            quantity(o, "85", "mg/L");
            assertThat(event(o).at("/measurements/crpMgPerL").asInt()).isEqualTo(85);
        }

        @Test
        void codingsOfTwoFieldsAre400() {
            ObjectNode o = observation(LOINC, "1988-5");
            o.set("code", concept(LOINC, "1988-5", LOINC, "6690-2"));
            quantity(o, "85", "mg/L");
            assertThat(rejected(o)).extracting(BundleIssue::pointer).containsExactly(E1 + "/code");
        }

        @Test
        void codingsOfTwoSymptomsAre400() {
            ObjectNode c = condition(SNOMED, "386661006");
            c.set("code", concept(SNOMED, "386661006", SNOMED, "267036007"));
            assertThat(rejected(c)).extracting(BundleIssue::pointer).containsExactly(E1 + "/code");
        }
    }

    @Nested
    class Detail4Dates {

        static Stream<Arguments> datedAfterOccurredAt() {
            return Stream.of(
                    Arguments.of(timed(copObservation("trajectory", "stable"), "effectiveDateTime", "2026-11-01T09:30:01Z")),
                    Arguments.of(withPeriod(copObservation("trajectory", "stable"), "effectivePeriod", "2026-11-02", null)),
                    Arguments.of(timed(copObservation("trajectory", "stable"), "issued", "2026-11-01T10:00:00Z")),
                    Arguments.of(timed(condition(SNOMED, "386661006"), "recordedDate", "2026-11-02")),
                    Arguments.of(timed(condition(SNOMED, "386661006"), "onsetDateTime", "2026-12")),
                    Arguments.of(withPeriod(medicationStatement("active", "x"), "effectivePeriod", "2027", null)),
                    Arguments.of(timed(medicationStatement("active", "x"), "dateAsserted", "2026-11-02")),
                    Arguments.of(timed(medicationRequest("active", "x"), "authoredOn", "2026-11-01T09:30:00.001Z")),
                    Arguments.of(withPeriod(procedure("in-progress", SNOMED, "108290001"), "performedPeriod", "2026-11-02", null)),
                    Arguments.of(timed(procedure("completed", SNOMED, "108290001"), "performedDateTime", "2026-11-02")),
                    Arguments.of(timed(report(COP, "ct", "mass"), "effectiveDateTime", "2026-11-05")));
        }

        static ObjectNode withPeriod(ObjectNode resource, String element, String start, String end) {
            ObjectNode period = resource.putObject(element);
            if (start != null) {
                period.put("start", start);
            }
            if (end != null) {
                period.put("end", end);
            }
            return resource;
        }

        @ParameterizedTest
        @MethodSource("datedAfterOccurredAt")
        void aResourceDatedAfterOccurredAtIsNotRead(ObjectNode resource) {
            MappedBundle mapped = map(bundle(resource));
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.AFTER_OCCURRED_AT);
            assertThat(mapped.event().size()).as("only identity and patient").isEqualTo(6);
        }

        @Test
        void aDateWithoutTimeIsMidnightUtcSoTheSameDayIsRead() {
            ObjectNode o = timed(copObservation("trajectory", "stable"), "effectiveDateTime", "2026-11-01");
            assertThat(event(o).at("/course/trajectory").asText()).isEqualTo("stable");
        }

        @Test
        void theFilterDateOfAnObservationIsEffectiveThenPeriodStartThenIssued() {
            // The period started before occurredAt: read, though it was issued after.
            ObjectNode o = withPeriod(copObservation("trajectory", "stable"), "effectivePeriod", "2026-10-30", "2026-11-03");
            o.put("issued", "2026-11-04T00:00:00Z");
            assertThat(event(o).at("/course/trajectory").asText()).isEqualTo("stable");
        }

        @Test
        void anUndatedResourceIsRead() {
            assertThat(event(copObservation("trajectory", "stable")).at("/course/trajectory").asText()).isEqualTo("stable");
        }

        @ParameterizedTest
        @CsvSource({ "2026-10-31T09:30:01Z, 0", "2026-10-31T09:30:00Z, 1", "2026-10-31, 1", "2026-10-30T09:30:01Z, 1",
                "2026-11-01T09:30:00+01:00, 0", "2026-11-01T09:30:00-01:00, -1" })
        void wholeDaysBeforeOccurredAtAreFloored(String t, long days) {
            assertThat(BundleMapper.daysBefore(BundleMapper.instant(t), Instant.parse(Fhir.OCCURRED_AT))).isEqualTo(days);
        }

        @Test
        void aLeapSecondIsNotARepresentableDateTime() {
            ObjectNode o = timed(copObservation("trajectory", "stable"), "effectiveDateTime", "2016-12-31T23:59:60Z");
            assertThat(rejected(o)).extracting(BundleIssue::pointer).containsExactly(E1 + "/effectiveDateTime");
        }
    }

    @Nested
    class WhichEntryWins {

        @Test
        void theLatestEffectiveDateTimeWins() {
            ObjectNode newer = timed(quantity(observation(LOINC, "59408-5"), "88", "%"), "effectiveDateTime", "2026-10-31T08:00:00Z");
            ObjectNode older = timed(quantity(observation(LOINC, "59408-5"), "95", "%"), "effectiveDateTime", "2026-10-30T08:00:00Z");
            MappedBundle mapped = map(bundle(newer, older));
            assertThat(mapped.event().at("/measurements/spo2RestPercent").asInt()).isEqualTo(88);
            assertThat(fieldsOf(mapped, E1)).containsExactly("/measurements/spo2RestPercent");
            assertThat(ignored(mapped, E2)).isEqualTo(new Mapping.Ignored(E2, "Observation", Mapping.SUPERSEDED));
        }

        @Test
        void effectivePeriodEndThenIssuedOrderTheEntries() {
            ObjectNode byPeriod = Detail4Dates.withPeriod(quantity(observation(LOINC, "59408-5"), "90", "%"), "effectivePeriod",
                    "2026-10-01", "2026-10-30");
            ObjectNode byIssued = timed(quantity(observation(LOINC, "59408-5"), "94", "%"), "issued", "2026-10-29T12:00:00Z");
            assertThat(event(byIssued, byPeriod).at("/measurements/spo2RestPercent").asInt()).isEqualTo(90);
            assertThat(event(byPeriod, byIssued).at("/measurements/spo2RestPercent").asInt()).isEqualTo(90);
        }

        @Test
        void onATieTheLaterEntryInTheBundleWins() {
            ObjectNode first = timed(copObservation("trajectory", "stable"), "effectiveDateTime", "2026-10-31");
            ObjectNode second = timed(copObservation("trajectory", "progressive"), "effectiveDateTime", "2026-10-31T00:00:00Z");
            assertThat(event(first, second).at("/course/trajectory").asText()).isEqualTo("progressive");
            assertThat(event(second, first).at("/course/trajectory").asText()).isEqualTo("stable");
        }

        @Test
        void anUndatedEntryLosesToADatedOne() {
            ObjectNode dated = timed(copObservation("trajectory", "stable"), "effectiveDateTime", "2020-01-01");
            ObjectNode undated = copObservation("trajectory", "progressive");
            assertThat(event(dated, undated).at("/course/trajectory").asText()).isEqualTo("stable");
        }

        @ParameterizedTest
        @ValueSource(strings = { "registered", "cancelled", "entered-in-error", "unknown" })
        void observationsThatAreNotFinalAmendedCorrectedOrPreliminaryAreNotRead(String status) {
            MappedBundle mapped = map(bundle(at(copObservation("trajectory", "stable"), "status", status)));
            assertThat(mapped.event().has("course")).isFalse();
            assertThat(ignored(mapped, E1).reason()).isEqualTo(Mapping.STATUS);
        }

        @ParameterizedTest
        @ValueSource(strings = { "final", "amended", "corrected", "preliminary" })
        void observationsThatAreFinalAmendedCorrectedOrPreliminaryAreRead(String status) {
            assertThat(event(at(copObservation("trajectory", "stable"), "status", status)).at("/course/trajectory").asText())
                    .isEqualTo("stable");
        }
    }

    @Nested
    class Detail10OutputForm {

        @Test
        void emptyListsAndEmptyObjectsAreOmitted() {
            ObjectNode event = event();
            assertThat(event.fieldNames()).toIterable()
                    .containsExactly("eventId", "caseId", "hospitalId", "occurredAt", "schemaVersion", "patient");
        }

        @Test
        void theMappingNamesEveryEntryWithPointersAndCodesOnly() {
            ObjectNode foreign = copObservation("trajectory", "stable");
            foreign.putObject("subject").put("reference", "Patient/p2");
            MappedBundle mapped = map(bundle(quantity(observation(LOINC, "1988-5"), "85", "mg/L"), foreign));
            assertThat(mapped.mapping().used()).containsExactly(
                    new Mapping.Used("/entry/0/resource", "Patient", "/patient/ageYears"),
                    new Mapping.Used("/entry/0/resource", "Patient", "/patient/sex"),
                    new Mapping.Used(E1, "Observation", "/measurements/crpMgPerL"));
            assertThat(mapped.mapping().ignored()).containsExactly(new Mapping.Ignored(E2, "Observation", Mapping.NOT_ABOUT_THE_PATIENT));
        }
    }

    /** R4 makes these elements required, but a Bundle that leaves them out is refused or read, never a 500. */
    @Nested
    class MissingElements {

        @Test
        void aConditionWithoutClinicalOrVerificationStatusIsPresent() {
            ObjectNode c = condition(SNOMED, "386661006");
            c.remove("clinicalStatus");
            c.remove("verificationStatus");
            assertThat(event(c).at("/symptoms/0")).isEqualTo(Fhir.JSON.createObjectNode().put("code", "fever"));
        }

        @Test
        void resourcesWithoutStatusAreNotRead() {
            ObjectNode o = copObservation("trajectory", "stable");
            o.remove("status");
            ObjectNode r = report(COP, "ct", "mass");
            r.remove("status");
            ObjectNode p = procedure("completed", SNOMED, "108290001");
            p.remove("status");
            ObjectNode s = medicationStatement("active", "x");
            s.remove("status");
            ObjectNode q = medicationRequest("active", "x");
            q.remove("status");
            MappedBundle mapped = map(bundle(o, r, p, s, q));
            assertThat(mapped.mapping().ignored()).extracting(Mapping.Ignored::reason).containsOnly(Mapping.STATUS).hasSize(5);
        }

        @Test
        void aCopCodingWithoutCodeIsRefusedNotCrashed() {
            ObjectNode p = procedure("completed", SNOMED, "108290001");
            p.put("performedDateTime", "2026-10-01");
            p.putArray("bodySite").addObject().putArray("coding").addObject().put("system", COP);
            ObjectNode o = observation(COP, "trajectory");
            o.putObject("valueCodeableConcept").putArray("coding").addObject().put("system", COP);
            assertThat(rejected(p, o)).extracting(BundleIssue::pointer)
                    .containsExactly(E1 + "/bodySite/0/coding/0/code", E2 + "/valueCodeableConcept/coding/0/code");
        }
    }

    @Test
    void issuesNeverQuoteAValueOfTheBundle() {
        ObjectNode o = copObservation("trajectory", "ZZPHI-VALUE");
        ObjectNode q = quantity(observation(LOINC, "1988-5"), "85", "ZZPHI-UNIT");
        List<BundleIssue> issues = rejected(o, q);
        assertThat(issues).hasSize(2);
        assertThat(issues.toString()).doesNotContain("ZZPHI");
    }

    @Test
    void aRejectedBundleListsEveryProblemAtOnce() {
        ObjectNode bundle = bundle(copObservation("trajectory", "worse"), quantity(observation(LOINC, "1988-5"), "85", "mg/mL"));
        bundle.put("type", "searchset");
        assertThatThrownBy(() -> map(bundle)).isInstanceOfSatisfying(BundleRejected.class,
                e -> assertThat(e.issues()).extracting(BundleIssue::pointer)
                        .containsExactly("/entry/1/resource/valueCodeableConcept/coding/0/code", "/entry/2/resource/valueQuantity/code", "/type"));
    }
}
