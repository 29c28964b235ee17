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
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.headers = headers;
    }

    public static ProblemException validation(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(ProblemType.VALIDATION, detail, List.copyOf(errors), Map.of());
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail, null,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS, detail, null,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
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

    public Problem toProblem() {
        return new Problem(type.uri(), type.title(), type.status(), getMessage(), errors);
    }
}
