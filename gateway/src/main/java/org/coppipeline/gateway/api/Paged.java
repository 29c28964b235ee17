package org.coppipeline.gateway.api;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset listing, from the rows read with one more than the limit: that extra row only says that more
 * follow. The next cursor names the page's last row, or stays the one given when the page is empty (a poller resumes
 * from it later and misses nothing).
 */
record Paged<R>(List<R> items, boolean hasMore, String nextCursor) {

    static <R> Paged<R> of(List<R> rows, int limit, String cursor, Function<R, String> encode) {
        boolean hasMore = rows.size() > limit;
        List<R> items = hasMore ? rows.subList(0, limit) : rows;
        return new Paged<>(items, hasMore, items.isEmpty() ? cursor : encode.apply(items.get(items.size() - 1)));
    }
}
