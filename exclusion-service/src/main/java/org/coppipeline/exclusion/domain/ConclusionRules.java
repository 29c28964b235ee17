package org.coppipeline.exclusion.domain;

import java.util.List;
import java.util.Optional;

import org.coppipeline.exclusion.domain.CategoryAssessments.AllCausesExcluded;

/** Conclusion, CONTRACT 4.2 (first matching line wins). */
public final class ConclusionRules {

    static final String CHEST_CT = "chest CT";
    static final String BIOPSY_IF_ATYPICAL = "biopsy if the course is atypical or treatment fails";

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
        if (op.evidence() != OpEvidence.UNLIKELY) {
            return Optional.empty();
        }
        return Optional.of(new ConclusionAssessment(Conclusion.OP_UNLIKELY,
                List.of(new Reason(CauseRule.CX_OP_UNLIKELY, "organizing pneumonia unlikely")), List.of()));
    }

    /** CX-SUSPECTED: next step chest CT. */
    static Optional<ConclusionAssessment> suspectedOp(OpAssessment op) {
        if (op.evidence() != OpEvidence.SUSPECTED) {
            return Optional.empty();
        }
        return Optional.of(new ConclusionAssessment(Conclusion.SUSPECTED_OP,
                List.of(new Reason(CauseRule.CX_SUSPECTED, "organizing pneumonia suspected before imaging")),
                List.of(CHEST_CT)));
    }

    /** CX-SECONDARY: probable or confirmed OP with a cause present. Open categories stay listed as next steps. */
    static Optional<ConclusionAssessment> secondaryOp(OpAssessment op, CategoryAssessments categories) {
        List<CategoryAssessment> present = categories.withStatus(CategoryStatus.PRESENT);
        if (!probableOrConfirmed(op) || present.isEmpty()) {
            return Optional.empty();
        }
        String causes = String.join(", ", present.stream().map(c -> c.category().code()).toList());
        return Optional.of(new ConclusionAssessment(Conclusion.SECONDARY_OP,
                List.of(new Reason(CauseRule.CX_SECONDARY, "organizing pneumonia " + op.evidence().code()
                        + " with a cause present: " + causes)),
                openCategorySteps(categories)));
    }

    /** CX-COP-CONFIRMED: histology confirmed and all eight categories excluded (the proof parameter). */
    static Optional<ConclusionAssessment> copConfirmed(OpAssessment op, AllCausesExcluded allExcluded) {
        if (op.evidence() != OpEvidence.CONFIRMED) {
            return Optional.empty();
        }
        return Optional.of(new ConclusionAssessment(Conclusion.COP_CONFIRMED,
                List.of(new Reason(CauseRule.CX_COP_CONFIRMED, "organizing pneumonia confirmed, all eight causes excluded")),
                List.of()));
    }

    /** CX-COP-PROBABLE: typical CT and all eight categories excluded (the proof parameter); biopsy if atypical. */
    static Optional<ConclusionAssessment> copProbable(OpAssessment op, AllCausesExcluded allExcluded) {
        if (op.evidence() != OpEvidence.PROBABLE) {
            return Optional.empty();
        }
        return Optional.of(new ConclusionAssessment(Conclusion.COP_PROBABLE,
                List.of(new Reason(CauseRule.CX_COP_PROBABLE, "organizing pneumonia probable, all eight causes excluded")),
                List.of(BIOPSY_IF_ATYPICAL)));
    }

    /**
     * CX-WORKUP-INCOMPLETE, listing the open categories; CX-NEVER-COP-UNEXCLUDED is named with it, because
     * this is where the invariant holds a COP conclusion back.
     */
    static ConclusionAssessment workupIncomplete(CategoryAssessments categories) {
        List<CategoryAssessment> open = categories.notExcluded();
        String names = String.join(", ", open.stream().map(c -> c.category().code() + " " + c.status().code()).toList());
        return new ConclusionAssessment(Conclusion.WORKUP_INCOMPLETE,
                List.of(new Reason(CauseRule.CX_WORKUP_INCOMPLETE, "causes not yet excluded: " + names),
                        new Reason(CauseRule.CX_NEVER_COP_UNEXCLUDED, "no COP conclusion while a cause is not excluded")),
                openCategorySteps(categories));
    }

    /** One step per category that is neither excluded nor present, e.g. "infection (incomplete): blood-culture". */
    static List<String> openCategorySteps(CategoryAssessments categories) {
        return categories.all().stream()
                .filter(c -> c.status() == CategoryStatus.INCOMPLETE || c.status() == CategoryStatus.NOT_ASSESSED)
                .map(c -> c.category().code() + " (" + c.status().code() + ")"
                        + (c.nextSteps().isEmpty() ? "" : ": " + String.join("; ", c.nextSteps())))
                .toList();
    }

    private static boolean probableOrConfirmed(OpAssessment op) {
        return op.evidence() == OpEvidence.PROBABLE || op.evidence() == OpEvidence.CONFIRMED;
    }
}
