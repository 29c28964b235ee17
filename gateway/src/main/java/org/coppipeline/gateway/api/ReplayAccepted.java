package org.coppipeline.gateway.api;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ReplayAccepted", description = "Answer to a replay request: the replay runs in the background.")
public record ReplayAccepted(
        UUID replayId,
        @Schema(enumeration = { "running" }) String status) {
}
