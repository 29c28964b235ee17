package org.coppipeline.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
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

/**
 * CONTRACT 6 over HTTP: a Bundle takes exactly the path of POST /api/v1/case-events (real embedded PostgreSQL,
 * in-memory Kafka channel, real JWTs), $map stores and publishes nothing, errors point into the Bundle, and the
 * CodeSystem is the mapper's table.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class FhirEndpointsTest {

    static final String HOSPITAL = "h-fhir";
    static final String PUBLISHER = Tokens.publisher(HOSPITAL);
    static final String BUNDLE = "/api/v1/fhir/Bundle";
    static final String MAP = "/api/v1/fhir/Bundle/$map";
    static final String CODE_SYSTEM = "/api/v1/fhir/CodeSystem/cop";
    static final String FHIR_JSON = "application/fhir+json";

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FhirSupport fhir;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    InMemorySink<String> sink() {
        return connector.sink("case-events");
    }

    long stored(String eventId) {
        return Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE event_id = ?", UUID.fromString(eventId));
    }

    static ObjectNode bundle(String caseId, ObjectNode... resources) {
        ObjectNode bundle = Fhir.bundle(resources);
        ((ObjectNode) bundle.get("identifier")).put("value", caseId);
        return bundle;
    }

    static ObjectNode richBundle(String caseId) {
        ObjectNode foreign = Fhir.copObservation("trajectory", "improving");
        foreign.putObject("subject").put("reference", "Patient/someone-else");
        ObjectNode statement = Fhir.medicationStatement("active", "Amiodarone");
        statement.putObject("effectivePeriod").put("start", "2026-03-06T09:30:00Z");
        return bundle(caseId,
                Fhir.quantity(Fhir.observation(Fhir.LOINC, "29463-7"), "77.7", "kg"),
                Fhir.condition(Fhir.SNOMED, "267036007"),
                Fhir.quantity(Fhir.observation(Fhir.LOINC, "1988-5"), "8.5", "mg/dL"),
                Fhir.copObservation("trajectory", "progressive"),
                Fhir.report(Fhir.LOINC, "24627-2", "bilateral-consolidation", "peripheral-distribution"),
                statement,
                foreign);
    }

    /** "$map" as FHIR clients send it: RestAssured would percent-encode the "$". */
    static Response post(String token, String path, String contentType, ObjectNode body) {
        return Api.as(token).urlEncodingEnabled(false).contentType(contentType).body(body.toString()).post(path);
    }

    // ---------------------------------------------------------------------------------------------- 202

    @Test
    void aBundleIsAcceptedPublishedAndStoredLikeACaseEvent() throws Exception {
        String caseId = Events.newCaseId("fhir");
        ObjectNode bundle = richBundle(caseId);
        JsonNode mapped = Events.JSON.readTree(post(PUBLISHER, MAP, FHIR_JSON, bundle).then().statusCode(200).extract().asString());

        Response accepted = post(PUBLISHER, BUNDLE, FHIR_JSON, bundle);
        accepted.then()
                .statusCode(202)
                .contentType("application/json")
                .header("Location", "/api/v1/cases/" + caseId)
                .header("Cache-Control", "no-store")
                .body("caseId", equalTo(caseId))
                .body("status", equalTo("accepted"))
                .body("mapping.used.field", hasItems("/patient/ageYears", "/patient/weightKg", "/symptoms/0",
                        "/measurements/crpMgPerL", "/course/trajectory", "/imaging/ct/performed", "/imaging/ct/findings",
                        "/history/medications/0"))
                .body("mapping.ignored", equalTo(List.of(java.util.Map.of("pointer", "/entry/7/resource",
                        "resourceType", "Observation", "reason", "not-about-the-patient"))));
        String eventId = accepted.jsonPath().getString("eventId");
        assertThat(eventId).isEqualTo(mapped.at("/event/eventId").asText());

        var records = KafkaRecords.withEventId(sink(), eventId);
        assertThat(records).hasSize(1);
        assertThat(KafkaRecords.key(records.get(0))).isEqualTo(HOSPITAL + "/" + caseId);
        JsonNode published = Events.JSON.readTree(records.get(0).getPayload());
        assertThat(published).isEqualTo(Events.JSON.readTree(mapped.get("event").toString()));
        assertThat(published.at("/hospitalId").asText()).isEqualTo(HOSPITAL);
        assertThat(published.at("/measurements/crpMgPerL").decimalValue()).isEqualByComparingTo("85");
        assertThat(published.at("/patient/weightKg").asText()).isEqualTo("77.7");

        assertThat(stored(eventId)).isEqualTo(1);
        Api.view(Tokens.viewer(HOSPITAL), caseId).then()
                .statusCode(200)
                .body("eventId", equalTo(eventId))
                .body("stage", equalTo("received"));
    }

    @Test
    void everyFhirCallIsAuditedUnderItsOwnActionWithItsAnswer() {
        String caseId = Events.newCaseId("fhir-audit");
        String engine = Tokens.as("fhir-engine-3", HOSPITAL, Tokens.PUBLISHER);
        ObjectNode bundle = richBundle(caseId);
        post(engine, MAP, FHIR_JSON, bundle).then().statusCode(200);
        String eventId = post(engine, BUNDLE, FHIR_JSON, bundle).then().statusCode(202).extract().jsonPath().getString("eventId");
        ObjectNode noBirthDate = richBundle(Events.newCaseId("fhir-audit-refused"));
        ((ObjectNode) noBirthDate.at("/entry/0/resource")).remove("birthDate");
        post(engine, BUNDLE, FHIR_JSON, noBirthDate).then().statusCode(400);

        String auditor = Tokens.as("privacy-officer", HOSPITAL, Tokens.AUDITOR);
        List<java.util.Map<String, Object>> rows = await().atMost(Duration.ofSeconds(60)).until(
                () -> Api.audit(auditor, java.util.Map.of("actor", "fhir-engine-3")).then().statusCode(200)
                        .extract().jsonPath().<java.util.Map<String, Object>> getList("items"),
                items -> items.size() >= 3);
        assertThat(rows).extracting(e -> e.get("action") + " " + e.get("outcome"))
                .containsExactly("fhir-bundle.map 200", "fhir-bundle.post 202", "fhir-bundle.post 400");
        assertThat(rows.get(1)).containsEntry("caseId", caseId).containsEntry("eventId", eventId);
        assertThat(rows.get(2)).doesNotContainKey("caseId");
    }

    @Test
    void theSameBundleTwiceIsOneEvent() {
        String caseId = Events.newCaseId("fhir-twice");
        ObjectNode bundle = richBundle(caseId);
        String first = post(PUBLISHER, BUNDLE, FHIR_JSON, bundle).then().statusCode(202).extract().jsonPath().getString("eventId");
        // application/json is accepted as well; the same Bundle pretty-printed is the same Bundle.
        String second = Api.as(PUBLISHER).contentType("application/json").body(bundle.toPrettyString()).post(BUNDLE).then()
                .statusCode(202)
                .body("status", equalTo("accepted"))
                .extract().jsonPath().getString("eventId");
        assertThat(second).isEqualTo(first);
        assertThat(KafkaRecords.withEventId(sink(), first)).hasSize(1);
        assertThat(stored(first)).isEqualTo(1);
    }

    @Test
    void anOlderBundleOfTheCaseIsStale() {
        String caseId = Events.newCaseId("fhir-stale");
        post(PUBLISHER, BUNDLE, FHIR_JSON, richBundle(caseId)).then().statusCode(202).body("status", equalTo("accepted"));
        ObjectNode older = richBundle(caseId).put("timestamp", "2026-10-01T09:30:00Z");
        post(PUBLISHER, BUNDLE, FHIR_JSON, older).then().statusCode(202).body("status", equalTo("stale"));
    }

    @Test
    void theSameBundleIdWithOtherContentIs409() {
        String caseId = Events.newCaseId("fhir-conflict");
        ObjectNode bundle = richBundle(caseId).put("id", UUID.randomUUID().toString());
        post(PUBLISHER, BUNDLE, FHIR_JSON, bundle).then().statusCode(202);
        ((ObjectNode) bundle.at("/entry/4/resource/valueCodeableConcept/coding/0")).put("code", "stable");
        post(PUBLISHER, BUNDLE, FHIR_JSON, bundle).then()
                .statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:idempotency-conflict"));
    }

    @Test
    void aContractExampleRenderedInFhirIsAccepted() throws Exception {
        byte[] body;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fhir/amiodarone-secondary-op.bundle.json")) {
            body = in.readAllBytes();
        }
        // The example's Bundle.id is its eventId: another hospital's identical Bundle is its own event (keys per hospital).
        String hospital = "h-fhir-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(Tokens.publisher(hospital)).contentType(FHIR_JSON).body(body).post(BUNDLE).then()
                .statusCode(202)
                .body("eventId", equalTo("90f27ca6-e3fc-56bb-a09e-1a93fc7f445f"))
                .body("caseId", equalTo("PUB-002"));
    }

    // ---------------------------------------------------------------------------------------------- $map

    @Test
    void mapIsADryRunThatStoresAndPublishesNothing() {
        String caseId = Events.newCaseId("fhir-map");
        int before = sink().received().size();
        Response response = post(PUBLISHER, MAP, "application/json", richBundle(caseId));
        response.then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("event.caseId", equalTo(caseId))
                .body("event.hospitalId", equalTo(HOSPITAL))
                .body("event.symptoms[0].code", equalTo("dyspnea"))
                .body("event.history.medications[0].startedDaysAgo", equalTo(240))
                .body("mapping.used.size()", equalTo(9))
                .body("mapping.ignored.reason", containsInAnyOrder("not-about-the-patient"));
        String eventId = response.jsonPath().getString("event.eventId");
        assertThat(stored(eventId)).isZero();
        assertThat(KafkaRecords.withEventId(sink(), eventId)).isEmpty();
        assertThat(sink().received()).hasSize(before);
        Api.view(Tokens.viewer(HOSPITAL), caseId).then().statusCode(404);
    }

    @Test
    void aPercentEncodedDollarIsTheSameOperation() {
        // RestAssured encodes the "$" (as %24).
        Api.as(PUBLISHER).contentType(FHIR_JSON).body(richBundle(Events.newCaseId("fhir-enc")).toString()).post(MAP).then()
                .statusCode(200)
                .body("event.caseId", notNullValue());
    }

    // ---------------------------------------------------------------------------------------------- 400

    static Stream<Arguments> unmappable() {
        ObjectNode unit = bundle("c", Fhir.quantity(Fhir.observation(Fhir.LOINC, "1988-5"), "85", "mg/mL"));
        ObjectNode value = bundle("c", Fhir.copObservation("trajectory", "worse"));
        ObjectNode cop = bundle("c", Fhir.copObservation("trajectry", "stable"));
        ObjectNode conflict = bundle("c", Fhir.quantity(Fhir.observation(Fhir.LOINC, "1988-5"), "85", "mg/L"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) conflict.at("/entry/1/resource/code/coding")).addObject()
                .put("system", Fhir.LOINC).put("code", "6690-2");
        ObjectNode twoPatients = bundle("c", Fhir.patient("1980-01-01", "male"));
        ObjectNode noBirthDate = bundle("c");
        ((ObjectNode) noBirthDate.at("/entry/0/resource")).remove("birthDate");
        ObjectNode fractional = bundle("c", Fhir.quantity(Fhir.observation(Fhir.COP, "symptomDurationDays"), "1.5", "wk"));
        ObjectNode notR4 = bundle("c", Fhir.copObservation("trajectory", "stable").put("valueFoo", 1));
        ObjectNode r5Type = bundle("c", Fhir.JSON.createObjectNode().put("resourceType", "MedicationUsage").put("status", "recorded"));
        // Schema violations of the mapped event, reported where the Bundle fed them.
        ObjectNode tooOld = bundle("c");
        ((ObjectNode) tooOld.at("/entry/0/resource")).put("birthDate", "1890-01-01");
        ObjectNode spo2 = bundle("c", Fhir.quantity(Fhir.observation(Fhir.LOINC, "59408-5"), "120", "%"));
        ObjectNode badCaseId = bundle("a/b");
        ObjectNode lobesOnly = bundle("c", Fhir.observation(Fhir.COP, "lobesInvolved").put("valueInteger", 2));
        ObjectNode badAtc = bundle("c", Fhir.medicationStatement("active", "x"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) ((ObjectNode) badAtc.at("/entry/1/resource/medicationCodeableConcept"))
                .putArray("coding")).addObject().put("system", CodeTable.ATC).put("code", "l01");
        return Stream.of(
                Arguments.of("unknown unit", unit, "/entry/1/resource/valueQuantity/code", "/measurements/crpMgPerL"),
                Arguments.of("value outside the list", value, "/entry/1/resource/valueCodeableConcept/coding/0/code", "/course/trajectory"),
                Arguments.of("unknown cop code", cop, "/entry/1/resource/code/coding/0/code", null),
                Arguments.of("conflicting codings", conflict, "/entry/1/resource/code", null),
                Arguments.of("two Patients", twoPatients, "/entry/0/resource", "/patient"),
                Arguments.of("no birthDate", noBirthDate, "/entry/0/resource/birthDate", "/patient/ageYears"),
                Arguments.of("fractional days", fractional, "/entry/1/resource/valueQuantity/value", "/course/symptomDurationDays"),
                Arguments.of("not R4: unknown element", notR4, "/entry/1/resource/valueFoo", null),
                Arguments.of("not R4: R5 resource type", r5Type, "/entry/1/resource/resourceType", null),
                Arguments.of("mapped age over 120", tooOld, "/entry/0/resource/birthDate", "/patient/ageYears"),
                Arguments.of("mapped SpO2 over 100", spo2, "/entry/1/resource/valueQuantity/value", "/measurements/spo2RestPercent"),
                Arguments.of("mapped caseId off the pattern", badCaseId, "/identifier/value", "/caseId"),
                Arguments.of("mapped CT without performed", lobesOnly, "/entry/1/resource/valueInteger", "/imaging/ct/performed"),
                Arguments.of("mapped ATC code off the pattern", badAtc, "/entry/1/resource/medicationCodeableConcept/coding/0/code",
                        "/history/medications/0/atcCode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unmappable")
    void anUnmappableBundleIs400WithPointersIntoTheBundle(String name, ObjectNode bundle, String pointer, String eventPointer) {
        bundle = bundle.deepCopy();
        if (!bundle.at("/identifier/value").asText().contains("/")) {
            ((ObjectNode) bundle.get("identifier")).put("value", Events.newCaseId("fhir-400"));
        }
        for (String path : new String[] { BUNDLE, MAP }) {
            Response response = post(PUBLISHER, path, FHIR_JSON, bundle);
            response.then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo("urn:cop-pipeline:problem:validation"))
                    .body("detail", notNullValue())
                    .body("errors.pointer", hasItem(pointer))
                    .body("errors.message", everyItem(notNullValue()));
            if (eventPointer != null) {
                assertThat(response.jsonPath().getList("errors.findAll { it.pointer == '" + pointer + "' }.eventPointer"))
                        .contains(eventPointer);
            }
        }
        assertThat(Database.count(dataSource, "SELECT count(*) FROM accepted_event WHERE case_id = ?",
                bundle.at("/identifier/value").asText())).isZero();
    }

    @Test
    void malformedJsonIs400() {
        Api.as(PUBLISHER).contentType(FHIR_JSON).body("{\"resourceType\": \"Bundle\",").post(BUNDLE).then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:malformed-json"))
                .body("errors.pointer", hasItem(""));
    }

    @Test
    void aCaseEventIsNotABundle() {
        Api.as(PUBLISHER).contentType("application/json").body(Events.event(HOSPITAL, "x").toString()).post(BUNDLE).then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/resourceType"));
    }

    // ---------------------------------------------------------------------------------------------- 401, 403, 413, 415

    @Test
    void noOrBadTokenIs401OnEveryFhirEndpoint() {
        ObjectNode bundle = richBundle(Events.newCaseId("fhir-auth"));
        for (String token : new String[] { null, "not-a-jwt", Tokens.badSignature(HOSPITAL, Tokens.PUBLISHER),
                Tokens.expired(HOSPITAL, Tokens.PUBLISHER) }) {
            post(token, BUNDLE, FHIR_JSON, bundle).then().statusCode(401).contentType(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer");
            post(token, MAP, FHIR_JSON, bundle).then().statusCode(401).contentType(Problem.MEDIA_TYPE);
            Api.as(token).get(CODE_SYSTEM).then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void theWrongRoleIs403ForBundlesButAnyAuthenticatedCallerReadsTheCodeSystem() {
        ObjectNode bundle = richBundle(Events.newCaseId("fhir-role"));
        for (String token : new String[] { Tokens.viewer(HOSPITAL), Tokens.token(HOSPITAL, "case-auditor"), Tokens.token(HOSPITAL) }) {
            post(token, BUNDLE, FHIR_JSON, bundle).then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo("urn:cop-pipeline:problem:forbidden"));
            post(token, MAP, FHIR_JSON, bundle).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
            Api.as(token).get(CODE_SYSTEM).then().statusCode(200);
        }
        Api.as(Tokens.token(null, Tokens.VIEWER)).get(CODE_SYSTEM).then().statusCode(200);
        post(Tokens.token(null, Tokens.PUBLISHER), BUNDLE, FHIR_JSON, bundle).then().statusCode(403)
                .body("detail", equalTo("The token carries no valid hospital claim."));
    }

    @Test
    void over256KiBIs413() throws Exception {
        ObjectNode bundle = richBundle(Events.newCaseId("fhir-big"));
        String json = bundle.toString();
        String body = json + " ".repeat(256 * 1024 + 1 - json.getBytes(StandardCharsets.UTF_8).length);
        for (String path : new String[] { BUNDLE, MAP }) {
            Api.as(PUBLISHER).contentType(FHIR_JSON).body(body).post(path).then()
                    .statusCode(413)
                    .contentType(Problem.MEDIA_TYPE);
        }
        // Without a Content-Length (chunked) the resource refuses it itself.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BUNDLE))
                .header("Authorization", "Bearer " + PUBLISHER)
                .header("Content-Type", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
    }

    @Test
    void anotherMediaTypeIs415() {
        Api.as(PUBLISHER).contentType("application/fhir+xml").body("<Bundle/>").post(BUNDLE).then()
                .statusCode(415)
                .contentType(Problem.MEDIA_TYPE);
    }

    // ---------------------------------------------------------------------------------------------- CodeSystem

    @Test
    void theCodeSystemListsEveryCodeOfTheMappersTable() throws Exception {
        Response response = Api.as(Tokens.viewer(HOSPITAL)).accept(FHIR_JSON).get(CODE_SYSTEM);
        response.then().statusCode(200).contentType(FHIR_JSON);
        JsonNode system = Events.JSON.readTree(response.asString());
        assertThat(system.path("resourceType").asText()).isEqualTo("CodeSystem");
        assertThat(system.path("url").asText()).isEqualTo("urn:cop-pipeline:fhir:cop");
        assertThat(system.path("content").asText()).isEqualTo("complete");
        Set<String> listed = new TreeSet<>();
        system.path("concept").forEach(c -> listed.add(c.path("code").asText()));
        assertThat(listed).isEqualTo(new TreeSet<>(fhir.mapper().table().copCodes().keySet()));
        assertThat(listed).contains("crpMgPerL", "ct", "radiotherapy", "organism", "immunocompromised", "nodules", "op-pattern",
                "bal-stains", "atypical-serology", "negative", "transbronchial");
        assertThat(system.path("count").asInt()).isEqualTo(listed.size());

        Api.as(Tokens.viewer(HOSPITAL)).accept("application/json").get(CODE_SYSTEM).then()
                .statusCode(200)
                .contentType("application/json")
                .body("url", equalTo("urn:cop-pipeline:fhir:cop"));
    }

    @Test
    void theOpenApiDocumentDescribesTheFhirEndpoints() {
        org.coppipeline.gateway.support.Management.given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/fhir/Bundle'.post.responses.keySet()", hasItems("202", "400", "401", "403", "409", "413", "415", "503"))
                .body("paths.'/api/v1/fhir/Bundle/$map'.post.responses.keySet()", hasItems("200", "400", "401", "403", "413", "415"))
                .body("paths.'/api/v1/fhir/CodeSystem/cop'.get.responses.keySet()", hasItems("200", "401"))
                .body("paths.'/api/v1/fhir/Bundle'.post.requestBody.content.keySet()", hasItems(FHIR_JSON, "application/json"))
                .body("components.schemas.FieldError.properties.keySet()", hasItem("eventPointer"))
                .body("components.schemas.FhirMapping.properties.keySet()", hasItems("used", "ignored"));
    }

    // ---------------------------------------------------------------------------------------------- logs

    @Test
    void noPatientDataReachesTheLogs() {
        String text;
        String eventId;
        try (LogCapture logs = LogCapture.install()) {
            String caseId = Events.newCaseId("fhir-phi");
            ObjectNode bundle = richBundle(caseId);
            eventId = post(PUBLISHER, BUNDLE, FHIR_JSON, bundle).then().statusCode(202).extract().jsonPath().getString("eventId");
            post(PUBLISHER, BUNDLE, FHIR_JSON, bundle).then().statusCode(202);
            post(PUBLISHER, MAP, FHIR_JSON, bundle).then().statusCode(200);
            ObjectNode bad = bundle.deepCopy();
            ((ObjectNode) bad.at("/entry/1/resource/valueQuantity")).put("code", "ZZPHI-UNIT");
            ((ObjectNode) bad.at("/entry/0/resource")).put("ZZPHI-ELEMENT", "ZZPHI-VALUE");
            post(PUBLISHER, BUNDLE, FHIR_JSON, bad).then().statusCode(400);
            ObjectNode unmappable = bundle.deepCopy();
            ((ObjectNode) unmappable.at("/entry/4/resource/valueCodeableConcept/coding/0")).put("code", "ZZPHI-CODE");
            post(PUBLISHER, BUNDLE, FHIR_JSON, unmappable).then().statusCode(400);
            Api.as(PUBLISHER).contentType(FHIR_JSON).body("{\"name\": \"" + Fhir.PHI_NAME + "\" ,,").post(BUNDLE).then().statusCode(400);
            Api.as(PUBLISHER).contentType(FHIR_JSON).body(bundle.toString() + " ".repeat(300 * 1024)).post(BUNDLE).then().statusCode(413);
            text = logs.text();
        }
        assertThat(text).contains("event " + eventId + " accepted");
        for (String phi : new String[] { "ZZPHI", "Amiodarone", "77.7" }) {
            assertThat(text).as("log output must not contain %s", phi).doesNotContain(phi);
        }
    }
}
