package org.coppipeline.gateway.api;

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

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
