package org.coppipeline.gateway.api;

import java.util.ArrayList;
import java.util.List;

import org.coppipeline.gateway.api.Problem.FieldError;

/**
 * CONTRACT 1.1: a problem body never exceeds 64 KiB, whatever the request. At most {@link #MAX_ERRORS} entries, each
 * pointer, parameter name and message cut to {@link #MAX_TEXT} characters (ending in "…"), the detail to
 * {@link #MAX_DETAIL}; and entries stop before their JSON would pass {@link #MAX_BYTES}. Anything left out sets
 * {@code truncated}. A request chooses its member names and parameter names freely, so none of this is left to chance.
 */
public final class ProblemBounds {

    public static final int MAX_ERRORS = 100;
    public static final int MAX_TEXT = 256;
    public static final int MAX_DETAIL = 512;
    /** What the entries may take; the rest of the 64 KiB is more than the envelope (type, title, detail) needs. */
    static final int MAX_BYTES = 56 * 1024;

    private ProblemBounds() {
    }

    static Problem bounded(Problem problem) {
        boolean truncated = Boolean.TRUE.equals(problem.truncated());
        List<FieldError> errors = problem.errors();
        List<FieldError> kept = null;
        if (errors != null) {
            kept = new ArrayList<>(Math.min(errors.size(), MAX_ERRORS));
            long bytes = 0;
            for (FieldError error : errors) {
                if (kept.size() == MAX_ERRORS) {
                    truncated = true;
                    break;
                }
                FieldError cut = new FieldError(cut(error.pointer(), MAX_TEXT), cut(error.parameter(), MAX_TEXT),
                        cut(error.message(), MAX_TEXT), cut(error.eventPointer(), MAX_TEXT));
                bytes += 40 + jsonBytes(cut.pointer()) + jsonBytes(cut.parameter()) + jsonBytes(cut.message())
                        + jsonBytes(cut.eventPointer());
                if (bytes > MAX_BYTES) {
                    truncated = true;
                    break;
                }
                kept.add(cut);
            }
        }
        return new Problem(problem.type(), problem.title(), problem.status(), cut(problem.detail(), MAX_DETAIL), kept,
                truncated ? Boolean.TRUE : null);
    }

    /**
     * At most {@code max} characters, never splitting a surrogate pair; a cut text ends in "…". An unpaired surrogate
     * (a member name can be the JSON escape of one) becomes U+FFFD: it has no UTF-8 form, and the answer must always
     * be writable.
     */
    static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String kept = text;
        if (text.length() > max) {
            int end = max - 1;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            kept = text.substring(0, end) + "…";
        }
        StringBuilder clean = null;
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < kept.length() && Character.isLowSurrogate(kept.charAt(i + 1));
            if (Character.isSurrogate(c) && !pair && clean == null) {
                clean = new StringBuilder(kept.substring(0, i));
            }
            if (clean != null) {
                clean.append(Character.isSurrogate(c) && !pair ? '\uFFFD' : c);
                if (pair) {
                    clean.append(kept.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return clean == null ? kept : clean.toString();
    }

    /** An upper bound of the bytes Jackson writes for the text as a JSON string (UTF-8, escapes, quotes). */
    static long jsonBytes(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                bytes += 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
