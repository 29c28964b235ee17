package org.coppipeline.gateway.cds;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;

/**
 * A CDS Hooks 2.0 service call (the HTTP request body), checked: {@code hook} must be the service's, {@code hookInstance}
 * and {@code context.patientId} present, {@code fhirServer} an absolute http(s) URL (required with
 * {@code fhirAuthorization}), {@code prefetch} an object. Every problem is named by its pointer in one 400. The
 * patient id and the access token are kept for this call only: never logged, stored or put in a message.
 */
public record HookRequest(String hook, String hookInstance, Optional<URI> fhirServer, Optional<String> accessToken,
        String patientId, JsonNode context, ObjectNode prefetch) {

    static final int MAX_TEXT = 1024;

    public static HookRequest parse(JsonNode body, String expectedHook) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.validation("A hook request is a JSON object.", List.of(FieldError.at("", "not a JSON object")));
        }
        String hook = text(body, "hook", errors, true);
        if (hook != null && !hook.equals(expectedHook)) {
            errors.add(FieldError.at("/hook", "this service answers the hook " + expectedHook));
        }
        String hookInstance = text(body, "hookInstance", errors, true);
        Optional<URI> fhirServer = Optional.empty();
        String server = text(body, "fhirServer", errors, false);
        if (server != null) {
            fhirServer = fhirServer(server, errors);
        }
        Optional<String> accessToken = Optional.empty();
        JsonNode authorization = body.get("fhirAuthorization");
        if (authorization != null && !authorization.isNull()) {
            if (!authorization.isObject()) {
                errors.add(FieldError.at("/fhirAuthorization", "must be an object"));
            } else {
                if (server == null) {
                    errors.add(FieldError.at("/fhirServer", "is required when fhirAuthorization is given"));
                }
                JsonNode token = authorization.get("access_token");
                if (token == null || !token.isTextual() || token.asText().isBlank()) {
                    errors.add(FieldError.at("/fhirAuthorization/access_token", "a non-empty string is required"));
                } else {
                    accessToken = Optional.of(token.asText());
                }
            }
        }
        JsonNode context = body.get("context");
        String patientId = null;
        if (context == null || !context.isObject()) {
            errors.add(FieldError.at("/context", "an object is required"));
        } else {
            JsonNode id = context.get("patientId");
            if (id == null || !id.isTextual() || id.asText().isBlank() || id.asText().length() > 64) {
                errors.add(FieldError.at("/context/patientId", "the FHIR id of the patient is required (1 to 64 characters)"));
            } else {
                patientId = id.asText();
            }
        }
        JsonNode prefetch = body.get("prefetch");
        if (prefetch != null && !prefetch.isNull() && !prefetch.isObject()) {
            errors.add(FieldError.at("/prefetch", "must be an object"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.size() == 1
                    ? "Invalid hook request at " + (errors.get(0).pointer().isEmpty() ? "the body" : errors.get(0).pointer()) + "."
                    : "Invalid hook request: " + errors.size() + " problems.", errors);
        }
        return new HookRequest(hook, hookInstance, fhirServer, accessToken, patientId, context,
                prefetch instanceof ObjectNode object ? object : null);
    }

    private static String text(JsonNode body, String field, List<FieldError> errors, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(FieldError.at("/" + field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_TEXT) {
            errors.add(FieldError.at("/" + field, "must be a non-empty string of at most " + MAX_TEXT + " characters"));
            return null;
        }
        return value.asText();
    }

    /**
     * An absolute https URL, or http on a loopback host: the service sends the client's access token there, so a
     * plain-text address elsewhere is refused rather than used.
     */
    private static Optional<URI> fhirServer(String text, List<FieldError> errors) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
            if (host != null && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null
                    && ("https".equals(scheme) || ("http".equals(scheme) && loopback))) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        errors.add(FieldError.at("/fhirServer", "must be an absolute https URL (http only on a loopback address), without query"));
        return Optional.empty();
    }

    /** The text the case id is derived from (CONTRACT 7): fhirServer as sent (empty without one) + "|" + patientId. */
    String identity() {
        return fhirServer.map(URI::toString).orElse("") + "|" + patientId;
    }
}
