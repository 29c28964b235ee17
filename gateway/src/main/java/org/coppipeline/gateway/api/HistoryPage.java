package org.coppipeline.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "HistoryPage", description = "One page of a case's trail, oldest first (CONTRACT 1.1).")
public record HistoryPage(
        List<HistoryEntry> items,
        @Schema(description = "Pass as `cursor` to continue after the last item; null only when the page is empty and no "
                + "cursor was given.", nullable = true) String nextCursor,
        @Schema(description = "True when more items follow right now") boolean hasMore) {
}
