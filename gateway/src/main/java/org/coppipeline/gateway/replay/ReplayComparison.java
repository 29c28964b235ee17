package org.coppipeline.gateway.replay;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.coppipeline.gateway.replay.JsonDiff.Change;

/**
 * What a replay changed (CONTRACT 9): the structural difference of the stored sections (baseline) and the replayed
 * ones (candidate), each change marked significant when it changes what a clinician acts on: the conclusion, the
 * recommendation, glucocorticoidRecommended, the severity, or a critical warning. Also the one-sentence summary.
 */
public final class ReplayComparison {

    static final String CONCLUSION = "/causeAssessment/conclusion";
    static final String RECOMMENDATION = "/treatmentPlan/recommendation";
    static final String GLUCOCORTICOID = "/treatmentPlan/glucocorticoidRecommended";
    static final String SEVERITY = "/treatmentPlan/severity";
    static final String WARNINGS = "/treatmentPlan/warnings";
    /** The significant fields, in the order a summary names them. */
    static final List<String> SIGNIFICANT_FIELDS = List.of(CONCLUSION, RECOMMENDATION, GLUCOCORTICOID, SEVERITY);

    /** One change as the API shows it. */
    public record Difference(Change change, boolean significant) {
    }

    private ReplayComparison() {
    }

    /** Every change from {@code baseline} to {@code candidate} (objects holding the sections), significance marked. */
    public static List<Difference> compare(JsonNode baseline, JsonNode candidate) {
        List<Difference> differences = new ArrayList<>();
        for (Change change : JsonDiff.diff(baseline, candidate)) {
            differences.add(new Difference(change, significant(change, baseline, candidate)));
        }
        return differences;
    }

    static boolean significant(Change change, JsonNode baseline, JsonNode candidate) {
        String path = change.path();
        for (String field : SIGNIFICANT_FIELDS) {
            if (field.equals(path)) {
                return true;
            }
            // A whole section (or a member holding the field) added, removed or replaced.
            if (field.startsWith(path + "/") && !JsonDiff.same(at(change.from(), field, path), at(change.to(), field, path))) {
                return true;
            }
        }
        if (path.startsWith(WARNINGS + "/")) {
            // A change within one warning (or one warning added or removed): significant when it is, or becomes, critical.
            return critical(element(baseline, change.fromPath())) || critical(element(candidate, change.toPath()));
        }
        if (path.equals(WARNINGS) || WARNINGS.startsWith(path + "/")) {
            return !criticalWarnings(at(change.from(), WARNINGS, path)).equals(criticalWarnings(at(change.to(), WARNINGS, path)));
        }
        return false;
    }

    /** The one-sentence summary of a replay in the given state. */
    public static String summary(String version, ReplayRecords.Status status, String reason, JsonNode baseline,
            JsonNode candidate, List<Difference> differences) {
        switch (status) {
            case RUNNING -> {
                return "The replay under " + version + " is running.";
            }
            case FAILED -> {
                return "The replay under " + version + " failed: " + reason + ".";
            }
            default -> {
                // DONE, below
            }
        }
        if (differences.isEmpty()) {
            return "Under " + version + " nothing changes.";
        }
        List<String> phrases = new ArrayList<>();
        for (String field : SIGNIFICANT_FIELDS) {
            JsonNode from = baseline.at(field);
            JsonNode to = candidate.at(field);
            if (!JsonDiff.same(from, to)) {
                phrases.add(name(field) + " changes from " + text(from) + " to " + text(to));
            }
        }
        Set<String> before = criticalWarnings(baseline.at(WARNINGS));
        Set<String> after = criticalWarnings(candidate.at(WARNINGS));
        for (String code : after) {
            if (!before.contains(code)) {
                phrases.add("critical warning " + code + " is added");
            }
        }
        for (String code : before) {
            if (!after.contains(code)) {
                phrases.add("critical warning " + code + " is removed");
            }
        }
        long significant = differences.stream().filter(Difference::significant).count();
        long others = differences.size() - significant;
        String rest = others == 0 ? "" : others == 1 ? "; 1 other change" : "; " + others + " other changes";
        if (phrases.isEmpty()) {
            if (significant > 0) {
                // e.g. the text of a critical warning that stays critical
                phrases.add("a critical warning changes");
            } else {
                return "Under " + version + " the outcome is the same (conclusion, recommendation, glucocorticoid, "
                        + "severity and critical warnings unchanged)" + rest + ".";
            }
        }
        return "Under " + version + ": " + String.join("; ", phrases) + rest + ".";
    }

    /** The value at {@code field} (an absolute pointer) inside {@code value}, which stands at {@code path}. */
    private static JsonNode at(JsonNode value, String field, String path) {
        if (value == null) {
            return MissingNode.getInstance();
        }
        return field.equals(path) ? value : value.at(field.substring(path.length()));
    }

    /** The whole warning a pointer under /treatmentPlan/warnings/{i} lies in; missing when there is none. */
    private static JsonNode element(JsonNode document, String pointer) {
        if (pointer == null) {
            return MissingNode.getInstance();
        }
        int start = WARNINGS.length() + 1;
        int end = pointer.indexOf('/', start);
        return document.at(end < 0 ? pointer : pointer.substring(0, end));
    }

    private static boolean critical(JsonNode warning) {
        return "critical".equals(warning.path("level").asText(null));
    }

    /** The critical warnings of a warnings array, each as its code (or its whole text when it has none). */
    private static Set<String> criticalWarnings(JsonNode warnings) {
        Set<String> codes = new LinkedHashSet<>();
        if (warnings != null && warnings.isArray()) {
            for (JsonNode warning : warnings) {
                if (critical(warning)) {
                    codes.add(warning.path("code").isTextual() ? warning.path("code").textValue() : warning.toString());
                }
            }
        }
        return codes;
    }

    private static String name(String field) {
        return field.substring(field.lastIndexOf('/') + 1);
    }

    private static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "none";
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
