package org.coppipeline.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * An error answer on its way out: the gateway's own code throws this, {@link ProblemMappers} writes it.
 * Its message is the problem's detail, which is sent to the caller and never quotes request values into logs.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final boolean truncated;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, Map<String, String> headers) {
        this(type, detail, errors, false, headers);
    }

    private ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, boolean truncated,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.truncated = truncated;
        this.headers = headers;
    }

    public static ProblemException validation(String detail, List<Problem.FieldError> errors) {
        return validation(detail, errors, false);
    }

    /** A 400 naming some of the invalid fields; {@code truncated} when there were more than those. */
    public static ProblemException validation(String detail, List<Problem.FieldError> errors, boolean truncated) {
        return new ProblemException(ProblemType.VALIDATION, detail, List.copyOf(errors), truncated, Map.of());
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail, null,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** 429: the hospital's quota is used up for now (CONTRACT 1.1). */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS, detail, null,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public boolean truncated() {
        return truncated;
    }

    /** The answer's body, within the bounds every problem body keeps (ProblemBounds). */
    public Problem toProblem() {
        return ProblemBounds.bounded(new Problem(type.uri(), type.title(), type.status(), getMessage(), errors,
                truncated ? Boolean.TRUE : null));
    }
}
