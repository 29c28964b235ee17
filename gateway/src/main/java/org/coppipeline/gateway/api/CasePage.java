package org.coppipeline.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CasePage", description = "One page of the caller's cases, oldest update first.")
public record CasePage(
        List<CaseSummary> items,
        @Schema(description = "Pass as `cursor` to continue after the last item; a poller keeps it to resume later. "
                + "Null only when nothing has been listed yet.", nullable = true) String nextCursor,
        @Schema(description = "True when more items follow right now") boolean hasMore) {
}
