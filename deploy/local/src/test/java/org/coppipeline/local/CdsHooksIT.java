package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CONTRACT 7 end to end: the gateway's CDS Hooks service on the real stack (broker, embedded PostgreSQL, the four
 * packaged services, the dev CDS client on the allowlist), called as an EHR calls it with tokens from
 * deploy/local/cds-token.sh's signer. The real stages plan the FHIR renderings of the contract examples: classic COP
 * gives the info card, the pending culture the critical one, a prednisone order (ATC H02AB07) for that patient the
 * critical card with the delete suggestion, and the same order for the classic patient no card. Hook latencies are
 * printed (no assertion on them) with the gateway's own timer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdsHooksIT {
    private static final Duration PLANNED_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PATIENT_URL = "urn:uuid:2d0c7b53-5d7e-4a5e-9f61-4c3a5f3e8b21";
    private static final String FHIR_SERVER = "https://ehr.hosp-a.example/fhir";
    private static final String[] KEYS = { "patient", "conditions", "observations", "medicationRequests",
            "medicationStatements", "procedures", "diagnosticReports" };
    private static final String[] TYPES = { "Patient", "Condition", "Observation", "MedicationRequest", "MedicationStatement",
            "Procedure", "DiagnosticReport" };

    private Path stateDir;
    private LocalStack stack;
    private String gateway;
    private DevCdsClient client;
    private final List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void startEverything() {
        stateDir = TestSupport.stateDir("cds-e2e");
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.allOf(Service.class), null,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, TestSupport.START_TIMEOUT, false);
        stack = LocalStack.start(options, TestSupport.repo(), stateDir);
        gateway = stack.service(Service.GATEWAY).orElseThrow().url("");
        client = stack.devCdsClient().orElseThrow();
    }

    @AfterAll
    void stopEverything() {
        if (latenciesMillis.size() > 1) {
            List<Long> sorted = new ArrayList<>(latenciesMillis);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "CdsHooksIT: %d hook calls, client-side latency p50 %d ms, p99 %d ms, max %d ms%n",
                    sorted.size(), percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
        }
        if (stack != null) {
            try {
                String metrics = get("/q/metrics", null).body();
                metrics.lines().filter(l -> l.startsWith("gateway_cds_hook_seconds")).forEach(l -> System.out.println("CdsHooksIT: " + l));
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.out.println("CdsHooksIT: metrics not read: " + e);
            }
            stack.close();
        }
    }

    @Test
    @Order(1)
    void discoveryWithATokenFromCdsTokenSh() throws Exception {
        String url = gateway + "/cds-services";
        Process script = new ProcessBuilder(TestSupport.repo().root().resolve("deploy/local/cds-token.sh").toString(),
                "--state-dir", stateDir.toString(), "--hospital", "hosp-a", "--audience", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, script.exitValue(), "cds-token.sh");
        List<String> lines = output.lines().toList();
        String token = lines.get(lines.size() - 1);
        HttpResponse<String> discovery = get("/cds-services", token);
        assertEquals(200, discovery.statusCode(), discovery.body());
        assertEquals("no-store", discovery.headers().firstValue("Cache-Control").orElse(""));
        JsonNode services = JSON.readTree(discovery.body()).path("services");
        assertEquals(List.of("cop-patient-view", "cop-glucocorticoid-order"), services.findValuesAsText("id"));
        assertEquals(List.of("patient-view", "order-sign"), services.findValuesAsText("hook"));
        assertEquals(401, get("/cds-services", token).statusCode(), "the same token again is a replay");
        assertEquals(401, get("/cds-services", null).statusCode(), "no token");
    }

    @Test
    @Order(2)
    void classicCopGivesTheInfoCardWithConclusionAndRecommendation() throws Exception {
        JsonNode card = patientView("classic-cop-moderate", "e2e-classic");
        assertEquals("info", card.path("indicator").asText(), card.toString());
        assertTrue(card.path("summary").asText().contains("confirmed"), card.toString());
        assertTrue(card.path("summary").asText().length() < 140);
        assertTrue(card.path("detail").asText().contains("`cop-confirmed`"), card.toString());
        assertTrue(card.path("detail").asText().contains("`oral-glucocorticoid`"), card.toString());
        assertEquals("COP decision support (cop-knowledge-v2)", card.path("source").path("label").asText());
        assertTrue(card.path("links").get(0).path("url").asText().startsWith(gateway + "/dashboard/#/case/cds-"), card.toString());
    }

    @Test
    @Order(3)
    void infectionPendingGivesACriticalCard() throws Exception {
        JsonNode card = patientView("infection-pending", "e2e-pending");
        assertEquals("critical", card.path("indicator").asText(), card.toString());
        assertTrue(card.path("detail").asText().contains("blood\\-culture"), card.toString());
    }

    @Test
    @Order(4)
    void aPrednisoneOrderWhileInfectionIsPendingGetsTheCriticalCardWithTheDeleteSuggestion() throws Exception {
        JsonNode answer = planned(() -> hook("cop-glucocorticoid-order",
                orderSign("e2e-pending", prefetch("infection-pending", "e2e-pending"))));
        assertEquals(1, answer.path("cards").size(), answer.toString());
        JsonNode card = answer.path("cards").get(0);
        assertEquals("critical", card.path("indicator").asText(), card.toString());
        assertEquals("at-most-one", card.path("selectionBehavior").asText());
        JsonNode delete = card.path("suggestions").get(0).path("actions").get(0);
        assertEquals("delete", delete.path("type").asText(), card.toString());
        assertEquals("MedicationRequest/draft-prednisone-1", delete.path("resourceId").asText());
        assertTrue(card.path("overrideReasons").size() >= 1);

        String feedbackUrl = gateway + "/cds-services/cop-glucocorticoid-order/feedback";
        String feedback = """
                {"feedback": [{"card": "%s", "outcome": "overridden", "outcomeTimestamp": "%s",
                  "overrideReason": {"reason": %s}}]}""".formatted(card.path("uuid").asText(), Instant.now(),
                card.path("overrideReasons").get(0));
        assertEquals(200, post(feedbackUrl, feedback).statusCode());
    }

    @Test
    @Order(5)
    void theSameOrderForACaseWhosePlanSupportsAGlucocorticoidGetsNoCard() throws Exception {
        patientView("classic-cop-moderate", "e2e-classic-order");
        JsonNode answer = hook("cop-glucocorticoid-order",
                orderSign("e2e-classic-order", prefetch("classic-cop-moderate", "e2e-classic-order")));
        assertTrue(answer.path("cards").isArray(), answer.toString());
        assertEquals(0, answer.path("cards").size(), answer.toString());
    }

    /** Fresh charts one after the other, each through the whole pipeline: the latencies printed at the end. */
    @Test
    @Order(6)
    void aSeriesOfFreshChartsIsAnsweredWithTheirCards() throws Exception {
        for (int i = 0; i < 20; i++) {
            String patient = "e2e-series-" + i;
            boolean classic = i % 2 == 0;
            JsonNode answer = planned(() -> hook("cop-patient-view", request("patient-view", patient,
                    prefetch(classic ? "classic-cop-moderate" : "infection-pending", patient))));
            assertEquals(1, answer.path("cards").size(), answer.toString());
            assertEquals(classic ? "info" : "critical", answer.path("cards").get(0).path("indicator").asText(), answer.toString());
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    interface Call {
        JsonNode call() throws Exception;
    }

    /** A hook answered "in progress" (a cold pipeline) is asked again: the same chart is the same event. */
    private JsonNode planned(Call call) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("a planned answer; " + TestSupport.logsHint(stateDir)).atMost(PLANNED_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last[0] = call.call();
                    JsonNode cards = last[0].path("cards");
                    return cards.isEmpty() || !cards.get(0).path("summary").asText().contains("in progress");
                });
        return last[0];
    }

    private JsonNode patientView(String example, String patient) throws Exception {
        JsonNode answer = planned(() -> hook("cop-patient-view", request("patient-view", patient, prefetch(example, patient))));
        assertEquals(1, answer.path("cards").size(), answer.toString());
        JsonNode card = answer.path("cards").get(0);
        assertFalse(card.toString().contains("\"\""), "no empty string: " + card);
        return card;
    }

    private JsonNode hook(String service, ObjectNode request) throws Exception {
        String url = gateway + "/cds-services/" + service;
        long started = System.nanoTime();
        HttpResponse<String> response = post(url, JSON.writeValueAsString(request));
        latenciesMillis.add((System.nanoTime() - started) / 1_000_000);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + client.sign("hosp-a", url, Duration.ofSeconds(240), Instant.now()))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode request(String hook, String patient, ObjectNode prefetch) {
        ObjectNode request = JSON.createObjectNode();
        request.put("hookInstance", UUID.randomUUID().toString());
        request.put("hook", hook);
        request.put("fhirServer", FHIR_SERVER);
        request.putObject("context").put("userId", "Practitioner/dr-e2e").put("patientId", patient);
        request.set("prefetch", prefetch);
        return request;
    }

    private static ObjectNode orderSign(String patient, ObjectNode prefetch) {
        ObjectNode request = request("order-sign", patient, prefetch);
        ObjectNode drafts = ((ObjectNode) request.get("context")).putObject("draftOrders");
        drafts.put("resourceType", "Bundle").put("type", "collection");
        ObjectNode order = drafts.putArray("entry").addObject().putObject("resource");
        order.put("resourceType", "MedicationRequest").put("id", "draft-prednisone-1").put("status", "draft").put("intent", "order");
        ObjectNode medication = order.putObject("medicationCodeableConcept");
        medication.putArray("coding").addObject().put("system", "http://www.whocc.no/atc").put("code", "H02AB07")
                .put("display", "prednisone");
        medication.put("text", "prednisone 40 mg tablet");
        order.putObject("subject").put("reference", "Patient/" + patient);
        return request;
    }

    /** The example's FHIR rendering as an EHR's prefetch: the Patient, and a searchset Bundle per search key. */
    private static ObjectNode prefetch(String example, String patient) throws IOException {
        String text;
        try (InputStream in = CdsHooksIT.class.getClassLoader().getResourceAsStream("fhir/" + example + ".bundle.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode bundle = JSON.readTree(text.replace("\"" + PATIENT_URL + "\"", "\"Patient/" + patient + "\"")
                .replace("\"Patient/pat-1\"", "\"Patient/" + patient + "\""));
        ObjectNode prefetch = JSON.createObjectNode();
        for (int k = 1; k < KEYS.length; k++) {
            prefetch.putObject(KEYS[k]).put("resourceType", "Bundle").put("type", "searchset").putArray("entry");
        }
        for (JsonNode entry : bundle.path("entry")) {
            String type = entry.path("resource").path("resourceType").asText();
            for (int k = 0; k < TYPES.length; k++) {
                if (TYPES[k].equals(type)) {
                    if (k == 0) {
                        ObjectNode patientResource = (ObjectNode) entry.path("resource").deepCopy();
                        patientResource.put("id", patient);
                        prefetch.set(KEYS[0], patientResource);
                    } else {
                        ((ArrayNode) prefetch.path(KEYS[k]).path("entry")).addObject().set("resource", entry.path("resource"));
                    }
                }
            }
        }
        return prefetch;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
