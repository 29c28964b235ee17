package org.coppipeline.gateway.cds;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;

/**
 * A hook's FHIR data as one collection Bundle for the section 6 mapper: the Patient and every resource of the six
 * searches, whether the client prefetched them or the service fetched them. Bundle.identifier.value is the suite's
 * case id and Bundle.timestamp the event's occurredAt; the EHR's patient id stays only where the resources carry it
 * (the mapper reads it solely to resolve references). Each entry remembers where in the request it came from, so that
 * a mapping error points into the request ({@code /prefetch/observations/entry/3/resource/...}).
 */
final class PrefetchBundle {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The outcome of a prefetch value: which keys are missing (to fetch) and the resources of the others. */
    record Read(Map<PrefetchKey, List<Sourced>> resources, List<PrefetchKey> missing) {
    }

    /** A resource and the request pointer of its place (a fetched one points at its key, with a note). */
    record Sourced(JsonNode resource, String fullUrl, String pointer) {
    }

    private PrefetchBundle() {
    }

    /**
     * Reads the request's prefetch. A key that is absent, or holds an OperationOutcome (the client could not fetch it),
     * is missing; a key whose value is null has no data (CDS Hooks: "the prefetch template key MUST have a value of
     * null"); any other value must be the key's resource type or a Bundle of it.
     */
    static Read read(ObjectNode prefetch) {
        Map<PrefetchKey, List<Sourced>> resources = new EnumMap<>(PrefetchKey.class);
        List<PrefetchKey> missing = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (PrefetchKey key : PrefetchKey.values()) {
            JsonNode value = prefetch == null ? null : prefetch.get(key.key());
            if (value == null || isFailure(value)) {
                missing.add(key);
            } else if (value.isNull()) {
                resources.put(key, List.of());
            } else {
                resources.put(key, resources(key, value, "/prefetch/" + key.key(), errors));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation("The prefetch holds " + (errors.size() == 1 ? "a value" : errors.size() + " values")
                    + " of the wrong kind.", errors);
        }
        return new Read(resources, missing);
    }

    /** A fetched answer, read as a prefetch value would be. */
    static List<Sourced> fetched(PrefetchKey key, JsonNode value) {
        List<FieldError> errors = new ArrayList<>();
        List<Sourced> read = resources(key, value, "/prefetch/" + key.key(), errors);
        if (!errors.isEmpty() || isFailure(value)) {
            throw new FhirFetcher.Unavailable(key, "the FHIR server answered with something other than " + key.resourceType());
        }
        return read;
    }

    /** An OperationOutcome instead of data, or a searchset that carries an error outcome: the key was not satisfied. */
    private static boolean isFailure(JsonNode value) {
        if (!value.isObject()) {
            return false;
        }
        String type = value.path("resourceType").asText("");
        if (type.equals("OperationOutcome")) {
            return true;
        }
        if (type.equals("Bundle")) {
            for (JsonNode entry : value.path("entry")) {
                JsonNode resource = entry.path("resource");
                if (resource.path("resourceType").asText("").equals("OperationOutcome")) {
                    for (JsonNode issue : resource.path("issue")) {
                        String severity = issue.path("severity").asText("");
                        if (severity.equals("error") || severity.equals("fatal")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static List<Sourced> resources(PrefetchKey key, JsonNode value, String pointer, List<FieldError> errors) {
        if (!value.isObject()) {
            errors.add(FieldError.at(pointer, "must be a " + key.resourceType() + " resource or a Bundle of them"));
            return List.of();
        }
        String type = value.path("resourceType").asText("");
        if (type.equals(key.resourceType())) {
            return List.of(new Sourced(value, null, pointer));
        }
        if (!type.equals("Bundle")) {
            errors.add(FieldError.at(pointer + "/resourceType", "must be " + key.resourceType() + " or Bundle"));
            return List.of();
        }
        List<Sourced> out = new ArrayList<>();
        JsonNode entries = value.path("entry");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            JsonNode resource = entry.path("resource");
            if (!resource.isObject()) {
                continue;
            }
            String resourceType = resource.path("resourceType").asText("");
            // Search outcomes (warnings) and included resources other than Medication say nothing the mapper reads.
            if (resourceType.equals(key.resourceType()) || resourceType.equals("Medication")) {
                JsonNode fullUrl = entry.get("fullUrl");
                out.add(new Sourced(resource, fullUrl != null && fullUrl.isTextual() ? fullUrl.asText() : null,
                        pointer + "/entry/" + i + "/resource"));
            }
        }
        return out;
    }

    /**
     * The collection Bundle (as a JSON tree) and, per entry, the request pointer it came from. A resource sent twice
     * (same type and id) is taken once. Exactly one Patient is required: without one the hook cannot be assessed (412).
     */
    static Assembled assemble(Map<PrefetchKey, List<Sourced>> resources, Optional<URI> fhirServer, String caseId,
            String occurredAt) {
        List<Sourced> patients = resources.getOrDefault(PrefetchKey.PATIENT, List.of());
        if (patients.isEmpty()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                    "The patient (prefetch key 'patient') is missing: without it no case can be assessed.");
        }
        ObjectNode bundle = NODES.objectNode();
        bundle.put("resourceType", "Bundle");
        bundle.putObject("identifier").put("value", caseId);
        bundle.put("type", "collection");
        bundle.put("timestamp", occurredAt);
        ArrayNode entries = bundle.putArray("entry");
        List<String> pointers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PrefetchKey key : PrefetchKey.values()) {
            for (Sourced sourced : resources.getOrDefault(key, List.of())) {
                JsonNode resource = sourced.resource();
                String id = resource.path("id").asText("");
                String type = resource.path("resourceType").asText("");
                if (!id.isEmpty() && !seen.add(type + "/" + id)) {
                    continue;
                }
                ObjectNode entry = entries.addObject();
                String fullUrl = sourced.fullUrl();
                if (fullUrl == null && !id.isEmpty() && fhirServer.isPresent()) {
                    String base = fhirServer.get().toString();
                    fullUrl = (base.endsWith("/") ? base : base + "/") + type + "/" + id;
                }
                if (fullUrl != null) {
                    entry.put("fullUrl", fullUrl);
                }
                entry.set("resource", resource);
                pointers.add(sourced.pointer());
            }
        }
        return new Assembled(bundle, List.copyOf(pointers));
    }

    /** The Bundle and, for entry i, the request pointer of its resource. */
    record Assembled(ObjectNode bundle, List<String> pointers) {

        /** A pointer into the assembled Bundle ({@code /entry/3/resource/...}) as a pointer into the request. */
        String requestPointer(String bundlePointer) {
            if (bundlePointer == null || !bundlePointer.startsWith("/entry/")) {
                return "/prefetch";
            }
            String rest = bundlePointer.substring("/entry/".length());
            int slash = rest.indexOf('/');
            String index = slash < 0 ? rest : rest.substring(0, slash);
            try {
                int i = Integer.parseInt(index);
                if (i < 0 || i >= pointers.size()) {
                    return "/prefetch";
                }
                String tail = slash < 0 ? "" : rest.substring(slash);
                String prefix = "/resource";
                return pointers.get(i) + (tail.startsWith(prefix) ? tail.substring(prefix.length()) : "");
            } catch (NumberFormatException e) {
                return "/prefetch";
            }
        }
    }
}
