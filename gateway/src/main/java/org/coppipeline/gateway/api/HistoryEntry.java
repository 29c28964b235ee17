package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.coppipeline.gateway.store.Stage;

/** One line of a case's audit trail: an accepted event (kind "event") or a stage result (kind "stage-result"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "HistoryEntry")
public record HistoryEntry(
        @Schema(enumeration = { "event", "stage-result" }) String kind,
        @Schema(description = "When the gateway recorded it") Instant at,
        UUID eventId,
        @Schema(description = "occurredAt of the event (of the result's event, for a stage result)") Instant occurredAt,
        @Schema(description = "For an event: accepted or stale", enumeration = { "accepted", "stale" }) String status,
        @Schema(type = SchemaType.STRING, enumeration = { "scored", "assessed", "planned" }) Stage stage,
        @Schema(description = "For a stage result: the case-view section it carries") String section,
        @Schema(description = "For an event: the case event as accepted", type = SchemaType.OBJECT) JsonNode event,
        @Schema(description = "For a stage result: the section's content", type = SchemaType.OBJECT) JsonNode result,
        String knowledgeVersion) {
}
