package org.coppipeline.gateway.fhir;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 202 of POST /api/v1/fhir/Bundle: the case-event answer plus the mapping (CONTRACT 6). */
@Schema(name = "FhirAcceptedEvent", description = "Answer to an accepted (or repeated) Bundle: the case event's answer plus the mapping")
public record FhirAcceptedEvent(
        UUID eventId,
        String caseId,
        @Schema(description = "`accepted`, or `stale` when the case already shows a newer event (kept in the history only)",
                enumeration = { "accepted", "stale" }) String status,
        Mapping mapping) {
}
