package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One entry of the access audit (CONTRACT 1.1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AuditEvent", description = "Who read or wrote which case of the caller's hospital, and the answer. No clinical data.")
public record AuditEvent(
        @Schema(description = "When the gateway answered") Instant at,
        @Schema(description = "The caller: its token's sub") String actor,
        String hospitalId,
        @Schema(enumeration = { "case.view", "case.list", "case.history", "case-event.post", "audit-event.list" }) String action,
        @Schema(description = "The case read or written, when the request named one", nullable = true) String caseId,
        @Schema(description = "The event posted, when the body named one", nullable = true) UUID eventId,
        @Schema(description = "A list's query: its valid parameters (name=value&...) and how many were invalid", nullable = true)
        String query,
        @Schema(description = "The HTTP status answered") int outcome) {
}
