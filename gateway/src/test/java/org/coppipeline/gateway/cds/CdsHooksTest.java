package org.coppipeline.gateway.cds;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.LogCapture;
import org.coppipeline.gateway.support.Metrics;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 7 over HTTP against the real gateway (embedded PostgreSQL, in-memory Kafka channels, real JWTs of two CDS
 * clients): discovery and every card against the CDS Hooks 2.0 rules, prefetch from the contract examples' FHIR
 * renderings, missing keys fetched from a stub FHIR server, 412, tenant isolation, feedback stored and counted. The
 * test plays the stages ({@link Stages}).
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class CdsHooksTest {

    static final String GLUCOCORTICOID_ATC = "H02AB07";
    static final String ATC = "http://www.whocc.no/atc";

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CdsSecrets secrets;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    Stages stages;

    @BeforeEach
    void play() {
        stages = new Stages(connector);
    }

    @AfterEach
    void stop() {
        stages.close();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    Response call(String path, String token, Object body) {
        var request = given().header("Authorization", "Bearer " + token).contentType("application/json");
        return body == null ? request.get(path) : request.body(body.toString()).post(path);
    }

    Response hookA(String service, ObjectNode body) {
        String path = "/cds-services/" + service;
        return call(path, CdsTokens.a(url(path)), body);
    }

    JsonNode json(Response response) {
        try {
            return Prefetch.JSON.readTree(response.asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String caseOf(String patientId) {
        return secrets.identity().caseId("https://ehr.test.example/fhir|" + patientId);
    }

    static String patient(String name) {
        return name + "-" + System.nanoTime();
    }

    // ------------------------------------------------------------------------------------------ discovery

    @Test
    void discoveryListsBothServicesWithTheirPrefetchTemplates() {
        Response response = call("/cds-services", CdsTokens.a(url("/cds-services")), null);
        response.then().statusCode(200).header("Cache-Control", "no-store");
        JsonNode document = json(response);
        CdsShape.discovery(document);
        assertThat(document.path("services").findValuesAsText("id")).containsExactly("cop-patient-view", "cop-glucocorticoid-order");
        assertThat(document.path("services").findValuesAsText("hook")).containsExactly("patient-view", "order-sign");
        for (JsonNode service : document.path("services")) {
            assertThat(service.path("title").asText()).isNotBlank();
            JsonNode prefetch = service.path("prefetch");
            assertThat(prefetch.path("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
            for (String type : List.of("Condition", "Observation", "MedicationRequest", "MedicationStatement", "Procedure",
                    "DiagnosticReport")) {
                assertThat(prefetch.toString()).contains("\"" + type + "?patient={{context.patientId}}\"");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ patient-view

    @Test
    void classicCopGivesOneInfoCardWithConclusionRecommendationSourcesAndTheCaseLink() {
        String patientId = patient("classic");
        String caseId = caseOf(patientId);
        stages.plan(caseId, Plans.copConfirmed());
        try (LogCapture logs = LogCapture.install()) {
            Response response = hookA("cop-patient-view",
                    Prefetch.request("patient-view", patientId, Prefetch.of("classic-cop-moderate", patientId)));
            response.then().statusCode(200).header("Cache-Control", "no-store");
            JsonNode answer = json(response);
            CdsShape.response(answer);
            assertThat(answer.path("cards")).hasSize(1);
            JsonNode card = answer.path("cards").get(0);
            assertThat(card.path("indicator").asText()).isEqualTo("info");
            assertThat(card.path("summary").asText()).contains("confirmed").contains("oral glucocorticoid");
            assertThat(card.path("detail").asText()).contains("`cop-confirmed`").contains("`oral-glucocorticoid`")
                    .contains("`Cordier-2006`").contains("`Lazor-2000`").contains("`CX-COP-CONFIRMED`");
            assertThat(card.path("source").path("label").asText()).isEqualTo("COP decision support (cop-knowledge-v2)");
            assertThat(card.path("links").get(0).path("url").asText())
                    .isEqualTo("http://localhost:" + port + "/dashboard/#/case/" + caseId);
            assertThat(card.has("suggestions")).isFalse();
            // The EHR's patient id and the chart's identifying data are neither logged nor stored.
            assertThat(logs.text()).doesNotContain(patientId).doesNotContain("ZZPHI");
        }
        List<JsonNode> events = stages.events(caseId);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.path("hospitalId").asText()).isEqualTo(CdsTokens.HOSPITAL_A);
        assertThat(event.toString()).doesNotContain(patientId).doesNotContain("ZZPHI");
        assertThat(event.path("imaging").path("ct").path("performed").asBoolean()).isTrue();
        assertThat(storedBodies(caseId)).allSatisfy(body -> assertThat(body).doesNotContain(patientId));
    }

    @Test
    void infectionPendingGivesACriticalCard() {
        String patientId = patient("pending");
        stages.plan(caseOf(patientId), Plans.infectionPending());
        JsonNode answer = json(hookA("cop-patient-view",
                Prefetch.request("patient-view", patientId, Prefetch.of("infection-pending", patientId))).then().statusCode(200)
                .extract().response());
        CdsShape.response(answer);
        JsonNode card = answer.path("cards").get(0);
        assertThat(answer.path("cards")).hasSize(1);
        assertThat(card.path("indicator").asText()).isEqualTo("critical");
        assertThat(card.path("summary").asText()).startsWith("Infection not excluded");
        assertThat(card.path("detail").asText()).contains("blood\\-culture \\(result pending\\)").contains("`TX-GATE-INFECTION`");
    }

    @Test
    void anIncompleteWorkupWithInfectionExcludedIsAWarningListingTheNextSteps() {
        String patientId = patient("workup");
        stages.plan(caseOf(patientId), Plans.otherCauseOpen());
        JsonNode answer = json(hookA("cop-patient-view",
                Prefetch.request("patient-view", patientId, Prefetch.of("classic-cop-moderate", patientId))));
        CdsShape.response(answer);
        JsonNode card = answer.path("cards").get(0);
        assertThat(card.path("indicator").asText()).isEqualTo("warning");
        assertThat(card.path("summary").asText()).contains("incomplete").contains("1 open step");
        assertThat(card.path("detail").asText()).contains("**Next steps:**").contains("autoimmunePanel \\(result pending\\)");
    }

    @Test
    void theSameChartTwiceIsOneEventAndAChangedChartANewOne() {
        String patientId = patient("repeat");
        String caseId = caseOf(patientId);
        stages.plan(caseId, Plans.copConfirmed());
        ObjectNode prefetch = Prefetch.of("classic-cop-moderate", patientId);
        hookA("cop-patient-view", Prefetch.request("patient-view", patientId, prefetch)).then().statusCode(200);
        JsonNode again = json(hookA("cop-patient-view", Prefetch.request("patient-view", patientId, prefetch)));
        assertThat(again.path("cards").get(0).path("indicator").asText()).isEqualTo("info");
        assertThat(stages.events(caseId)).hasSize(1);

        ((ObjectNode) prefetch.path("patient")).put("gender", "male");
        hookA("cop-patient-view", Prefetch.request("patient-view", patientId, prefetch)).then().statusCode(200);
        assertThat(stages.events(caseId)).hasSize(2);
    }

    @Test
    void withoutAPlanInTimeTheAnswerIsTheInProgressCard() {
        String patientId = patient("slow");
        String caseId = caseOf(patientId);
        JsonNode answer = json(hookA("cop-patient-view",
                Prefetch.request("patient-view", patientId, Prefetch.of("classic-cop-moderate", patientId))));
        CdsShape.response(answer);
        JsonNode card = answer.path("cards").get(0);
        assertThat(card.path("indicator").asText()).isEqualTo("info");
        assertThat(card.path("summary").asText()).contains("in progress");
        assertThat(card.path("links").get(0).path("url").asText()).endsWith("/dashboard/#/case/" + caseId);
        assertThat(stages.events(caseId)).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------ order-sign

    @Test
    void aGlucocorticoidOrderWhileInfectionIsNotExcludedGetsTheCriticalCardWithItsSuggestions() {
        String patientId = patient("order");
        String caseId = caseOf(patientId);
        stages.plan(caseId, Plans.infectionMissing());
        JsonNode answer = json(hookA("cop-glucocorticoid-order", Prefetch.orderSign(patientId,
                Prefetch.of("infection-pending", patientId), ATC, GLUCOCORTICOID_ATC, "prednisone 40 mg tablet")));
        CdsShape.response(answer);
        assertThat(answer.path("cards")).hasSize(1);
        JsonNode card = answer.path("cards").get(0);
        assertThat(card.path("indicator").asText()).isEqualTo("critical");
        assertThat(card.path("selectionBehavior").asText()).isEqualTo("at-most-one");
        assertThat(card.path("detail").asText()).contains("prednisone 40 mg tablet").contains("`incomplete`");

        JsonNode cancel = card.path("suggestions").get(0);
        assertThat(cancel.path("isRecommended").asBoolean()).isTrue();
        assertThat(cancel.path("actions")).hasSize(1);
        assertThat(cancel.path("actions").get(0).path("type").asText()).isEqualTo("delete");
        assertThat(cancel.path("actions").get(0).path("resourceId").asText()).isEqualTo("MedicationRequest/draft-rx-1");

        JsonNode workUp = card.path("suggestions").get(1);
        List<String> types = workUp.path("actions").findValuesAsText("type");
        assertThat(types).containsExactly("delete", "create", "create");
        JsonNode choice = workUp.path("actions").get(1).path("resource");
        assertThat(choice.path("resourceType").asText()).isEqualTo("ServiceRequest");
        assertThat(choice.path("code").path("text").asText()).isEqualTo("sputum-culture or bal-culture");
        assertThat(choice.path("code").has("coding")).isFalse();
        JsonNode pcr = workUp.path("actions").get(2).path("resource");
        assertThat(pcr.path("code").path("coding").get(0).path("code").asText()).isEqualTo("respiratory-pcr-panel");
        assertThat(pcr.path("code").path("coding").get(0).path("system").asText()).isEqualTo("urn:cop-pipeline:fhir:cop");
        assertThat(pcr.path("subject").path("reference").asText()).isEqualTo("Patient/" + patientId);
        assertThat(pcr.path("status").asText()).isEqualTo("draft");

        assertThat(card.path("overrideReasons").findValuesAsText("code")).contains("infection-excluded-elsewhere", "other-indication");
        assertThat(card.path("overrideReasons").findValuesAsText("system")).containsOnly(Cards.OVERRIDE_SYSTEM);
        assertThat(card.path("links").get(0).path("url").asText()).endsWith("#/case/" + caseId);
    }

    @Test
    void aGlucocorticoidOrderThePlanSupportsGetsNoCard() {
        String patientId = patient("supported");
        stages.plan(caseOf(patientId), Plans.copConfirmed());
        Response response = hookA("cop-glucocorticoid-order", Prefetch.orderSign(patientId,
                Prefetch.of("classic-cop-moderate", patientId), Glucocorticoids.RXNORM, "8640", "prednisone"));
        response.then().statusCode(200).header("Cache-Control", "no-store");
        assertThat(json(response).path("cards").isArray()).isTrue();
        assertThat(json(response).path("cards")).isEmpty();
    }

    @Test
    void aGlucocorticoidOrderWithInfectionExcludedButNoGlucocorticoidInThePlanGetsAnInfoCard() {
        String patientId = patient("unlikely");
        stages.plan(caseOf(patientId), Plans.opUnlikely());
        JsonNode answer = json(hookA("cop-glucocorticoid-order", Prefetch.orderSign(patientId,
                Prefetch.of("classic-cop-moderate", patientId), ATC, "H02AB06", "prednisolone")));
        CdsShape.response(answer);
        assertThat(answer.path("cards").get(0).path("indicator").asText()).isEqualTo("info");
        assertThat(answer.path("cards").get(0).has("suggestions")).isFalse();
    }

    @Test
    void anOrderWithoutAGlucocorticoidGetsNoCardAndPublishesNothing() {
        String patientId = patient("amoxicillin");
        String caseId = caseOf(patientId);
        stages.plan(caseId, Plans.infectionPending());
        Response response = hookA("cop-glucocorticoid-order", Prefetch.orderSign(patientId,
                Prefetch.of("infection-pending", patientId), ATC, "J01CA04", "amoxicillin"));
        response.then().statusCode(200);
        assertThat(json(response).path("cards")).isEmpty();
        assertThat(stages.events(caseId)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ prefetch and fetch

    @Test
    void missingPrefetchKeysAreFetchedFromTheFhirServerWithTheAccessToken() throws IOException {
        String patientId = patient("fetch");
        stages.plan(caseOf(patientId), Plans.copConfirmed());
        ObjectNode complete = Prefetch.of("classic-cop-moderate", patientId);
        Map<String, String> authorizations = new ConcurrentHashMap<>();
        List<String> paths = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fhir.createContext("/fhir/", exchange -> {
            String path = exchange.getRequestURI().toString();
            paths.add(path);
            authorizations.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            PrefetchKey key = java.util.Arrays.stream(PrefetchKey.values())
                    .filter(k -> path.startsWith("/fhir/" + k.resourceType())).findFirst().orElseThrow();
            byte[] body = complete.path(key.key()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fhir.start();
        try {
            ObjectNode partial = complete.deepCopy();
            partial.remove(List.of("patient", "observations", "conditions"));
            ObjectNode request = Prefetch.request("patient-view", patientId, partial);
            request.put("fhirServer", "http://127.0.0.1:" + fhir.getAddress().getPort() + "/fhir");
            request.putObject("fhirAuthorization").put("access_token", "opaque-ehr-token").put("token_type", "Bearer")
                    .put("expires_in", 300).put("scope", "user/*.read").put("subject", "cop-cds");
            String caseId = secrets.identity().caseId(request.path("fhirServer").asText() + "|" + patientId);
            stages.plan(caseId, Plans.copConfirmed());
            JsonNode answer = json(hookA("cop-patient-view", request));
            assertThat(answer.path("cards").get(0).path("indicator").asText()).isEqualTo("info");
            assertThat(paths).containsExactlyInAnyOrder("/fhir/Patient/" + patientId, "/fhir/Observation?patient=" + patientId,
                    "/fhir/Condition?patient=" + patientId);
            assertThat(authorizations.values()).containsOnly("Bearer opaque-ehr-token");
            JsonNode event = stages.events(caseId).get(0);
            assertThat(event.path("measurements").isObject()).isTrue();
            assertThat(event.path("symptoms").isArray()).isTrue();
        } finally {
            fhir.stop(0);
        }
    }

    @Test
    void aFhirServerThatFailsIs412() throws IOException {
        String patientId = patient("broken");
        AtomicInteger calls = new AtomicInteger();
        HttpServer fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fhir.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        fhir.start();
        try {
            ObjectNode prefetch = Prefetch.of("classic-cop-moderate", patientId);
            prefetch.remove("observations");
            ObjectNode request = Prefetch.request("patient-view", patientId, prefetch);
            request.put("fhirServer", "http://127.0.0.1:" + fhir.getAddress().getPort());
            Response response = hookA("cop-patient-view", request);
            response.then().statusCode(412).contentType(Problem.MEDIA_TYPE);
            assertThat(response.jsonPath().getString("detail")).contains("observations").doesNotContain(patientId);
            assertThat(calls.get()).as("one attempt, no retries").isEqualTo(1);
        } finally {
            fhir.stop(0);
        }
    }

    @Test
    void missingPrefetchWithoutAFhirServerIs412() {
        String patientId = patient("nofhir");
        ObjectNode prefetch = Prefetch.of("classic-cop-moderate", patientId);
        prefetch.remove("diagnosticReports");
        ObjectNode request = Prefetch.request("patient-view", patientId, prefetch);
        request.remove("fhirServer");
        Response response = hookA("cop-patient-view", request);
        response.then().statusCode(412).contentType(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:cop-pipeline:problem:precondition-failed");
        assertThat(response.jsonPath().getString("detail")).contains("diagnosticReports");

        ObjectNode nothing = Prefetch.request("patient-view", patientId, null);
        nothing.remove("fhirServer");
        hookA("cop-patient-view", nothing).then().statusCode(412);
    }

    @Test
    void badRequestsAre400WithPointers() {
        String patientId = patient("bad");
        ObjectNode wrongHook = Prefetch.request("order-sign", patientId, Prefetch.of("classic-cop-moderate", patientId));
        Response response = hookA("cop-patient-view", wrongHook);
        response.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getList("errors.pointer", String.class)).containsExactly("/hook");

        ObjectNode noPatient = Prefetch.request("patient-view", patientId, Prefetch.of("classic-cop-moderate", patientId));
        ((ObjectNode) noPatient.get("context")).remove("patientId");
        noPatient.put("fhirServer", "http://ehr.example/fhir");
        response = hookA("cop-patient-view", noPatient);
        response.then().statusCode(400);
        assertThat(response.jsonPath().getList("errors.pointer", String.class)).containsExactlyInAnyOrder("/context/patientId",
                "/fhirServer");

        // A value the contract cannot take is named where the request carried it.
        ObjectNode prefetch = Prefetch.of("classic-cop-moderate", patientId);
        JsonNode entries = prefetch.path("observations").path("entry");
        int index = 0;
        while (!entries.get(index).path("resource").has("valueQuantity")) {
            index++;
        }
        ((ObjectNode) entries.get(index).path("resource")).set("valueQuantity", Prefetch.JSON.createObjectNode()
                .put("value", 3).put("unit", "parsec").put("system", "http://unitsofmeasure.org").put("code", "pc"));
        response = hookA("cop-patient-view", Prefetch.request("patient-view", patientId, prefetch));
        response.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        String at = "/prefetch/observations/entry/" + index + "/resource/valueQuantity";
        assertThat(response.jsonPath().getList("errors.pointer", String.class)).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith(at));
        hookA("no-such-service", Prefetch.request("patient-view", patientId, null)).then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------------ tenancy

    @Test
    void aClientOfHospitalANeverSeesOrWritesHospitalBsCase() {
        String patientId = patient("shared");
        String caseId = caseOf(patientId);
        stages.plan(caseId, Plans.infectionPending());
        String path = "/cds-services/cop-patient-view";
        JsonNode fromB = json(call(path, CdsTokens.b(url(path)),
                Prefetch.request("patient-view", patientId, Prefetch.of("infection-pending", patientId))));
        assertThat(fromB.path("cards").get(0).path("indicator").asText()).isEqualTo("critical");

        // A's client with another chart of the same EHR patient id: its own case of its own hospital, never B's plan.
        stages.plan(caseId, Plans.copConfirmed());
        JsonNode fromA = json(hookA("cop-patient-view",
                Prefetch.request("patient-view", patientId, Prefetch.of("classic-cop-moderate", patientId))));
        assertThat(fromA.path("cards").get(0).path("indicator").asText()).isEqualTo("info");
        List<JsonNode> events = stages.events(caseId);
        assertThat(events).hasSize(2);
        assertThat(events.stream().map(e -> e.path("hospitalId").asText())).containsExactly(CdsTokens.HOSPITAL_B,
                CdsTokens.HOSPITAL_A);

        // Through the API, each hospital sees its own case only.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Api.view(Tokens.viewer(CdsTokens.HOSPITAL_A), caseId).jsonPath().getString("treatmentPlan.recommendation"))
                .isEqualTo("oral-glucocorticoid"));
        assertThat(Api.view(Tokens.viewer(CdsTokens.HOSPITAL_B), caseId).jsonPath().getString("treatmentPlan.recommendation"))
                .isEqualTo("complete-workup");
        Api.view(Tokens.viewer("h-other"), caseId).then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------------ feedback

    @Test
    void feedbackIsStoredWithoutPatientDataAndCountedByOutcomeAndBoundedReason() throws SQLException {
        String path = "/cds-services/cop-glucocorticoid-order/feedback";
        String card = java.util.UUID.randomUUID().toString();
        double overriddenBefore = Metrics.sum("gateway_cds_feedback_total", "outcome=\"overridden\"",
                "reason=\"infection-excluded-elsewhere\"");
        double otherBefore = Metrics.sum("gateway_cds_feedback_total", "reason=\"other\"");
        double acceptedBefore = Metrics.sum("gateway_cds_feedback_total", "outcome=\"accepted\"", "reason=\"none\"");
        String body = """
                {"feedback": [
                  {"card": "%s", "outcome": "overridden", "outcomeTimestamp": "2026-12-01T10:00:00Z",
                   "overrideReason": {"reason": {"code": "infection-excluded-elsewhere", "system": "%s",
                                                 "display": "Infection excluded"}, "userComment": "ZZPHI comment"}},
                  {"card": "%s", "outcome": "overridden", "outcomeTimestamp": "2026-12-01T10:01:00Z",
                   "overrideReason": {"reason": {"code": "made-up-by-the-ehr", "system": "urn:ehr:reasons"}}},
                  {"card": "%s", "outcome": "accepted", "outcomeTimestamp": "2026-12-01T10:02:00Z",
                   "acceptedSuggestions": [{"id": "%s"}]}
                ]}""".formatted(card, Cards.OVERRIDE_SYSTEM, card, card, java.util.UUID.randomUUID());
        Response response = call(path, CdsTokens.a(url(path)), body);
        response.then().statusCode(200).header("Cache-Control", "no-store");
        // The same feedback again is stored and counted once.
        call(path, CdsTokens.a(url(path)), body).then().statusCode(200);

        assertThat(Metrics.sum("gateway_cds_feedback_total", "outcome=\"overridden\"", "reason=\"infection-excluded-elsewhere\""))
                .isEqualTo(overriddenBefore + 1);
        assertThat(Metrics.sum("gateway_cds_feedback_total", "reason=\"other\"")).isEqualTo(otherBefore + 1);
        assertThat(Metrics.sum("gateway_cds_feedback_total", "outcome=\"accepted\"", "reason=\"none\"")).isEqualTo(acceptedBefore + 1);
        assertThat(Metrics.gateway()).noneMatch(line -> line.contains("made-up-by-the-ehr"));

        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT hospital_id, service_id, outcome, override_reason_code, accepted_suggestions, cds_feedback::text AS row"
                                + " FROM cds_feedback WHERE card_uuid = ? ORDER BY outcome_at")) {
            statement.setObject(1, java.util.UUID.fromString(card));
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    assertThat(result.getString("hospital_id")).isEqualTo(CdsTokens.HOSPITAL_A);
                    assertThat(result.getString("service_id")).isEqualTo("cop-glucocorticoid-order");
                    assertThat(result.getString("row")).doesNotContain("ZZPHI");
                    rows.add(result.getString("outcome") + ":" + result.getString("override_reason_code") + ":"
                            + result.getInt("accepted_suggestions"));
                }
            }
            assertThat(rows).containsExactly("overridden:infection-excluded-elsewhere:0", "overridden:made-up-by-the-ehr:0",
                    "accepted:null:1");
        }
    }

    @Test
    void invalidFeedbackIs400NamingEachProblem() {
        String path = "/cds-services/cop-patient-view/feedback";
        Response response = call(path, CdsTokens.a(url(path)), """
                {"feedback": [{"card": "not-a-uuid", "outcome": "ignored"},
                              {"card": "%s", "outcome": "accepted", "outcomeTimestamp": "2026-12-01T10:00:00Z"}]}"""
                .formatted(java.util.UUID.randomUUID()));
        response.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getList("errors.pointer", String.class)).containsExactly("/feedback/0/card",
                "/feedback/0/outcome", "/feedback/0/outcomeTimestamp", "/feedback/1/acceptedSuggestions");
        call(path, CdsTokens.a(url(path)), "{\"feedback\": []}").then().statusCode(400);
    }

    // ------------------------------------------------------------------------------------------ latency metric

    @Test
    void hookLatencyIsATimerByHookWithP50AndP99() {
        String patientId = patient("timed");
        stages.plan(caseOf(patientId), Plans.copConfirmed());
        hookA("cop-patient-view", Prefetch.request("patient-view", patientId, Prefetch.of("classic-cop-moderate", patientId)))
                .then().statusCode(200);
        List<String> samples = Metrics.samples("gateway_cds_hook_seconds", "gateway_cds_hook_seconds_count");
        assertThat(samples).anyMatch(s -> s.contains("hook=\"patient-view\"") && s.contains("quantile=\"0.99\""));
        assertThat(samples).anyMatch(s -> s.contains("hook=\"patient-view\"") && s.contains("quantile=\"0.5\""));
        assertThat(Metrics.sum("gateway_cds_hook_seconds_count", "hook=\"patient-view\"", "outcome=\"info\"")).isPositive();
    }

    private List<String> storedBodies(String caseId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT body::text FROM accepted_event WHERE case_id = ?")) {
            statement.setString(1, caseId);
            List<String> bodies = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    bodies.add(rows.getString(1));
                }
            }
            assertThat(bodies).isNotEmpty();
            return bodies;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
