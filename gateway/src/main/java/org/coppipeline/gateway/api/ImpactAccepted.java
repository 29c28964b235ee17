package org.coppipeline.gateway.api;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "KnowledgeImpactAccepted", description = "Answer to a knowledge-impact request: it runs in the background.")
public record ImpactAccepted(
        UUID impactId,
        @Schema(enumeration = { "running", "done" }) String status,
        @Schema(description = "How many cases are replayed (each under both versions)") int cases) {
}
