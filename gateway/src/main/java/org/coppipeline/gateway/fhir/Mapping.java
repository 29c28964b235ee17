package org.coppipeline.gateway.fhir;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * CONTRACT 6 {@code mapping}: every entry the gateway read and the event field it fed, every entry it left out and
 * why. Pointers and codes only, never values.
 */
@Schema(name = "FhirMapping", description = "Which Bundle entries fed which case-event field, and which were left out and why")
public record Mapping(List<Used> used, List<Ignored> ignored) {

    /** Reasons an entry is left out (CONTRACT 6), plus {@code no-value}: an Observation without a value to read. */
    public static final String NOT_ABOUT_THE_PATIENT = "not-about-the-patient";
    public static final String STATUS = "status";
    public static final String AFTER_OCCURRED_AT = "after-occurredAt";
    public static final String SUPERSEDED = "superseded";
    public static final String CODE_NOT_MAPPED = "code-not-mapped";
    public static final String NO_VALUE = "no-value";

    public Mapping {
        used = List.copyOf(used);
        ignored = List.copyOf(ignored);
    }

    @Schema(name = "FhirMappingUsed")
    public record Used(
            @Schema(description = "JSON Pointer to the resource in the Bundle", examples = "/entry/3/resource") String pointer,
            String resourceType,
            @Schema(description = "JSON Pointer to the case-event field it fed", examples = "/measurements/crpMgPerL") String field) {
    }

    @Schema(name = "FhirMappingIgnored")
    public record Ignored(
            @Schema(description = "JSON Pointer to the resource in the Bundle", examples = "/entry/7/resource") String pointer,
            String resourceType,
            @Schema(enumeration = { NOT_ABOUT_THE_PATIENT, STATUS, AFTER_OCCURRED_AT, SUPERSEDED, CODE_NOT_MAPPED, NO_VALUE })
            String reason) {
    }
}
