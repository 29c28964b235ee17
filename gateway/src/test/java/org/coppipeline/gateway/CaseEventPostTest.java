package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.KafkaRecords;
import org.coppipeline.gateway.support.LogCapture;
import org.coppipeline.gateway.support.Tokens;

/** POST /api/v1/case-events: 202, repeat, 409, stale, 403 tenant, 400 with pointers, 413, 415 - and never a 500. */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class CaseEventPostTest {

    static final String HOSPITAL = "h-post";
    static final String PUBLISHER = Tokens.publisher(HOSPITAL);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    InMemorySink<String> sink() {
        return connector.sink("case-events");
    }

    long storedEvents(UUID eventId) {
        return Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE event_id = ?", eventId);
    }

    @Test
    void acceptedEventIs202WithLocationAndIsInKafkaWithKeyAndHeaders() throws Exception {
        String caseId = Events.newCaseId("accept");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        String eventId = event.get("eventId").asText();

        Api.as(PUBLISHER).contentType("application/json").body(event.toString())
                .post(Api.EVENTS).then()
                .statusCode(202)
                .contentType("application/json")
                .header("Location", "/api/v1/cases/" + caseId)
                .body("eventId", equalTo(eventId))
                .body("caseId", equalTo(caseId))
                .body("status", equalTo("accepted"));

        var records = KafkaRecords.withEventId(sink(), eventId);
        assertThat(records).hasSize(1);
        var record = records.get(0);
        assertThat(KafkaRecords.key(record)).isEqualTo(HOSPITAL + "/" + caseId);
        assertThat(KafkaRecords.header(record, "hospitalId")).contains(HOSPITAL);
        assertThat(KafkaRecords.header(record, "schemaVersion")).contains("1");
        assertThat(Events.JSON.readTree(record.getPayload())).isEqualTo(event);

        assertThat(storedEvents(UUID.fromString(eventId))).isEqualTo(1);
        assertThat(Database.text(dataSource, "SELECT status FROM accepted_event WHERE event_id = ?", UUID.fromString(eventId)))
                .isEqualTo("accepted");
        Api.view(Tokens.viewer(HOSPITAL), caseId).then()
                .statusCode(200)
                .body("eventId", equalTo(eventId))
                .body("stage", equalTo("received"));
    }

    /**
     * JSON Schema counts 3.0 as the integer 3: accepted, and published (and stored) as 3, so no stage has to tell them
     * apart; the same event written with 3 is the same body. A number field keeps its decimals; 3.5 is no integer.
     */
    @Test
    void integralNumberInAnIntegerFieldIsPublishedAsAnInteger() throws Exception {
        String caseId = Events.newCaseId("integral");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        String eventId = event.get("eventId").asText();
        ObjectNode medication = (ObjectNode) event.get("history").get("medications").get(0);
        medication.put("startedDaysAgo", 3.0);
        ((ObjectNode) event.get("patient")).put("weightKg", 68.0);
        ((ObjectNode) event.get("patient")).put("ageYears", 58.0);
        assertThat(event.toString()).contains("\"startedDaysAgo\":3.0");

        Api.post(PUBLISHER, event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        var records = KafkaRecords.withEventId(sink(), eventId);
        assertThat(records).hasSize(1);
        JsonNode published = Events.JSON.readTree(records.get(0).getPayload());
        assertThat(published.at("/history/medications/0/startedDaysAgo").isInt()).isTrue();
        assertThat(published.at("/history/medications/0/startedDaysAgo").intValue()).isEqualTo(3);
        assertThat(published.at("/patient/ageYears").isInt()).isTrue();
        assertThat(published.at("/patient/weightKg").isDouble()).as("a number field keeps its decimals").isTrue();
        assertThat(published.at("/patient/weightKg").doubleValue()).isEqualTo(68.0);

        medication.put("startedDaysAgo", 3);
        Api.post(PUBLISHER, event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        assertThat(KafkaRecords.withEventId(sink(), eventId)).as("the same body: a repeat").hasSize(1);

        ObjectNode fractional = Events.event(HOSPITAL, caseId);
        ((ObjectNode) fractional.get("history").get("medications").get(0)).put("startedDaysAgo", 3.5);
        Api.post(PUBLISHER, fractional.toString()).then()
                .statusCode(400)
                .body("errors.pointer", containsInAnyOrder("/history/medications/0/startedDaysAgo"));
    }

    /** An accepted POST is counted, and logged at DEBUG only: no INFO line per POST at full rate. */
    @Test
    void anAcceptedPostLogsNothingAtInfo() {
        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("quiet"));
        String eventId = event.get("eventId").asText();
        List<String> lines;
        try (LogCapture logs = LogCapture.install()) {
            Api.post(PUBLISHER, event.toString()).then().statusCode(202);
            Api.post(PUBLISHER, event.toString()).then().statusCode(202);
            lines = logs.lines();
        }
        assertThat(lines).filteredOn(line -> line.contains(eventId))
                .as("the DEBUG lines are there (the test profile logs at DEBUG)").isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("DEBUG "));
    }

    @Test
    void repeatWithSameBodyIs202AgainAndChangesNothing() throws Exception {
        String caseId = Events.newCaseId("repeat");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        String eventId = event.get("eventId").asText();
        Api.post(PUBLISHER, event.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        String etag = Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(200).extract().header("ETag");

        // The same body with members in another order and pretty-printed is the same body.
        String reordered = Events.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reversed(event));
        for (String body : List.of(event.toString(), reordered)) {
            Api.post(PUBLISHER, body).then()
                    .statusCode(202)
                    .header("Location", "/api/v1/cases/" + caseId)
                    .body("eventId", equalTo(eventId))
                    .body("status", equalTo("accepted"));
        }
        assertThat(KafkaRecords.withEventId(sink(), eventId)).hasSize(1);
        assertThat(storedEvents(UUID.fromString(eventId))).isEqualTo(1);
        Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(200).header("ETag", etag);
    }

    @Test
    void sameEventIdWithAnotherBodyIs409AndChangesNothing() {
        String caseId = Events.newCaseId("conflict");
        ObjectNode event = Events.event(HOSPITAL, caseId);
        String eventId = event.get("eventId").asText();
        Api.post(PUBLISHER, event.toString()).then().statusCode(202);
        String hash = Database.text(dataSource, "SELECT body_sha256 FROM accepted_event WHERE event_id = ?", UUID.fromString(eventId));

        ObjectNode changed = event.deepCopy();
        ((ObjectNode) changed.get("patient")).put("ageYears", 59);
        Api.post(PUBLISHER, changed.toString()).then()
                .statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(409))
                .body("type", equalTo("urn:cop-pipeline:problem:idempotency-conflict"));

        // Reusing the id for another case is a different body too.
        ObjectNode otherCase = event.deepCopy().put("caseId", Events.newCaseId("conflict"));
        Api.post(PUBLISHER, otherCase.toString()).then().statusCode(409);

        assertThat(KafkaRecords.withEventId(sink(), eventId)).hasSize(1);
        assertThat(Database.text(dataSource, "SELECT body_sha256 FROM accepted_event WHERE event_id = ?", UUID.fromString(eventId)))
                .isEqualTo(hash);
    }

    @Test
    void olderEventIsStaleKeptInHistoryAndLeavesTheViewAlone() {
        String caseId = Events.newCaseId("stale");
        ObjectNode newer = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-03-02T10:00:00Z"));
        ObjectNode older = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-03-01T10:00:00Z"));
        Api.post(PUBLISHER, newer.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        String etag = Api.view(Tokens.viewer(HOSPITAL), caseId).then().extract().header("ETag");

        Api.post(PUBLISHER, older.toString()).then()
                .statusCode(202)
                .header("Location", "/api/v1/cases/" + caseId)
                .body("status", equalTo("stale"));
        // A repeat of the stale event answers what it answered the first time.
        Api.post(PUBLISHER, older.toString()).then().statusCode(202).body("status", equalTo("stale"));

        Api.view(Tokens.viewer(HOSPITAL), caseId).then()
                .statusCode(200)
                .header("ETag", etag)
                .body("eventId", equalTo(newer.get("eventId").asText()))
                .body("occurredAt", equalTo("2025-03-02T10:00:00Z"));
        Api.history(Tokens.viewer(HOSPITAL), caseId).then()
                .statusCode(200)
                .body("items.findAll { it.kind == 'event' }.eventId",
                        containsInAnyOrder(newer.get("eventId").asText(), older.get("eventId").asText()))
                .body("items.find { it.eventId == '" + older.get("eventId").asText() + "' }.status", equalTo("stale"));
    }

    @Test
    void equalOccurredAtIsDecidedByEventId() {
        String caseId = Events.newCaseId("tie");
        Instant at = Instant.parse("2025-03-05T08:00:00Z");
        List<UUID> ids = new ArrayList<>(List.of(UUID.randomUUID(), UUID.randomUUID()));
        ids.sort((a, b) -> a.toString().compareTo(b.toString()));
        Api.post(PUBLISHER, Events.event(ids.get(1), HOSPITAL, caseId, at).toString()).then()
                .statusCode(202).body("status", equalTo("accepted"));
        Api.post(PUBLISHER, Events.event(ids.get(0), HOSPITAL, caseId, at).toString()).then()
                .statusCode(202).body("status", equalTo("stale"));
        Api.view(Tokens.viewer(HOSPITAL), caseId).then().body("eventId", equalTo(ids.get(1).toString()));
    }

    @Test
    void newerEventReplacesTheView() {
        String caseId = Events.newCaseId("newer");
        ObjectNode first = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-03-01T10:00:00Z"));
        ObjectNode second = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-03-01T10:00:00.000001Z"));
        Api.post(PUBLISHER, first.toString()).then().statusCode(202);
        String etag = Api.view(Tokens.viewer(HOSPITAL), caseId).then().extract().header("ETag");
        Api.post(PUBLISHER, second.toString()).then().statusCode(202).body("status", equalTo("accepted"));
        String newEtag = Api.view(Tokens.viewer(HOSPITAL), caseId).then()
                .body("eventId", equalTo(second.get("eventId").asText()))
                .extract().header("ETag");
        assertThat(newEtag).isNotEqualTo(etag);
    }

    @Test
    void eventOfAnotherHospitalIs403AndNothingHappens() {
        ObjectNode event = Events.event("h-someone-else", Events.newCaseId("tenant"));
        Api.post(PUBLISHER, event.toString()).then()
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:tenant-mismatch"));
        assertThat(storedEvents(UUID.fromString(event.get("eventId").asText()))).isZero();
        assertThat(KafkaRecords.withEventId(sink(), event.get("eventId").asText())).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ 400

    static Stream<Arguments> contractViolations() {
        return Stream.of(
                violation("unknown top-level field", e -> e.put("bogus", true), "/bogus"),
                violation("misspelled nested field", e -> ((ObjectNode) e.get("patient")).put("wieghtKg", 70), "/patient/wieghtKg"),
                violation("unknown field in an array item", e -> ((ObjectNode) e.get("symptoms").get(0)).put("severity", 3),
                        "/symptoms/0/severity"),
                violation("missing eventId", e -> e.remove("eventId"), "/eventId"),
                violation("missing patient", e -> e.remove("patient"), "/patient"),
                violation("missing patient.ageYears", e -> ((ObjectNode) e.get("patient")).remove("ageYears"), "/patient/ageYears"),
                violation("age above 120", e -> ((ObjectNode) e.get("patient")).put("ageYears", 121), "/patient/ageYears"),
                violation("age negative", e -> ((ObjectNode) e.get("patient")).put("ageYears", -1), "/patient/ageYears"),
                violation("age not an integer", e -> ((ObjectNode) e.get("patient")).put("ageYears", 58.5), "/patient/ageYears"),
                violation("weight as text", e -> ((ObjectNode) e.get("patient")).put("weightKg", "77.7"), "/patient/weightKg"),
                violation("weight out of range", e -> ((ObjectNode) e.get("patient")).put("weightKg", 1.9), "/patient/weightKg"),
                violation("unknown symptom code", e -> ((ObjectNode) e.get("symptoms").get(1)).put("code", "sneezing"), "/symptoms/1/code"),
                violation("eventId not a UUID", e -> e.put("eventId", "not-a-uuid"), "/eventId"),
                violation("caseId with a slash", e -> e.put("caseId", "a/b"), "/caseId"),
                violation("hospitalId empty", e -> e.put("hospitalId", ""), "/hospitalId"),
                violation("occurredAt without offset", e -> e.put("occurredAt", "2025-03-01T10:00:00"), "/occurredAt"),
                violation("occurredAt impossible date", e -> e.put("occurredAt", "2025-02-30T10:00:00Z"), "/occurredAt"),
                violation("schemaVersion 2", e -> e.put("schemaVersion", 2), "/schemaVersion"),
                violation("duplicate CT findings", e -> ((ArrayNode) e.get("imaging").get("ct").get("findings")).add("peripheral-distribution"),
                        "/imaging/ct/findings"),
                violation("occurredAt in year 0000 (RFC 3339, but before what the store keeps)",
                        e -> e.put("occurredAt", "0000-06-01T10:00:00Z"), "/occurredAt"),
                violation("ATC code lower case", e -> ((ObjectNode) e.get("history").get("medications").get(0)).put("atcCode", "l01"),
                        "/history/medications/0/atcCode"),
                violation("NUL inside a text", e -> ((ObjectNode) e.get("tests").get("microbiology").get(1)).put("organism", "a\u0000b"),
                        "/tests/microbiology/1/organism"),
                violation("several at once", e -> {
                    e.put("extra", 1);
                    ((ObjectNode) e.get("patient")).put("ageYears", 500);
                    ((ObjectNode) e.get("measurements")).put("spo2RestPercent", 101);
                }, "/extra", "/patient/ageYears", "/measurements/spo2RestPercent"));
    }

    static Arguments violation(String name, Consumer<ObjectNode> change, String... pointers) {
        return Arguments.of(name, change, pointers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractViolations")
    void contractViolationIs400WithAPointerPerField(String name, Consumer<ObjectNode> change, String[] pointers) {
        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("invalid"));
        change.accept(event);
        Api.post(PUBLISHER, event.toString()).then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:validation"))
                .body("title", notNullValue())
                .body("status", equalTo(400))
                .body("detail", notNullValue())
                .body("errors.pointer", containsInAnyOrder(pointers))
                .body("errors.message", everyItem(notNullValue()));
        if (event.path("eventId").isTextual()) {
            assertThat(KafkaRecords.withEventId(sink(), event.get("eventId").asText())).isEmpty();
        }
    }

    /**
     * A literal that is no integer but reads as a whole double (1E-400 underflows to 0, one with 17 significant digits
     * rounds to 58) is refused in an integer field like 58.5, with the same message naming the field; 58.000 and 5.8E1
     * are whole and accepted.
     */
    @Test
    void aNonIntegerLiteralThatADoubleRoundsToAWholeNumberIs400() {
        ObjectNode plain = Events.event(HOSPITAL, Events.newCaseId("inexact"));
        ((ObjectNode) plain.get("patient")).put("ageYears", 58.5);
        String message = Api.post(PUBLISHER, plain.toString()).then().statusCode(400).extract().jsonPath()
                .getString("errors[0].message");
        for (String literal : List.of("1E-400", "-1e-400", "58.00000000000000001", "5.800000000000000000001E1")) {
            ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("inexact"));
            ((ObjectNode) event.get("patient")).put("ageYears", 4711);
            Api.post(PUBLISHER, event.toString().replace("\"ageYears\":4711", "\"ageYears\":" + literal)).then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo("urn:cop-pipeline:problem:validation"))
                    .body("errors.pointer", contains("/patient/ageYears"))
                    .body("errors.message", contains(message));
            assertThat(KafkaRecords.withEventId(sink(), event.get("eventId").asText())).as(literal).isEmpty();
        }
        // Inside an array item too.
        ObjectNode nested = Events.event(HOSPITAL, Events.newCaseId("inexact"));
        ((ObjectNode) nested.get("history").get("medications").get(0)).put("startedDaysAgo", 4711);
        Api.post(PUBLISHER, nested.toString().replace("\"startedDaysAgo\":4711", "\"startedDaysAgo\":1E-400")).then()
                .statusCode(400)
                .body("errors.pointer", contains("/history/medications/0/startedDaysAgo"))
                .body("errors.message", contains(message));
        for (String literal : List.of("58.000", "5.8E1")) {
            ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("inexact"));
            ((ObjectNode) event.get("patient")).put("ageYears", 4711);
            Api.post(PUBLISHER, event.toString().replace("\"ageYears\":4711", "\"ageYears\":" + literal)).then()
                    .statusCode(202);
        }
    }

    @Test
    void unpairedSurrogateIs400WithItsPointer() {
        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("surrogate"));
        ((ObjectNode) event.get("history").get("medications").get(0)).put("name", "SURROGATE-HERE");
        // Written as a JSON escape: a Java string with a lone surrogate cannot even be encoded as UTF-8.
        String body = event.toString().replace("SURROGATE-HERE", "x\\ud800");
        Api.post(PUBLISHER, body).then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.pointer", containsInAnyOrder("/history/medications/0/name"));
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{\"eventId\": "),
                Arguments.of("empty", ""),
                Arguments.of("only whitespace", "   "),
                Arguments.of("trailing garbage", "{} {}"),
                Arguments.of("duplicate member", "{\"eventId\": \"a\", \"eventId\": \"b\"}"),
                Arguments.of("single quotes", "{'eventId': 1}"),
                Arguments.of("nesting too deep", "[".repeat(5000) + "]".repeat(5000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedJsonIs400(String name, String body) {
        Api.post(PUBLISHER, body).then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:malformed-json"))
                .body("errors.pointer", hasItem(""));
    }

    static Stream<Arguments> oddBodies() {
        return Stream.of(
                Arguments.of("JSON array", "[1, 2]"),
                Arguments.of("JSON string", "\"case\""),
                Arguments.of("JSON null", "null"),
                Arguments.of("number too big for a double", "{\"patient\": {\"ageYears\": 1e400}}"),
                Arguments.of("integer beyond a long", "{\"patient\": {\"ageYears\": 123456789012345678901234567890}}"),
                Arguments.of("invalid UTF-8", new String(new byte[] { '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}' },
                        java.nio.charset.StandardCharsets.ISO_8859_1)),
                Arguments.of("object as eventId", "{\"eventId\": {\"$ne\": null}}"),
                Arguments.of("deep but allowed nesting under an unknown field", "{\"x\":" + "[".repeat(900) + "]".repeat(900) + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddBodies")
    void oddBodiesAre400NeverA500(String name, String body) {
        Api.as(PUBLISHER).contentType("application/json").body(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .post(Api.EVENTS).then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
    }

    // ------------------------------------------------------------------------------------------ bounded problems

    /** A schema-valid start and 87,000 empty symptoms: 256 KiB that are invalid 87,000 times over. */
    static String eightySevenThousandEmptySymptoms() {
        String start = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"caseId\":\"c-many\",\"hospitalId\":\"" + HOSPITAL
                + "\",\"occurredAt\":\"2025-03-01T10:00:00Z\",\"patient\":{\"ageYears\":58},\"symptoms\":[";
        return start + "{},".repeat(86_999) + "{}]}";
    }

    /**
     * CONTRACT 1.1: at most 100 entries in errors, then "truncated": true, and the problem body never over 64 KiB (it was
     * one entry per item: megabytes, and some 100 MB of heap per request).
     */
    @Test
    void eightySevenThousandInvalidItemsAnswerAtMost100ErrorsWithin64KiB() {
        String body = eightySevenThousandEmptySymptoms();
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024);
        io.restassured.response.Response answer = Api.post(PUBLISHER, body);
        answer.then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:validation"))
                .body("truncated", equalTo(true))
                .body("errors.pointer", hasItem("/symptoms"));
        assertThat(answer.jsonPath().getList("errors")).hasSizeBetween(1, 100);
        assertThat(answer.asByteArray().length).isLessThanOrEqualTo(64 * 1024);
    }

    /** Member names are the client's choice: 100 unknown ones of 2,400 characters each still answer within 64 KiB. */
    @Test
    void longUnknownMemberNamesCannotInflateTheProblem() {
        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("names"));
        for (int i = 0; i < 100; i++) {
            event.put(String.format("%03d", i) + "x".repeat(2_400), 1);
        }
        ObjectNode one = Events.event(HOSPITAL, Events.newCaseId("name"));
        one.put("y".repeat(250_000), 1);
        for (ObjectNode body : List.of(event, one)) {
            io.restassured.response.Response answer = Api.post(PUBLISHER, body.toString());
            answer.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
            assertThat(answer.asByteArray().length).isLessThanOrEqualTo(64 * 1024);
            List<String> pointers = answer.jsonPath().getList("errors.pointer");
            assertThat(pointers).isNotEmpty().allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(256));
        }
    }

    // ------------------------------------------------------------------------------------------ 413, 415

    @Test
    void bodyOver256KiBIs413() {
        String body = padded(Events.event(HOSPITAL, Events.newCaseId("big")), 256 * 1024 + 1);
        Api.post(PUBLISHER, body).then()
                .statusCode(413)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(413));
    }

    @Test
    void bodyOfExactly256KiBIsAccepted() {
        ObjectNode event = Events.event(HOSPITAL, Events.newCaseId("limit"));
        String body = padded(event, 256 * 1024);
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(256 * 1024);
        Api.post(PUBLISHER, body).then().statusCode(202);
    }

    @Test
    void hugeBodyIs413ProblemBeforeItIsRead() {
        Api.post(PUBLISHER, padded(Events.event(HOSPITAL, "huge"), 3 * 1024 * 1024)).then()
                .statusCode(413)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void chunkedBodyOver256KiBIs413() throws Exception {
        byte[] body = padded(Events.event(HOSPITAL, Events.newCaseId("chunked")), 300 * 1024)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + Api.EVENTS))
                .header("Authorization", "Bearer " + PUBLISHER)
                .header("Content-Type", "application/json")
                // A body of unknown length goes out chunked: no Content-Length to judge it by.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
    }

    @Test
    void wrongContentTypeIs415() {
        Api.as(PUBLISHER).contentType("text/plain").body(Events.event(HOSPITAL, "x").toString()).post(Api.EVENTS).then()
                .statusCode(415)
                .contentType(Problem.MEDIA_TYPE);
    }

    /** The event followed by spaces up to exactly {@code size} bytes (whitespace after JSON is allowed). */
    static String padded(ObjectNode event, int size) {
        String json = event.toString();
        return json + " ".repeat(size - json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    static ObjectNode reversed(JsonNode node) {
        ObjectNode copy = Events.JSON.createObjectNode();
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        Collections.reverse(fields);
        for (Map.Entry<String, JsonNode> field : fields) {
            copy.set(field.getKey(), field.getValue().isObject() ? reversed(field.getValue()) : field.getValue());
        }
        return copy;
    }
}
