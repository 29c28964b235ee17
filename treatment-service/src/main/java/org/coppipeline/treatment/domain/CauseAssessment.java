package org.coppipeline.treatment.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of the exclusion service's result the plan depends on. A category the record does not carry is
 * unknown and counts as not assessed, never as excluded.
 */
public record CauseAssessment(Conclusion conclusion, Optional<OpEvidence> opEvidence,
        Map<CauseCategory, CategoryFinding> categories) {

    private static final CategoryFinding UNKNOWN = CategoryFinding.of(CategoryStatus.NOT_ASSESSED);

    public CauseAssessment {
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(opEvidence, "opEvidence");
        categories = Map.copyOf(categories);
    }

    public CategoryFinding finding(CauseCategory category) {
        return categories.getOrDefault(category, UNKNOWN);
    }

    public CategoryStatus status(CauseCategory category) {
        return finding(category).status();
    }

    public boolean infectionExcluded() {
        return status(CauseCategory.INFECTION) == CategoryStatus.EXCLUDED;
    }

    /** Categories in contract order whose status is {@code status}. */
    public List<CauseCategory> withStatus(CategoryStatus status) {
        return Arrays.stream(CauseCategory.values()).filter(c -> status(c) == status).toList();
    }

    /** Categories in contract order that are not excluded (present, incomplete, not assessed or missing). */
    public List<CauseCategory> notExcluded() {
        return Arrays.stream(CauseCategory.values()).filter(c -> status(c) != CategoryStatus.EXCLUDED).toList();
    }

    /** Categories in contract order that the record does not carry at all. */
    public List<CauseCategory> missing() {
        return Arrays.stream(CauseCategory.values()).filter(c -> !categories.containsKey(c)).toList();
    }
}
