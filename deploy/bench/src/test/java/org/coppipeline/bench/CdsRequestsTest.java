package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.local.DevCdsClient;

/** The CDS step's requests: CDS Hooks 2.0 shape, the prefetch of a chart of its own, and the client's JWT claims. */
class CdsRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY = "http://127.0.0.1:18080";
    private static final Instant NOW = Instant.parse("2026-12-05T04:00:00Z");

    @TempDir
    Path state;

    private CdsRequests requests;

    @BeforeEach
    void client() {
        requests = new CdsRequests(GATEWAY, DevCdsClient.ensure(state), "run1");
    }

    @Test
    void aPatientViewCallIsAHookRequestForAFreshChart() throws Exception {
        CdsRequests.Hook hook = requests.patientView(0, NOW);
        assertEquals(GATEWAY + "/cds-services/cop-patient-view", hook.url());
        JsonNode body = JSON.readTree(hook.body());
        assertEquals("patient-view", body.path("hook").asText());
        UUID.fromString(body.path("hookInstance").asText());
        assertEquals(CdsRequests.FHIR_SERVER, body.path("fhirServer").asText());
        assertEquals("bench-run1-0", body.path("context").path("patientId").asText());
        assertEquals("bench-run1-0", hook.patientId());

        JsonNode prefetch = body.path("prefetch");
        assertEquals(List.of("conditions", "observations", "medicationRequests", "medicationStatements", "procedures",
                "diagnosticReports", "patient"), names(prefetch), "the search keys, then the Patient");
        assertEquals("Patient", prefetch.path("patient").path("resourceType").asText());
        assertEquals("bench-run1-0", prefetch.path("patient").path("id").asText());
        int resources = 0;
        for (String key : List.of("conditions", "observations", "medicationRequests", "medicationStatements", "procedures", "diagnosticReports")) {
            assertEquals("Bundle", prefetch.path(key).path("resourceType").asText(), key);
            assertEquals("searchset", prefetch.path(key).path("type").asText(), key);
            resources += prefetch.path(key).path("entry").size();
        }
        assertTrue(resources > 10, "the example's resources are split over the keys: " + resources);
        String text = new String(hook.body(), StandardCharsets.UTF_8);
        assertFalse(text.contains("Patient/pat-1"), "every reference names the chart's own patient");
        assertFalse(text.contains("urn:uuid:2d0c7b53"), "every reference names the chart's own patient");
        assertTrue(text.contains("\"Patient/bench-run1-0\""));
    }

    @Test
    void chartsAlternateBetweenTheExamplesAndTheDevHospitalsAndNeverRepeat() throws Exception {
        CdsRequests.Hook first = requests.patientView(0, NOW);
        CdsRequests.Hook second = requests.patientView(1, NOW);
        assertEquals("classic-cop-moderate", first.example());
        assertEquals("infection-pending", second.example());
        assertEquals(DevCdsClient.HOSPITALS.get(0), first.hospital());
        assertEquals(DevCdsClient.HOSPITALS.get(1), second.hospital());
        assertNotEquals(first.patientId(), second.patientId());
        assertNotEquals(JSON.readTree(first.body()).path("hookInstance"), JSON.readTree(second.body()).path("hookInstance"));
    }

    @Test
    void theTokenIsTheDevCdsClientsForTheCalledUrlWithAFreshJti() throws Exception {
        List<String> jtis = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            CdsRequests.Hook hook = requests.patientView(n, NOW);
            assertTrue(hook.authorization().startsWith("Bearer "));
            String[] jwt = hook.authorization().substring(7).split("\\.");
            assertEquals(3, jwt.length);
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
            assertEquals("ES384", header.path("alg").asText());
            assertEquals(DevCdsClient.issuer(hook.hospital()), claims.path("iss").asText());
            assertEquals(hook.url(), claims.path("aud").asText(), "aud is the URL called");
            assertEquals(NOW.getEpochSecond(), claims.path("iat").asLong());
            long lifetime = claims.path("exp").asLong() - claims.path("iat").asLong();
            assertTrue(lifetime > 0 && lifetime <= 300, "at most 5 minutes ahead: " + lifetime);
            jtis.add(claims.path("jti").asText());
        }
        assertNotEquals(jtis.get(0), jtis.get(1), "one token per call");
        CdsRequests.Hook hook = requests.patientView(5, NOW);
        assertNotEquals(hook.authorization(), requests.freshToken(hook, NOW).authorization());
    }

    @Test
    void anOrderSignCallSignsPrednisoneForTheSameChart() throws Exception {
        CdsRequests.Hook view = requests.patientView(1, NOW);
        CdsRequests.Hook order = requests.orderSign(view, NOW);
        assertEquals(GATEWAY + "/cds-services/cop-glucocorticoid-order", order.url());
        JsonNode body = JSON.readTree(order.body());
        assertEquals("order-sign", body.path("hook").asText());
        assertEquals(view.patientId(), body.path("context").path("patientId").asText());
        assertEquals(JSON.readTree(view.body()).path("prefetch"), body.path("prefetch"), "the same chart: the same suite event");
        JsonNode draft = body.path("context").path("draftOrders").path("entry").get(0).path("resource");
        assertEquals("MedicationRequest", draft.path("resourceType").asText());
        assertEquals("draft", draft.path("status").asText());
        assertEquals("H02AB07", draft.path("medicationCodeableConcept").path("coding").get(0).path("code").asText());
        assertEquals("Patient/" + view.patientId(), draft.path("subject").path("reference").asText());
        String[] jwt = order.authorization().substring(7).split("\\.");
        assertEquals(order.url(), JSON.readTree(Base64.getUrlDecoder().decode(jwt[1])).path("aud").asText());
    }

    @Test
    void answersAreToldApart() {
        assertEquals(CdsRequests.Answer.FINAL, CdsRequests.classify(bytes("{\"cards\":[{\"summary\":\"COP confirmed\",\"indicator\":\"info\"}]}")));
        assertEquals(CdsRequests.Answer.IN_PROGRESS, CdsRequests.classify(bytes(
                "{\"cards\":[{\"summary\":\"COP assessment in progress: the result will be on the dashboard shortly.\",\"indicator\":\"info\"}]}")));
        assertEquals(CdsRequests.Answer.NO_CARD, CdsRequests.classify(bytes("{\"cards\":[]}")));
        assertEquals(CdsRequests.Answer.MALFORMED, CdsRequests.classify(bytes("{\"services\":[]}")));
        assertEquals(CdsRequests.Answer.MALFORMED, CdsRequests.classify(bytes("not json")));
        assertEquals("final critical", CdsLoad.kind(bytes("{\"cards\":[{\"summary\":\"Infection not excluded\",\"indicator\":\"critical\"}]}")));
        assertEquals("in progress", CdsLoad.kind(bytes("{\"cards\":[{\"summary\":\"COP assessment in progress\",\"indicator\":\"info\"}]}")));
        assertEquals("no card", CdsLoad.kind(bytes("{\"cards\":[]}")));
    }

    @Test
    void oneOrderPerBlockOfChartsAlternatingBetweenTheExamples() {
        for (int n : new int[] { 1, 2, 3, 4, 10 }) {
            List<Integer> orders = new ArrayList<>();
            for (int i = 0; i < 40 * n; i++) {
                if (CdsLoad.isOrderCase(i, n)) {
                    orders.add(i);
                }
            }
            assertEquals(40, orders.size(), "one per block of " + n);
            for (int k = 0; k < orders.size(); k++) {
                assertEquals(k, orders.get(k) / n, "the k-th order lies in the k-th block of " + n);
            }
            if (n > 1) {
                long classic = orders.stream().filter(i -> i % CdsRequests.EXAMPLES.size() == 0).count();
                assertEquals(20, classic, "half of the orders are for classic COP charts, every " + n);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
