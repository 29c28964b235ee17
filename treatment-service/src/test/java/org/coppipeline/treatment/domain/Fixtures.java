package org.coppipeline.treatment.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders for rule inputs: a fully excluded COP work-up and findings that change one thing at a time. */
final class Fixtures {

    static final TreatmentThresholds DEFAULTS = TreatmentThresholds.defaults();

    /** Every category excluded. */
    static Map<CauseCategory, CategoryFinding> allExcluded() {
        Map<CauseCategory, CategoryFinding> categories = new EnumMap<>(CauseCategory.class);
        for (CauseCategory category : CauseCategory.values()) {
            categories.put(category, CategoryFinding.of(CategoryStatus.EXCLUDED));
        }
        return categories;
    }

    static CauseAssessment causes(Conclusion conclusion, OpEvidence evidence) {
        return new CauseAssessment(conclusion, Optional.of(evidence), allExcluded());
    }

    static CauseAssessment causes(Conclusion conclusion, OpEvidence evidence, CauseCategory category, CategoryStatus status,
            String... evidenceText) {
        Map<CauseCategory, CategoryFinding> categories = allExcluded();
        categories.put(category, new CategoryFinding(status, List.of(evidenceText)));
        return new CauseAssessment(conclusion, Optional.of(evidence), categories);
    }

    static CauseAssessment copConfirmed() {
        return causes(Conclusion.COP_CONFIRMED, OpEvidence.CONFIRMED);
    }

    static CauseAssessment copProbable() {
        return causes(Conclusion.COP_PROBABLE, OpEvidence.PROBABLE);
    }

    /** A moderate case: SpO2 93, progressive, CRP 85, FVC 74, 68 kg, no support. */
    static ClinicalFindings moderate() {
        return ClinicalFindings.unknown().withSpo2(93).withTrajectory(Trajectory.PROGRESSIVE).withCrp(85).withFvc(74)
                .withWeight(68).withSupport(RespiratorySupport.NONE);
    }

    /** A mild case: SpO2 96, improving, CRP 22, FVC 85, 68 kg, no support. */
    static ClinicalFindings mild() {
        return ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.IMPROVING).withCrp(22).withFvc(85)
                .withWeight(68).withSupport(RespiratorySupport.NONE);
    }

    /** A severe case: SpO2 86 on high-flow, rapidly progressive, 68 kg. */
    static ClinicalFindings severe() {
        return ClinicalFindings.unknown().withSpo2(86).withTrajectory(Trajectory.RAPIDLY_PROGRESSIVE).withCrp(85)
                .withFvc(74).withWeight(68).withSupport(RespiratorySupport.HIGH_FLOW);
    }

    static TreatmentPlan plan(CauseAssessment causes, ClinicalFindings findings) {
        return plan(causes, findings, KnowledgeVersion.V1);
    }

    static TreatmentPlan plan(CauseAssessment causes, ClinicalFindings findings, KnowledgeVersion version) {
        return TreatmentPlanner.plan(new TreatmentInput(causes, findings), DEFAULTS, version);
    }

    static List<String> warningCodes(TreatmentPlan plan) {
        return plan.warnings().stream().map(Warning::code).toList();
    }

    static List<String> followUpCodes(TreatmentPlan plan) {
        return plan.followUp().stream().map(FollowUp::code).toList();
    }

    static List<String> precautionCodes(TreatmentPlan plan) {
        return plan.precautions().stream().map(Precaution::code).toList();
    }

    static List<String> reasonRules(TreatmentPlan plan) {
        return plan.reasons().stream().map(r -> r.source().ruleId()).toList();
    }

    private Fixtures() {
    }
}
