package org.coppipeline.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details, the body of every error answer (media type application/problem+json). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details. `errors` names the invalid fields of a 400: at most 100, "
        + "then `truncated`; the whole body never exceeds 64 KiB.")
public record Problem(
        @Schema(description = "URI reference naming the kind of problem", examples = "urn:cop-pipeline:problem:validation") String type,
        @Schema(description = "Short summary of the kind of problem") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "Explanation of this occurrence (at most 512 characters)") String detail,
        @Schema(description = "One entry per invalid field or query parameter, at most 100; each pointer, parameter and "
                + "message at most 256 characters (a longer one is cut and ends in …)", maxItems = 100) List<FieldError> errors,
        @Schema(description = "Present and true when there were more invalid fields than `errors` lists", nullable = true)
        Boolean truncated) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }

    /**
     * One invalid field: a JSON Pointer into the request body, or the name of a query parameter. For a FHIR Bundle
     * (CONTRACT 6) the pointer is into the Bundle and {@code eventPointer} names the case-event field it maps to.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "JSON Pointer (RFC 6901) into the request body", examples = "/patient/ageYears") String pointer,
            @Schema(description = "Name of the invalid query parameter", examples = "limit") String parameter,
            @Schema(description = "What is wrong with it") String message,
            @Schema(description = "FHIR input only: JSON Pointer into the case event the Bundle maps to",
                    examples = "/patient/ageYears") String eventPointer) {

        public FieldError(String pointer, String parameter, String message) {
            this(pointer, parameter, message, null);
        }

        public static FieldError at(String pointer, String message) {
            return new FieldError(pointer, null, message);
        }

        public static FieldError parameter(String name, String message) {
            return new FieldError(null, name, message);
        }

        /** A pointer into a FHIR Bundle, and where it applies ({@code eventPointer} may be null) the event field. */
        public static FieldError mapped(String bundlePointer, String eventPointer, String message) {
            return new FieldError(bundlePointer, null, message, eventPointer);
        }
    }
}
