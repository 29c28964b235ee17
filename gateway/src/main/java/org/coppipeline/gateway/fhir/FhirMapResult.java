package org.coppipeline.gateway.fhir;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The 200 of POST /api/v1/fhir/Bundle/$map: the case event the Bundle maps to, and the mapping. Nothing stored. */
@Schema(name = "FhirMapResult", description = "The case event a Bundle maps to (nothing stored, nothing published) and the mapping")
public record FhirMapResult(
        @Schema(ref = "CaseEvent") ObjectNode event,
        Mapping mapping) {
}
