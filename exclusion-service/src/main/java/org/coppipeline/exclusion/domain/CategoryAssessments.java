package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The eight cause categories, each assessed exactly once, in the contract's order. */
public final class CategoryAssessments {

    private final Map<CauseCategory, CategoryAssessment> byCategory;
    /** The same assessments in the contract's order, read by every conclusion rule: kept rather than recomputed. */
    private final List<CategoryAssessment> inOrder;
    private final Optional<AllCausesExcluded> allExcluded;

    public CategoryAssessments(List<CategoryAssessment> assessments) {
        Map<CauseCategory, CategoryAssessment> map = new EnumMap<>(CauseCategory.class);
        CategoryAssessment[] ordered = new CategoryAssessment[CauseCategory.values().length];
        boolean allExcluded = true;
        for (CategoryAssessment assessment : assessments) {
            if (map.put(assessment.category(), assessment) != null) {
                throw new IllegalArgumentException("category assessed twice: " + assessment.category().code());
            }
            ordered[assessment.category().ordinal()] = assessment;
            allExcluded &= assessment.isExcluded();
        }
        if (map.size() != ordered.length) {
            throw new IllegalArgumentException("all eight categories must be assessed, got " + map.keySet());
        }
        this.byCategory = map;
        this.inOrder = List.of(ordered);
        this.allExcluded = allExcluded ? Optional.of(new AllCausesExcluded(this)) : Optional.empty();
    }

    public CategoryAssessment get(CauseCategory category) {
        return byCategory.get(category);
    }

    /** In the contract's order: infection, drug, radiation, ..., aspiration-exposure. */
    public List<CategoryAssessment> all() {
        return new ArrayList<>(inOrder);
    }

    /** In the contract's order, as an unmodifiable list (what the rules of this package iterate). */
    List<CategoryAssessment> inOrder() {
        return inOrder;
    }

    public List<CategoryAssessment> withStatus(CategoryStatus status) {
        List<CategoryAssessment> matching = new ArrayList<>(inOrder.size());
        for (CategoryAssessment assessment : inOrder) {
            if (assessment.status() == status) {
                matching.add(assessment);
            }
        }
        return List.copyOf(matching);
    }

    /** Categories that keep COP from being named: every one not excluded. */
    public List<CategoryAssessment> notExcluded() {
        List<CategoryAssessment> open = new ArrayList<>(inOrder.size());
        for (CategoryAssessment assessment : inOrder) {
            if (!assessment.isExcluded()) {
                open.add(assessment);
            }
        }
        return List.copyOf(open);
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
        return allExcluded;
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
