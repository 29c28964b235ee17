package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

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
