package org.coppipeline.exclusion.domain;

import java.util.List;
import java.util.Objects;

/**
 * The status of one cause category and why.
 *
 * @param source    the rule line that decided the status
 * @param evidence  what was seen, in words a clinician reads
 * @param nextSteps what is missing, tests by their contract names
 * @param reasons   every rule of this category that fired, in order; the deciding one is among them
 * @param drugs     knowledge v2, drug present: the knowledge-base names of the drugs that make it present (lower
 *                  case, as in the drug list), in input order, each once; empty otherwise
 */
public record CategoryAssessment(
        CauseCategory category,
        CategoryStatus status,
        CauseRule source,
        List<String> evidence,
        List<String> nextSteps,
        List<Reason> reasons,
        List<String> drugs) {

    public CategoryAssessment {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        evidence = List.copyOf(evidence);
        nextSteps = List.copyOf(nextSteps);
        reasons = List.copyOf(reasons);
        drugs = List.copyOf(drugs);
        if (!firedRule(reasons, source)) {
            throw new IllegalArgumentException("the deciding rule " + source.id() + " is not among the reasons");
        }
        if (!drugs.isEmpty() && (category != CauseCategory.DRUG || status != CategoryStatus.PRESENT)) {
            throw new IllegalArgumentException("only a present drug category names drugs");
        }
    }

    /** A category that names no drugs: every one but a present drug category under v2. */
    public CategoryAssessment(CauseCategory category, CategoryStatus status, CauseRule source, List<String> evidence,
            List<String> nextSteps, List<Reason> reasons) {
        this(category, status, source, evidence, nextSteps, reasons, List.of());
    }

    private static boolean firedRule(List<Reason> reasons, CauseRule rule) {
        for (Reason reason : reasons) {
            if (reason.rule() == rule) {
                return true;
            }
        }
        return false;
    }

    /** A category decided by one rule line alone. */
    static CategoryAssessment decided(CauseCategory category, CategoryStatus status, Reason decidingReason,
            List<String> evidence, List<String> nextSteps) {
        return new CategoryAssessment(category, status, decidingReason.rule(), evidence, nextSteps, List.of(decidingReason));
    }

    public boolean isExcluded() {
        return status == CategoryStatus.EXCLUDED;
    }
}
