package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import org.coppipeline.exclusion.domain.CategoryAssessments.AllCausesExcluded;

/** Conclusion, CONTRACT 4.2 (first matching line wins). */
public final class ConclusionRules {

    static final String CHEST_CT = "chest CT";
    static final String BIOPSY_IF_ATYPICAL = "biopsy if the course is atypical or treatment fails";

    // Conclusions that depend on the OP evidence alone are built once.
    private static final ConclusionAssessment OP_UNLIKELY = new ConclusionAssessment(Conclusion.OP_UNLIKELY,
            List.of(new Reason(CauseRule.CX_OP_UNLIKELY, "organizing pneumonia unlikely")), List.of());
    private static final ConclusionAssessment SUSPECTED = new ConclusionAssessment(Conclusion.SUSPECTED_OP,
            List.of(new Reason(CauseRule.CX_SUSPECTED, "organizing pneumonia suspected before imaging")),
            List.of(CHEST_CT));
    private static final ConclusionAssessment COP_CONFIRMED = new ConclusionAssessment(Conclusion.COP_CONFIRMED,
            List.of(new Reason(CauseRule.CX_COP_CONFIRMED, "organizing pneumonia confirmed, all eight causes excluded")),
            List.of());
    private static final ConclusionAssessment COP_PROBABLE = new ConclusionAssessment(Conclusion.COP_PROBABLE,
            List.of(new Reason(CauseRule.CX_COP_PROBABLE, "organizing pneumonia probable, all eight causes excluded")),
            List.of(BIOPSY_IF_ATYPICAL));
    private static final Reason NEVER_COP_UNEXCLUDED = new Reason(CauseRule.CX_NEVER_COP_UNEXCLUDED,
            "no COP conclusion while a cause is not excluded");

    private ConclusionRules() {
    }

    public static ConclusionAssessment conclude(OpAssessment op, CategoryAssessments categories) {
        return FirstMatch.of(
                () -> opUnlikely(op),
                () -> suspectedOp(op),
                () -> secondaryOp(op, categories),
                () -> categories.allExcluded().flatMap(proof -> copConfirmed(op, proof)),
                () -> categories.allExcluded().flatMap(proof -> copProbable(op, proof)))
                .orElseGet(() -> workupIncomplete(categories));
    }

    /** CX-OP-UNLIKELY */
    static Optional<ConclusionAssessment> opUnlikely(OpAssessment op) {
        return op.evidence() == OpEvidence.UNLIKELY ? Optional.of(OP_UNLIKELY) : Optional.empty();
    }

    /**
     * CX-SUSPECTED: next step chest CT, or what the ladder line asks for instead (v2: biopsy after a CT that shows
     * nothing typical).
     */
    static Optional<ConclusionAssessment> suspectedOp(OpAssessment op) {
        if (op.evidence() != OpEvidence.SUSPECTED) {
            return Optional.empty();
        }
        if (op.reason().rule() == CauseRule.OP_SUSPECTED_NO_CT || op.nextSteps().isEmpty()) {
            return Optional.of(SUSPECTED);
        }
        return Optional.of(new ConclusionAssessment(Conclusion.SUSPECTED_OP,
                List.of(new Reason(CauseRule.CX_SUSPECTED, "organizing pneumonia suspected on a CT without the typical pattern")),
                op.nextSteps()));
    }

    /** CX-SECONDARY: probable or confirmed OP with a cause present. Open categories stay listed as next steps. */
    static Optional<ConclusionAssessment> secondaryOp(OpAssessment op, CategoryAssessments categories) {
        if (!probableOrConfirmed(op)) {
            return Optional.empty();
        }
        List<CategoryAssessment> present = categories.withStatus(CategoryStatus.PRESENT);
        if (present.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner causes = new StringJoiner(", ");
        for (CategoryAssessment category : present) {
            causes.add(category.category().code());
        }
        return Optional.of(new ConclusionAssessment(Conclusion.SECONDARY_OP,
                List.of(new Reason(CauseRule.CX_SECONDARY, "organizing pneumonia " + op.evidence().code()
                        + " with a cause present: " + causes)),
                openCategorySteps(categories)));
    }

    /** CX-COP-CONFIRMED: histology confirmed and all eight categories excluded (the proof parameter). */
    static Optional<ConclusionAssessment> copConfirmed(OpAssessment op, AllCausesExcluded allExcluded) {
        return op.evidence() == OpEvidence.CONFIRMED ? Optional.of(COP_CONFIRMED) : Optional.empty();
    }

    /** CX-COP-PROBABLE: typical CT and all eight categories excluded (the proof parameter); biopsy if atypical. */
    static Optional<ConclusionAssessment> copProbable(OpAssessment op, AllCausesExcluded allExcluded) {
        return op.evidence() == OpEvidence.PROBABLE ? Optional.of(COP_PROBABLE) : Optional.empty();
    }

    /**
     * CX-WORKUP-INCOMPLETE, listing the open categories; CX-NEVER-COP-UNEXCLUDED is named with it, because
     * this is where the invariant holds a COP conclusion back.
     */
    static ConclusionAssessment workupIncomplete(CategoryAssessments categories) {
        StringJoiner names = new StringJoiner(", ");
        for (CategoryAssessment category : categories.notExcluded()) {
            names.add(category.category().code() + " " + category.status().code());
        }
        return new ConclusionAssessment(Conclusion.WORKUP_INCOMPLETE,
                List.of(new Reason(CauseRule.CX_WORKUP_INCOMPLETE, "causes not yet excluded: " + names),
                        NEVER_COP_UNEXCLUDED),
                openCategorySteps(categories));
    }

    /** One step per category that is neither excluded nor present, e.g. "infection (incomplete): blood-culture". */
    static List<String> openCategorySteps(CategoryAssessments categories) {
        List<String> steps = new ArrayList<>();
        for (CategoryAssessment c : categories.inOrder()) {
            if (c.status() == CategoryStatus.INCOMPLETE || c.status() == CategoryStatus.NOT_ASSESSED) {
                steps.add(c.category().code() + " (" + c.status().code() + ")"
                        + (c.nextSteps().isEmpty() ? "" : ": " + String.join("; ", c.nextSteps())));
            }
        }
        return steps;
    }

    private static boolean probableOrConfirmed(OpAssessment op) {
        return op.evidence() == OpEvidence.PROBABLE || op.evidence() == OpEvidence.CONFIRMED;
    }
}
