package org.coppipeline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.local.DevCdsClient;

/**
 * The CDS Hooks 2.0 requests of the CDS step (CONTRACT 7), built as an EHR sends them and as deploy/local's CdsHooksIT
 * does: a fresh chart per request (its own patient id, so each request is a new suite case through the three stages),
 * the FHIR rendering of a contract example as prefetch (the Patient, and a searchset Bundle per search key), and the
 * dev CDS client's JWT (what deploy/local/cds-token.sh prints: ES384, iss of the hospital, aud = the URL called, a
 * fresh jti per call). Charts alternate between classic COP (an info card) and the pending infection work-up (a critical
 * card); an order-sign request carries a draft prednisone MedicationRequest (ATC H02AB07).
 */
public final class CdsRequests {

    public static final String PATIENT_VIEW = "cop-patient-view";
    public static final String ORDER_SIGN = "cop-glucocorticoid-order";
    /** The FHIR renderings copied from deploy/local's test resources (CdsRequestsCopyTest compares them). */
    public static final List<String> EXAMPLES = List.of("classic-cop-moderate", "infection-pending");
    static final String FHIR_SERVER = "https://ehr.bench.example/fhir";
    /** A token is good for one call; minted at most this long before it is used (the gateway takes up to 5 min). */
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(240);
    private static final String PATIENT_URL = "urn:uuid:2d0c7b53-5d7e-4a5e-9f61-4c3a5f3e8b21";
    private static final String[] KEYS = { "patient", "conditions", "observations", "medicationRequests",
            "medicationStatements", "procedures", "diagnosticReports" };
    private static final String[] TYPES = { "Patient", "Condition", "Observation", "MedicationRequest", "MedicationStatement",
            "Procedure", "DiagnosticReport" };
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One hook call ready to send: the URL, its body and its Authorization header value. */
    public record Hook(String url, String hospital, String patientId, String example, byte[] body, String authorization) {
    }

    private final String gatewayUrl;
    private final DevCdsClient client;
    private final String runId;
    private final Map<String, String> bundles = new LinkedHashMap<>();

    public CdsRequests(String gatewayUrl, DevCdsClient client, String runId) {
        this.gatewayUrl = gatewayUrl;
        this.client = client;
        this.runId = runId;
        for (String example : EXAMPLES) {
            try (InputStream in = CdsRequests.class.getResourceAsStream("/fhir/" + example + ".bundle.json")) {
                if (in == null) {
                    throw new IllegalStateException("classpath resource fhir/" + example + ".bundle.json is missing");
                }
                bundles.put(example, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public String url(String service) {
        return gatewayUrl + "/cds-services/" + service;
    }

    /** The n-th chart of this run: example n mod 2, hospital n mod 2 of the dev CDS client's, a patient of its own. */
    public Hook patientView(long n, Instant now) {
        String example = EXAMPLES.get((int) (n % EXAMPLES.size()));
        String hospital = DevCdsClient.HOSPITALS.get((int) (n % DevCdsClient.HOSPITALS.size()));
        String patient = "bench-" + runId + "-" + n;
        return hook(PATIENT_VIEW, hospital, patient, example, request("patient-view", patient, prefetch(example, patient)), now);
    }

    /** The prednisone order for the chart of {@code view} (the same prefetch: the same suite event). */
    public Hook orderSign(Hook view, Instant now) {
        ObjectNode request = request("order-sign", view.patientId(), prefetch(view.example(), view.patientId()));
        ObjectNode drafts = ((ObjectNode) request.get("context")).putObject("draftOrders");
        drafts.put("resourceType", "Bundle").put("type", "collection");
        ObjectNode order = drafts.putArray("entry").addObject().putObject("resource");
        order.put("resourceType", "MedicationRequest").put("id", "draft-prednisone-1").put("status", "draft").put("intent", "order");
        ObjectNode medication = order.putObject("medicationCodeableConcept");
        medication.putArray("coding").addObject().put("system", "http://www.whocc.no/atc").put("code", "H02AB07")
                .put("display", "prednisone");
        medication.put("text", "prednisone 40 mg tablet");
        order.putObject("subject").put("reference", "Patient/" + view.patientId());
        return hook(ORDER_SIGN, view.hospital(), view.patientId(), view.example(), request, now);
    }

    /** The same call with a token minted now (a token minted ahead may not outlive a long step). */
    public Hook freshToken(Hook hook, Instant now) {
        return new Hook(hook.url(), hook.hospital(), hook.patientId(), hook.example(), hook.body(),
                "Bearer " + client.sign(hook.hospital(), hook.url(), TOKEN_LIFETIME, now));
    }

    private Hook hook(String service, String hospital, String patient, String example, ObjectNode request, Instant now) {
        String url = url(service);
        try {
            return new Hook(url, hospital, patient, example, JSON.writeValueAsBytes(request),
                    "Bearer " + client.sign(hospital, url, TOKEN_LIFETIME, now));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode request(String hook, String patient, ObjectNode prefetch) {
        ObjectNode request = JSON.createObjectNode();
        request.put("hookInstance", UUID.randomUUID().toString());
        request.put("hook", hook);
        request.put("fhirServer", FHIR_SERVER);
        request.putObject("context").put("userId", "Practitioner/bench").put("patientId", patient);
        request.set("prefetch", prefetch);
        return request;
    }

    /** The example's FHIR rendering as an EHR's prefetch: the Patient, and a searchset Bundle per search key. */
    ObjectNode prefetch(String example, String patient) {
        JsonNode bundle;
        try {
            bundle = JSON.readTree(bundles.get(example).replace("\"" + PATIENT_URL + "\"", "\"Patient/" + patient + "\"")
                    .replace("\"Patient/pat-1\"", "\"Patient/" + patient + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** What a hook answer says, for the counts of the CDS step. */
    public enum Answer {
        /** Cards built from the planned view. */
        FINAL,
        /** The "assessment in progress" card: the plan was not there within the service's wait (2 s by default). */
        IN_PROGRESS,
        /** An empty card list (the order-sign hook for a plan that supports the glucocorticoid). */
        NO_CARD,
        /** Not a cards document. */
        MALFORMED
    }

    /** Classifies a 200 answer's body: {@code {"cards": [...]}}. */
    static Answer classify(byte[] body) {
        try {
            JsonNode cards = JSON.readTree(body).get("cards");
            if (cards == null || !cards.isArray()) {
                return Answer.MALFORMED;
            }
            if (cards.isEmpty()) {
                return Answer.NO_CARD;
            }
            for (JsonNode card : cards) {
                if (card.path("summary").asText().contains("assessment in progress")) {
                    return Answer.IN_PROGRESS;
                }
            }
            return Answer.FINAL;
        } catch (IOException e) {
            return Answer.MALFORMED;
        }
    }

    /** The first card's indicator (info, warning, critical), or "none". */
    static String indicator(byte[] body) {
        try {
            JsonNode cards = JSON.readTree(body).path("cards");
            return cards.isArray() && !cards.isEmpty() ? cards.get(0).path("indicator").asText("none") : "none";
        } catch (IOException e) {
            return "none";
        }
    }
}
