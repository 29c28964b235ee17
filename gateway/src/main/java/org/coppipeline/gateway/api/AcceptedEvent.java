package org.coppipeline.gateway.api;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AcceptedEvent", description = "Answer to an accepted (or repeated) case event.")
public record AcceptedEvent(
        UUID eventId,
        String caseId,
        @Schema(description = "`accepted`, or `stale` when the case already shows a newer event (kept in the history only)",
                enumeration = { "accepted", "stale" }) String status) {
}
