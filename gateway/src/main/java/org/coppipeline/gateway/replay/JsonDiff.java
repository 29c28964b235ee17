package org.coppipeline.gateway.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A structural difference between two JSON documents, as a list of changes with JSON Pointers (RFC 6901).
 * Objects are compared member by member. Arrays are aligned on their longest common subsequence of equal elements, so
 * that an element inserted or removed in the middle is one change, not a shift of every element after it; between two
 * aligned elements, objects with the same identity (their {@code code}, {@code finding}, {@code category}, ...) or
 * none, and arrays, are paired in order and compared inside; what is left over is removed or added. Numbers compare by
 * value (1 equals 1.0).
 */
public final class JsonDiff {

    /** Members that name an element of a list of objects (a warning's code, a contribution's finding, ...). */
    private static final List<String> IDENTITY = List.of("code", "finding", "category", "test", "drug", "name");
    /** Beyond this many element comparisons an array pair is compared index by index instead. */
    private static final long ALIGNMENT_LIMIT = 250_000;

    public enum Kind {
        ADDED, REMOVED, CHANGED
    }

    /**
     * One change.
     *
     * @param fromPath where it is in the first document (null when added)
     * @param toPath   where it is in the second document (null when removed); differs from fromPath only inside
     *                 arrays whose elements moved
     * @param from     the first document's value (null when added)
     * @param to       the second document's value (null when removed)
     */
    public record Change(Kind kind, String fromPath, String toPath, JsonNode from, JsonNode to) {
        /** The pointer to report: in the first document, or in the second for an added value. */
        public String path() {
            return fromPath != null ? fromPath : toPath;
        }
    }

    private JsonDiff() {
    }

    public static List<Change> diff(JsonNode from, JsonNode to) {
        List<Change> changes = new ArrayList<>();
        compare(from, to, "", "", changes);
        return changes;
    }

    private static void compare(JsonNode a, JsonNode b, String pa, String pb, List<Change> out) {
        if (same(a, b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> member : a.properties()) {
                String name = escape(member.getKey());
                JsonNode other = b.get(member.getKey());
                if (other == null) {
                    out.add(new Change(Kind.REMOVED, pa + "/" + name, null, member.getValue(), null));
                } else {
                    compare(member.getValue(), other, pa + "/" + name, pb + "/" + name, out);
                }
            }
            for (Map.Entry<String, JsonNode> member : b.properties()) {
                if (!a.has(member.getKey())) {
                    out.add(new Change(Kind.ADDED, null, pb + "/" + escape(member.getKey()), null, member.getValue()));
                }
            }
        } else if (a.isArray() && b.isArray()) {
            arrays(a, b, pa, pb, out);
        } else {
            out.add(new Change(Kind.CHANGED, pa, pb, a, b));
        }
    }

    private static void arrays(JsonNode a, JsonNode b, String pa, String pb, List<Change> out) {
        int n = a.size();
        int m = b.size();
        if ((long) n * m > ALIGNMENT_LIMIT) {
            int common = Math.min(n, m);
            for (int i = 0; i < common; i++) {
                compare(a.get(i), b.get(i), pa + "/" + i, pb + "/" + i, out);
            }
            gap(a, b, pa, pb, range(common, n), List.of(), out);
            gap(a, b, pa, pb, List.of(), range(common, m), out);
            return;
        }
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = same(a.get(i), b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Integer> onlyA = new ArrayList<>();
        List<Integer> onlyB = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (same(a.get(i), b.get(j)) && lcs[i][j] == lcs[i + 1][j + 1] + 1) {
                gap(a, b, pa, pb, onlyA, onlyB, out);
                onlyA = new ArrayList<>();
                onlyB = new ArrayList<>();
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                onlyA.add(i++);
            } else {
                onlyB.add(j++);
            }
        }
        while (i < n) {
            onlyA.add(i++);
        }
        while (j < m) {
            onlyB.add(j++);
        }
        gap(a, b, pa, pb, onlyA, onlyB, out);
    }

    /** Elements between two aligned ones: pairs compared inside, the rest removed (first side) or added (second). */
    private static void gap(JsonNode a, JsonNode b, String pa, String pb, List<Integer> onlyA, List<Integer> onlyB,
            List<Change> out) {
        boolean[] paired = new boolean[onlyB.size()];
        int next = 0;
        for (int ia : onlyA) {
            int match = -1;
            for (int k = next; k < onlyB.size(); k++) {
                if (!paired[k] && pairable(a.get(ia), b.get(onlyB.get(k)))) {
                    match = k;
                    break;
                }
            }
            if (match < 0) {
                out.add(new Change(Kind.REMOVED, pa + "/" + ia, null, a.get(ia), null));
            } else {
                paired[match] = true;
                next = match + 1;
                compare(a.get(ia), b.get(onlyB.get(match)), pa + "/" + ia, pb + "/" + onlyB.get(match), out);
            }
        }
        for (int k = 0; k < onlyB.size(); k++) {
            if (!paired[k]) {
                out.add(new Change(Kind.ADDED, null, pb + "/" + onlyB.get(k), null, b.get(onlyB.get(k))));
            }
        }
    }

    /** Two containers worth comparing inside: arrays, or objects naming the same thing (or nothing). */
    private static boolean pairable(JsonNode x, JsonNode y) {
        if (x.isArray() && y.isArray()) {
            return true;
        }
        return x.isObject() && y.isObject() && Objects.equals(identity(x), identity(y));
    }

    private static String identity(JsonNode object) {
        for (String key : IDENTITY) {
            JsonNode value = object.get(key);
            if (value != null && value.isTextual()) {
                return key + "=" + value.textValue();
            }
        }
        return null;
    }

    /** Deep equality, numbers by value. */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : a.properties()) {
                if (!same(member.getValue(), b.get(member.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** RFC 6901: '~' and '/' inside a member name are escaped. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = from; i < to; i++) {
            indexes.add(i);
        }
        return indexes;
    }
}
