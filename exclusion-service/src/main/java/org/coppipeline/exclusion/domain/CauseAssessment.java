package org.coppipeline.exclusion.domain;

import java.util.List;
import java.util.Objects;

/**
 * The whole result of the exclusion stage for one case.
 *
 * @param reasons          every rule that fired, in order: categories, OP ladder, conclusion
 * @param knowledgeVersion the version whose rules produced it
 */
public record CauseAssessment(
        CategoryAssessments categories,
        OpAssessment opEvidence,
        ConclusionAssessment conclusion,
        List<AlternativeDiagnosis> alternativeDiagnoses,
        List<Reason> reasons,
        List<Warning> warnings,
        KnowledgeVersion knowledgeVersion) {

    /** A v1 result. */
    public CauseAssessment(CategoryAssessments categories, OpAssessment opEvidence, ConclusionAssessment conclusion,
            List<AlternativeDiagnosis> alternativeDiagnoses, List<Reason> reasons, List<Warning> warnings) {
        this(categories, opEvidence, conclusion, alternativeDiagnoses, reasons, warnings, KnowledgeVersion.V1);
    }

    public CauseAssessment {
        Objects.requireNonNull(knowledgeVersion, "knowledgeVersion");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(opEvidence, "opEvidence");
        Objects.requireNonNull(conclusion, "conclusion");
        alternativeDiagnoses = List.copyOf(alternativeDiagnoses);
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        // CX-NEVER-COP-UNEXCLUDED, second line of defence behind ConclusionRules' AllCausesExcluded parameter.
        if (conclusion.conclusion().isCop() && categories.allExcluded().isEmpty()) {
            throw new IllegalArgumentException(CauseRule.CX_NEVER_COP_UNEXCLUDED.id()
                    + ": no COP conclusion while a cause category is not excluded");
        }
    }
}
