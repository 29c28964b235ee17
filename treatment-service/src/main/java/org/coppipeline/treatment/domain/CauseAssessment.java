package org.coppipeline.treatment.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
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
    /** CauseCategory.values() clones its array on every call; the plan reads the categories many times. */
    private static final CauseCategory[] CATEGORIES = CauseCategory.values();

    public CauseAssessment {
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(opEvidence, "opEvidence");
        // An unmodifiable EnumMap: the rules look categories up by enum many times per plan. Null keys and values
        // are refused as Map.copyOf refused them.
        Map<CauseCategory, CategoryFinding> copy = new EnumMap<>(CauseCategory.class);
        categories.forEach((category, finding) -> copy.put(Objects.requireNonNull(category),
                Objects.requireNonNull(finding)));
        categories = Collections.unmodifiableMap(copy);
    }

    public CategoryFinding finding(CauseCategory category) {
        CategoryFinding finding = categories.get(category);
        return finding == null ? UNKNOWN : finding;
    }

    public CategoryStatus status(CauseCategory category) {
        return finding(category).status();
    }

    public boolean infectionExcluded() {
        return status(CauseCategory.INFECTION) == CategoryStatus.EXCLUDED;
    }

    /** Categories in contract order whose status is {@code status}. */
    public List<CauseCategory> withStatus(CategoryStatus status) {
        List<CauseCategory> matching = new ArrayList<>(CATEGORIES.length);
        for (CauseCategory category : CATEGORIES) {
            if (status(category) == status) {
                matching.add(category);
            }
        }
        return List.copyOf(matching);
    }

    /** Categories in contract order that are not excluded (present, incomplete, not assessed or missing). */
    public List<CauseCategory> notExcluded() {
        List<CauseCategory> open = new ArrayList<>(CATEGORIES.length);
        for (CauseCategory category : CATEGORIES) {
            if (status(category) != CategoryStatus.EXCLUDED) {
                open.add(category);
            }
        }
        return List.copyOf(open);
    }

    /** Categories in contract order that the record does not carry at all. */
    public List<CauseCategory> missing() {
        List<CauseCategory> missing = new ArrayList<>(CATEGORIES.length);
        for (CauseCategory category : CATEGORIES) {
            if (!categories.containsKey(category)) {
                missing.add(category);
            }
        }
        return List.copyOf(missing);
    }
}
