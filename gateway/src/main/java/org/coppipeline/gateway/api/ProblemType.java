package org.coppipeline.gateway.api;

import jakarta.ws.rs.core.Response.Status;

/** The kinds of problem the gateway answers with; the type URI is stable, the detail varies per occurrence. */
public enum ProblemType {
    VALIDATION(400, "validation", "The request is invalid"),
    MALFORMED_JSON(400, "malformed-json", "The body is not well-formed JSON"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    TENANT_MISMATCH(403, "tenant-mismatch", "Event belongs to another hospital"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    IDEMPOTENCY_CONFLICT(409, "idempotency-conflict", "Event id already used with another body"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /** CDS Hooks: the data a hook needs is neither in the prefetch nor obtainable from the client's FHIR server. */
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Temporarily unavailable"),
    INTERNAL(500, "internal", "Internal error"),
    HTTP(0, "http", "HTTP error");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return "urn:cop-pipeline:problem:" + slug;
    }

    public String title() {
        return title;
    }

    /** The type for a bare HTTP status raised by the framework (unknown path, wrong method, ...). */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != TENANT_MISMATCH && type != MALFORMED_JSON && type != IDEMPOTENCY_CONFLICT) {
                return type;
            }
        }
        return HTTP;
    }

    public static String reason(int status) {
        Status known = Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
