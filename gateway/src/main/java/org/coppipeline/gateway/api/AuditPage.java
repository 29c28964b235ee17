package org.coppipeline.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AuditPage", description = "One page of the caller's hospital's access audit, oldest first.")
public record AuditPage(
        List<AuditEvent> items,
        @Schema(description = "Pass as `cursor` to continue after the last item; a reader keeps it to resume later. "
                + "Null only when nothing has been listed yet.", nullable = true) String nextCursor,
        @Schema(description = "True when more items follow right now") boolean hasMore) {
}
