package org.coppipeline.gateway.api;

import java.util.ArrayList;
import java.util.List;

import org.coppipeline.gateway.store.Records.ViewCondition;

/** If-None-Match evaluation (RFC 9110 13.1.2): weak comparison, a list of tags, or "*". */
final class ETags {

    private ETags() {
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String ours = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(ours)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The versions whose ETag ({@code "<version>"}, as the view's) the header matches, for the database to compare:
     * {@code condition(h).matches(v) == matches(h, "\"" + v + "\"")} for every version v.
     */
    static ViewCondition condition(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return ViewCondition.NONE;
        }
        List<Long> versions = new ArrayList<>();
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return new ViewCondition(true, new Long[0]);
            }
            String opaque = opaque(tag);
            if (opaque.length() > 2 && opaque.startsWith("\"") && opaque.endsWith("\"")) {
                String digits = opaque.substring(1, opaque.length() - 1);
                try {
                    long version = Long.parseLong(digits);
                    // Only the text the view's ETag would have: "07" or "+7" is not the ETag of version 7.
                    if (Long.toString(version).equals(digits)) {
                        versions.add(version);
                    }
                } catch (NumberFormatException notAVersion) {
                    // another server's tag: matches no version
                }
            }
        }
        return new ViewCondition(false, versions.toArray(Long[]::new));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
