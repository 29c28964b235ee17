package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The eight cause categories, each assessed exactly once, in the contract's order. */
public final class CategoryAssessments {

    private final Map<CauseCategory, CategoryAssessment> byCategory;

    public CategoryAssessments(List<CategoryAssessment> assessments) {
        Map<CauseCategory, CategoryAssessment> map = new EnumMap<>(CauseCategory.class);
        for (CategoryAssessment assessment : assessments) {
            if (map.put(assessment.category(), assessment) != null) {
                throw new IllegalArgumentException("category assessed twice: " + assessment.category().code());
            }
        }
        if (map.size() != CauseCategory.values().length) {
            throw new IllegalArgumentException("all eight categories must be assessed, got " + map.keySet());
        }
        this.byCategory = map;
    }

    public CategoryAssessment get(CauseCategory category) {
        return byCategory.get(category);
    }

    /** In the contract's order: infection, drug, radiation, ..., aspiration-exposure. */
    public List<CategoryAssessment> all() {
        return new ArrayList<>(byCategory.values());
    }

    public List<CategoryAssessment> withStatus(CategoryStatus status) {
        return byCategory.values().stream().filter(a -> a.status() == status).toList();
    }

    /** Categories that keep COP from being named: every one not excluded. */
    public List<CategoryAssessment> notExcluded() {
        return byCategory.values().stream().filter(a -> !a.isExcluded()).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoryAssessments that && byCategory.equals(that.byCategory);
    }

    @Override
    public int hashCode() {
        return byCategory.hashCode();
    }

    @Override
    public String toString() {
        return "CategoryAssessments" + byCategory.values();
    }

    /**
     * The only way to obtain an {@link AllCausesExcluded}: the COP conclusion rules require one, so the
     * invariant CX-NEVER-COP-UNEXCLUDED holds by construction, not by a check someone may forget.
     */
    public Optional<AllCausesExcluded> allExcluded() {
        return notExcluded().isEmpty() ? Optional.of(new AllCausesExcluded(this)) : Optional.empty();
    }

    /** Proof that all eight categories of one assessment are excluded. */
    public static final class AllCausesExcluded {
        private final CategoryAssessments categories;

        private AllCausesExcluded(CategoryAssessments categories) {
            this.categories = categories;
        }

        public CategoryAssessments categories() {
            return categories;
        }
    }
}
