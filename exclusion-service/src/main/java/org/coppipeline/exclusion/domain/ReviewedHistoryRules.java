package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.ASPIRATION_EXPOSURE;
import static org.coppipeline.exclusion.domain.CauseCategory.INFLAMMATORY_BOWEL_DISEASE;
import static org.coppipeline.exclusion.domain.CauseCategory.TRANSPLANT;

import java.util.List;
import java.util.Optional;

import org.coppipeline.exclusion.domain.CauseInput.History;

/**
 * The three categories decided from the history alone, CONTRACT 4.2 (first matching line wins):
 * inflammatory-bowel-disease and transplant (gated by conditionsReviewed), aspiration-exposure
 * (gated by exposuresReviewed).
 */
public final class ReviewedHistoryRules {

    private static final String REVIEW_CONDITIONS = "review the conditions history";
    private static final String REVIEW_EXPOSURES = "review aspiration risk and inhalational exposures";

    private static final String CONDITIONS_NOT_REVIEWED = "conditions not marked reviewed (conditionsReviewed is not true)";

    // The not-assessed and excluded lines depend on the review flags alone: each is built once.
    private static final CategoryAssessment IBD_NOT_REVIEWED = notReviewed(INFLAMMATORY_BOWEL_DISEASE,
            CauseRule.EX_IBD_NOT_ASSESSED, CONDITIONS_NOT_REVIEWED, REVIEW_CONDITIONS);
    private static final CategoryAssessment NO_IBD = excluded(INFLAMMATORY_BOWEL_DISEASE, CauseRule.EX_IBD_EXCLUDED,
            "conditions reviewed: no ulcerative-colitis or crohn-disease");
    private static final CategoryAssessment TRANSPLANT_NOT_REVIEWED = notReviewed(TRANSPLANT,
            CauseRule.EX_TRANSPLANT_NOT_ASSESSED, CONDITIONS_NOT_REVIEWED, REVIEW_CONDITIONS);
    private static final CategoryAssessment NO_TRANSPLANT = excluded(TRANSPLANT, CauseRule.EX_TRANSPLANT_EXCLUDED,
            "conditions reviewed: no hematopoietic-stem-cell-transplant or solid-organ-transplant");
    private static final CategoryAssessment EXPOSURES_NOT_REVIEWED = notReviewed(ASPIRATION_EXPOSURE,
            CauseRule.EX_ASPIRATION_NOT_ASSESSED, "exposures not marked reviewed (exposuresReviewed is not true)",
            REVIEW_EXPOSURES);
    private static final CategoryAssessment NO_ASPIRATION_OR_EXPOSURE = excluded(ASPIRATION_EXPOSURE,
            CauseRule.EX_ASPIRATION_EXCLUDED, "exposures reviewed: no aspiration-risk or inhalational-exposure");

    private ReviewedHistoryRules() {
    }

    public static CategoryAssessment assessInflammatoryBowelDisease(History history) {
        return FirstMatch.of(() -> ibdNotReviewed(history), () -> ibdCondition(history))
                .orElseGet(() -> noIbd(history));
    }

    public static CategoryAssessment assessTransplant(History history) {
        return FirstMatch.of(() -> transplantNotReviewed(history), () -> transplantCondition(history))
                .orElseGet(() -> noTransplant(history));
    }

    public static CategoryAssessment assessAspirationExposure(History history) {
        return FirstMatch.of(() -> exposuresNotReviewed(history), () -> aspirationOrExposure(history))
                .orElseGet(() -> noAspirationOrExposure(history));
    }

    /** EX-IBD-NOT-ASSESSED */
    static Optional<CategoryAssessment> ibdNotReviewed(History history) {
        return history.conditionsReviewed() ? Optional.empty() : Optional.of(IBD_NOT_REVIEWED);
    }

    /** EX-IBD-PRESENT: ulcerative colitis or Crohn disease. */
    static Optional<CategoryAssessment> ibdCondition(History history) {
        return present(history, INFLAMMATORY_BOWEL_DISEASE, CauseRule.EX_IBD_PRESENT);
    }

    /** EX-IBD-EXCLUDED */
    static CategoryAssessment noIbd(History history) {
        return NO_IBD;
    }

    /** EX-TRANSPLANT-NOT-ASSESSED */
    static Optional<CategoryAssessment> transplantNotReviewed(History history) {
        return history.conditionsReviewed() ? Optional.empty() : Optional.of(TRANSPLANT_NOT_REVIEWED);
    }

    /** EX-TRANSPLANT-PRESENT: hematopoietic stem cell or solid organ transplant. */
    static Optional<CategoryAssessment> transplantCondition(History history) {
        return present(history, TRANSPLANT, CauseRule.EX_TRANSPLANT_PRESENT);
    }

    /** EX-TRANSPLANT-EXCLUDED */
    static CategoryAssessment noTransplant(History history) {
        return NO_TRANSPLANT;
    }

    /** EX-ASPIRATION-NOT-ASSESSED */
    static Optional<CategoryAssessment> exposuresNotReviewed(History history) {
        return history.exposuresReviewed() ? Optional.empty() : Optional.of(EXPOSURES_NOT_REVIEWED);
    }

    /** EX-ASPIRATION-PRESENT: aspiration risk or inhalational exposure. */
    static Optional<CategoryAssessment> aspirationOrExposure(History history) {
        return present(history, ASPIRATION_EXPOSURE, CauseRule.EX_ASPIRATION_PRESENT);
    }

    /** EX-ASPIRATION-EXCLUDED */
    static CategoryAssessment noAspirationOrExposure(History history) {
        return NO_ASPIRATION_OR_EXPOSURE;
    }

    private static CategoryAssessment notReviewed(CauseCategory category, CauseRule rule, String seen,
            String nextStep) {
        return CategoryAssessment.decided(category, CategoryStatus.NOT_ASSESSED, new Reason(rule, seen),
                List.of(seen), List.of(nextStep));
    }

    private static Optional<CategoryAssessment> present(History history, CauseCategory category, CauseRule rule) {
        List<Condition> matching = history.conditionsOf(category);
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        String seen = "condition: " + String.join(", ", matching.stream().map(Condition::code).toList());
        return Optional.of(CategoryAssessment.decided(category, CategoryStatus.PRESENT, new Reason(rule, seen),
                List.of(seen), List.of()));
    }

    private static CategoryAssessment excluded(CauseCategory category, CauseRule rule, String seen) {
        return CategoryAssessment.decided(category, CategoryStatus.EXCLUDED, new Reason(rule, seen), List.of(seen), List.of());
    }
}
