package org.coppipeline.gateway.cds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hook requests built from the FHIR renderings of the contract examples (src/test/resources/fhir): the Bundle's
 * resources split into the seven prefetch keys as an EHR's searches would return them (searchset Bundles, references
 * Patient/<id>), for a patient id of the test's choosing.
 */
final class Prefetch {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE_PATIENT = "pat-1";
    private static final String EXAMPLE_PATIENT_URL = "urn:uuid:2d0c7b53-5d7e-4a5e-9f61-4c3a5f3e8b21";

    private Prefetch() {
    }

    /** The prefetch object of the example for {@code patientId}. */
    static ObjectNode of(String example, String patientId) {
        String text = read("fhir/" + example + ".bundle.json")
                .replace("\"" + EXAMPLE_PATIENT_URL + "\"", "\"Patient/" + patientId + "\"")
                .replace("\"Patient/" + EXAMPLE_PATIENT + "\"", "\"Patient/" + patientId + "\"")
                .replace("\"id\": \"" + EXAMPLE_PATIENT + "\"", "\"id\": \"" + patientId + "\"")
                .replace("\"id\":\"" + EXAMPLE_PATIENT + "\"", "\"id\":\"" + patientId + "\"");
        JsonNode bundle;
        try {
            bundle = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode prefetch = JSON.createObjectNode();
        for (PrefetchKey key : PrefetchKey.values()) {
            if (!key.isRead()) {
                ObjectNode searchset = prefetch.putObject(key.key());
                searchset.put("resourceType", "Bundle");
                searchset.put("type", "searchset");
                searchset.putArray("entry");
            }
        }
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            for (PrefetchKey key : PrefetchKey.values()) {
                if (key.resourceType().equals(type)) {
                    if (key.isRead()) {
                        prefetch.set(key.key(), resource);
                    } else {
                        ArrayNode entries = (ArrayNode) prefetch.path(key.key()).path("entry");
                        ObjectNode searchEntry = entries.addObject();
                        searchEntry.set("resource", resource);
                        searchEntry.putObject("search").put("mode", "match");
                    }
                }
            }
        }
        return prefetch;
    }

    /** A hook request body. */
    static ObjectNode request(String hook, String patientId, ObjectNode prefetch) {
        ObjectNode request = JSON.createObjectNode();
        request.put("hookInstance", java.util.UUID.randomUUID().toString());
        request.put("hook", hook);
        request.put("fhirServer", "https://ehr.test.example/fhir");
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/dr-1");
        context.put("patientId", patientId);
        if (prefetch != null) {
            request.set("prefetch", prefetch);
        }
        return request;
    }

    /** An order-sign request whose draftOrders hold one MedicationRequest coded with {@code system}/{@code code}. */
    static ObjectNode orderSign(String patientId, ObjectNode prefetch, String system, String code, String text) {
        ObjectNode request = request("order-sign", patientId, prefetch);
        ObjectNode drafts = ((ObjectNode) request.get("context")).putObject("draftOrders");
        drafts.put("resourceType", "Bundle");
        drafts.put("type", "collection");
        ObjectNode order = drafts.putArray("entry").addObject().putObject("resource");
        order.put("resourceType", "MedicationRequest");
        order.put("id", "draft-rx-1");
        order.put("status", "draft");
        order.put("intent", "order");
        ObjectNode concept = order.putObject("medicationCodeableConcept");
        concept.putArray("coding").addObject().put("system", system).put("code", code).put("display", text);
        concept.put("text", text);
        order.putObject("subject").put("reference", "Patient/" + patientId);
        return request;
    }

    static String read(String resource) {
        try (InputStream in = Prefetch.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
