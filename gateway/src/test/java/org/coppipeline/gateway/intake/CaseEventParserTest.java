package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.support.TestConfigs;

class CaseEventParserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final CaseEventParser parser = new CaseEventParser(JSON, TestConfigs.defaults());

    static ObjectNode minimal() {
        return CaseEventSchemaTest.minimal();
    }

    CaseEvent parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bindsTheIdentifyingFields() {
        CaseEvent event = parse(minimal().toString());
        assertThat(event.eventId()).hasToString("3f0c8a56-1b2d-4c5e-8f90-123456789abc");
        assertThat(event.caseId()).isEqualTo("c1");
        assertThat(event.hospitalId()).isEqualTo("h1");
        assertThat(event.key()).isEqualTo("h1/c1");
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void hashIgnoresMemberOrderAndWhitespaceButNotValues() {
        String compact = "{\"eventId\":\"3f0c8a56-1b2d-4c5e-8f90-123456789abc\",\"caseId\":\"c1\",\"hospitalId\":\"h1\","
                + "\"occurredAt\":\"2025-01-01T00:00:00Z\",\"patient\":{\"ageYears\":50,\"sex\":\"male\"}}";
        String reordered = "{ \"patient\": { \"sex\": \"male\", \"ageYears\": 50 },\n \"occurredAt\": \"2025-01-01T00:00:00Z\","
                + " \"hospitalId\": \"h1\", \"caseId\": \"c1\", \"eventId\": \"3f0c8a56-1b2d-4c5e-8f90-123456789abc\" }";
        String changed = compact.replace("\"ageYears\":50", "\"ageYears\":51");
        assertThat(parse(reordered).bodySha256()).isEqualTo(parse(compact).bodySha256());
        assertThat(parse(reordered).canonicalJson()).isEqualTo(parse(compact).canonicalJson());
        assertThat(parse(changed).bodySha256()).isNotEqualTo(parse(compact).bodySha256());
        assertThat(parse(compact).bodySha256()).hasSize(64);
    }

    /** Every integer field of the contract, with the integral value written as an integer and as a decimal. */
    static String withIntegers(String three, String one, String thirty) {
        String body = minimal().without("patient").toString();
        return body.substring(0, body.length() - 1) + ",\"schemaVersion\":" + one
                + ",\"patient\":{\"ageYears\":" + thirty + ",\"weightKg\":68.0}"
                + ",\"course\":{\"symptomDurationDays\":" + three + ",\"antibioticCourses\":" + one + "}"
                + ",\"measurements\":{\"spo2RestPercent\":93.0}"
                + ",\"imaging\":{\"ct\":{\"performed\":true,\"lobesInvolved\":" + three + "}}"
                + ",\"history\":{\"medications\":[{\"name\":\"x\",\"current\":false,\"startedDaysAgo\":" + thirty
                + ",\"stoppedDaysAgo\":" + three + "}],\"radiotherapy\":[{\"site\":\"breast\",\"endedDaysAgo\":" + thirty
                + "}]}}";
    }

    @Test
    void integralNumbersOfIntegerFieldsAreWrittenAsIntegers() throws Exception {
        CaseEvent decimals = parse(withIntegers("3.0", "1.0", "3e1"));
        CaseEvent integers = parse(withIntegers("3", "1", "30"));
        assertThat(decimals.canonicalJson()).isEqualTo(integers.canonicalJson());
        assertThat(decimals.bodySha256()).as("the same body: a repeat, not a conflict").isEqualTo(integers.bodySha256());
        JsonNode published = JSON.readTree(decimals.compactJson());
        for (String pointer : new String[] { "/schemaVersion", "/patient/ageYears", "/course/symptomDurationDays",
                "/course/antibioticCourses", "/imaging/ct/lobesInvolved", "/history/medications/0/startedDaysAgo",
                "/history/medications/0/stoppedDaysAgo", "/history/radiotherapy/0/endedDaysAgo" }) {
            assertThat(published.at(pointer).isInt()).as(pointer).isTrue();
        }
        assertThat(decimals.body().at("/course/symptomDurationDays").isInt()).isTrue();
        // Number fields keep their decimals (CONTRACT 6).
        assertThat(published.at("/patient/weightKg").isDouble()).isTrue();
        assertThat(published.at("/measurements/spo2RestPercent").isDouble()).isTrue();
        assertThat(decimals.compactJson()).contains("\"weightKg\":68.0").contains("\"lobesInvolved\":3,");
    }

    @Test
    void aFractionInAnIntegerFieldIsA400AtItsPointer() {
        assertThatThrownBy(() -> parse(withIntegers("3.5", "1", "30"))).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
            assertThat(e.errors()).extracting(f -> f.pointer()).containsExactly("/course/symptomDurationDays",
                    "/history/medications/0/stoppedDaysAgo", "/imaging/ct/lobesInvolved");
        });
    }

    @Test
    void occurredAtIsNormalisedToAnInstantOfMicroseconds() {
        assertThat(parse(minimal().put("occurredAt", "2025-01-01T12:00:00.123456789+02:00").toString()).occurredAt())
                .isEqualTo(Instant.parse("2025-01-01T10:00:00.123456Z"));
        assertThat(parse(minimal().put("occurredAt", "2025-01-01t10:00:00z").toString()).occurredAt())
                .isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
    }

    @Test
    void leapSecondIsRefusedWithItsPointer() {
        assertThatThrownBy(() -> parse(minimal().put("occurredAt", "2016-12-31T23:59:60Z").toString()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
                    assertThat(e.errors()).extracting(f -> f.pointer()).containsExactly("/occurredAt");
                });
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        byte[] big = new byte[262145];
        assertThatThrownBy(() -> parser.parse(big)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
    }

    @Test
    void malformedBodyNamesOnlyThePosition() {
        assertThatThrownBy(() -> parse("{\"secret-value\" 1}")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
            assertThat(e.getMessage()).contains("line 1").doesNotContain("secret-value");
            assertThat(e.errors().get(0).message()).doesNotContain("secret-value");
        });
    }

    @Test
    void severalRulesBrokenByOneValueGiveOneEntry() {
        assertThatThrownBy(() -> parse(minimal().put("eventId", "x").toString())).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.errors()).extracting(f -> f.pointer()).containsExactly("/eventId"));
    }

    @Test
    void storableTextRejectsNulAndUnpairedSurrogates() {
        assertThat(CaseEventParser.storable("plain äöü \uD83D\uDE00")).isTrue();
        assertThat(CaseEventParser.storable("a\u0000b")).isFalse();
        assertThat(CaseEventParser.storable("a\uD800")).isFalse();
        assertThat(CaseEventParser.storable("\uDC00a")).isFalse();
        assertThat(CaseEventParser.storable("\uD800a")).isFalse();
    }
}
