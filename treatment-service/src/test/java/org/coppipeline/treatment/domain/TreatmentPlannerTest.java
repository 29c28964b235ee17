package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.causes;
import static org.coppipeline.treatment.domain.Fixtures.followUpCodes;
import static org.coppipeline.treatment.domain.Fixtures.plan;
import static org.coppipeline.treatment.domain.Fixtures.precautionCodes;
import static org.coppipeline.treatment.domain.Fixtures.reasonRules;
import static org.coppipeline.treatment.domain.Fixtures.warningCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class TreatmentPlannerTest {

    private static final List<String> ALL_PRECAUTIONS = List.of("pneumocystis-prophylaxis", "bone-protection", "glucose-monitoring",
            "relapse-surveillance");

    @Test
    void opUnlikely() {
        TreatmentPlan plan = plan(causes(Conclusion.OP_UNLIKELY, OpEvidence.UNLIKELY), Fixtures.moderate());
        assertEquals(Recommendation.NO_OP_TREATMENT, plan.recommendation());
        assertFalse(plan.glucocorticoidRecommended());
        assertTrue(plan.regimen().isEmpty());
        assertEquals(List.of(), plan.precautions());
        assertEquals(List.of(), plan.alternatives());
        assertEquals(List.of("pursue-alternative-diagnosis"), followUpCodes(plan));
        assertEquals(Knowledge.TX_REC_NO_OP, plan.followUp().get(0).source());
        assertEquals(List.of(), plan.warnings());
        assertEquals(List.of("SV-MODERATE", "TX-REC-NO-OP"), reasonRules(plan));
    }

    @Test
    void secondaryOpNamesTheCauseActions() {
        var categories = Fixtures.allExcluded();
        categories.put(CauseCategory.DRUG, new CategoryFinding(CategoryStatus.PRESENT, List.of("amiodarone")));
        categories.put(CauseCategory.INFECTION, new CategoryFinding(CategoryStatus.PRESENT, List.of("sputum-culture positive")));
        categories.put(CauseCategory.CONNECTIVE_TISSUE_DISEASE, new CategoryFinding(CategoryStatus.PRESENT, List.of()));
        TreatmentPlan plan = plan(new CauseAssessment(Conclusion.SECONDARY_OP, Optional.of(OpEvidence.PROBABLE), categories),
                Fixtures.severe());
        assertEquals(Recommendation.TREAT_UNDERLYING_CAUSE, plan.recommendation());
        assertFalse(plan.glucocorticoidRecommended());
        assertEquals(List.of("treat-infection", "remove-drug", "refer-associated-disease"), followUpCodes(plan));
        FollowUp infection = plan.followUp().get(0);
        assertEquals("treat the infection: sputum-culture positive", infection.text());
        assertEquals(Optional.of(CauseCategory.INFECTION), infection.category());
        assertEquals(List.of("sputum-culture positive"), infection.evidence());
        assertEquals(Knowledge.TX_REC_TREAT_CAUSE, infection.source());
        assertEquals("stop or replace the drug associated with organizing pneumonia: amiodarone", plan.followUp().get(1).text());
        assertEquals("refer for the associated connective-tissue-disease: no detail given", plan.followUp().get(2).text());
        // infection present and OP probable: the critical warning
        assertEquals(List.of("infection-not-excluded"), warningCodes(plan));
        assertEquals(List.of(), plan.alternatives());
    }

    @Test
    void radiationCauseIsReferred() {
        TreatmentPlan plan = plan(causes(Conclusion.SECONDARY_OP, OpEvidence.PROBABLE, CauseCategory.RADIATION, CategoryStatus.PRESENT,
                "breast radiotherapy ended 120 days ago"), Fixtures.moderate());
        assertEquals(List.of("refer-associated-disease"), followUpCodes(plan));
        assertEquals("refer for the associated radiation: breast radiotherapy ended 120 days ago", plan.followUp().get(0).text());
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void suspectedOpAsksForCtAndTheOpenCategories() {
        var categories = Fixtures.allExcluded();
        categories.put(CauseCategory.INFECTION, CategoryFinding.of(CategoryStatus.NOT_ASSESSED));
        categories.put(CauseCategory.DRUG, new CategoryFinding(CategoryStatus.INCOMPLETE, List.of("medication list incomplete")));
        categories.put(CauseCategory.TRANSPLANT, new CategoryFinding(CategoryStatus.PRESENT, List.of("solid-organ-transplant")));
        TreatmentPlan plan = plan(new CauseAssessment(Conclusion.SUSPECTED_OP, Optional.of(OpEvidence.SUSPECTED), categories),
                ClinicalFindings.unknown());
        assertEquals(Recommendation.COMPLETE_WORKUP, plan.recommendation());
        assertEquals(List.of("chest-ct", "complete-workup", "complete-workup", "refer-associated-disease"), followUpCodes(plan));
        assertEquals(Knowledge.CX_SUSPECTED, plan.followUp().get(0).source());
        FollowUp infection = plan.followUp().get(1);
        assertEquals("infection is not-assessed: complete its work-up (see the next steps of the cause assessment)", infection.text());
        assertEquals(Optional.of(CauseCategory.INFECTION), infection.category());
        assertEquals(Knowledge.TX_REC_COMPLETE_WORKUP, infection.source());
        assertEquals(List.of("medication list incomplete"), plan.followUp().get(2).evidence());
        assertEquals(List.of("infection-not-excluded"), warningCodes(plan));
    }

    @Test
    void workupIncompleteWithoutSuspicionHasNoCtStep() {
        TreatmentPlan plan = plan(causes(Conclusion.WORKUP_INCOMPLETE, OpEvidence.PROBABLE, CauseCategory.DRUG,
                CategoryStatus.NOT_ASSESSED), Fixtures.moderate());
        assertEquals(List.of("complete-workup"), followUpCodes(plan));
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void severeWithPendingWorkupStartsIvAndCompletesTheWorkupInParallel() {
        TreatmentPlan plan = plan(causes(Conclusion.WORKUP_INCOMPLETE, OpEvidence.CONFIRMED, CauseCategory.CONNECTIVE_TISSUE_DISEASE,
                CategoryStatus.INCOMPLETE), Fixtures.severe());
        assertEquals(Recommendation.IV_GLUCOCORTICOID, plan.recommendation());
        assertTrue(plan.glucocorticoidRecommended());
        assertEquals(Regimens.IV_NAME, plan.regimen().orElseThrow().name());
        assertEquals(List.of("complete-workup-in-parallel"), warningCodes(plan));
        assertEquals("IV glucocorticoid starts before the work-up is complete: complete it in parallel (connective-tissue-disease)",
                plan.warnings().get(0).message());
        assertEquals(List.of("complete-workup"), followUpCodes(plan));
        assertEquals(Knowledge.TX_REC_IV_PENDING_WORKUP, plan.followUp().get(0).source());
        assertEquals(ALL_PRECAUTIONS, precautionCodes(plan));
    }

    @Test
    void severeCopGoesIvWithoutWorkupFollowUp() {
        TreatmentPlan plan = plan(Fixtures.copConfirmed(), Fixtures.severe());
        assertEquals(Recommendation.IV_GLUCOCORTICOID, plan.recommendation());
        assertEquals(List.of(), followUpCodes(plan));
        assertEquals(List.of(), plan.warnings());
        assertEquals(List.of("SV-SEVERE-SPO2", "SV-SEVERE-NIV-HFNC", "SV-SEVERE-RAPID", "TX-REC-IV-SEVERE", "TX-IV-MP", "TX-ORAL-PRED",
                "TX-DOSE-ROUNDING", "PC-PJP", "PC-BONE", "PC-GLUCOSE", "PC-RELAPSE-WATCH"), reasonRules(plan));
        assertEquals("iv-methylprednisolone-then-oral-prednisone: methylprednisolone 500-1000 mg/day iv for 3 days",
                plan.reasons().get(4).text());
        assertEquals("mg doses computed from 68 kg and rounded to the nearest 5 mg (halfway rounds up)", plan.reasons().get(6).text());
    }

    @Test
    void moderateCopGetsTheOralTaperAndItsPrecautions() {
        TreatmentPlan plan = plan(Fixtures.copConfirmed(), Fixtures.moderate());
        assertEquals(Recommendation.ORAL_GLUCOCORTICOID, plan.recommendation());
        assertTrue(plan.glucocorticoidRecommended());
        Regimen regimen = plan.regimen().orElseThrow();
        assertEquals(Regimens.ORAL_NAME, regimen.name());
        assertTrue(regimen.requiresClinicalReview());
        assertEquals(ALL_PRECAUTIONS, precautionCodes(plan));
        assertEquals(List.of(), plan.warnings());
        assertEquals(List.of(), plan.alternatives());
        assertEquals(List.of(), plan.followUp());
        assertTrue(reasonRules(plan).contains("TX-DOSE-ROUNDING"));
        assertTrue(plan.reasons().stream().anyMatch(r -> r.text().startsWith("oral-prednisone-taper: prednisone 50 mg/day")));
    }

    @Test
    void weightMissing() {
        TreatmentPlan plan = plan(Fixtures.copConfirmed(), ClinicalFindings.unknown().withSpo2(93).withTrajectory(Trajectory.PROGRESSIVE));
        assertEquals(List.of("weight-missing"), warningCodes(plan));
        Warning warning = plan.warnings().get(0);
        assertEquals(WarningLevel.WARNING, warning.level());
        assertEquals(Knowledge.TX_WEIGHT_MISSING, warning.source());
        assertFalse(reasonRules(plan).contains("TX-DOSE-ROUNDING"));
        assertTrue(plan.regimen().orElseThrow().hasDosesPerKg());
    }

    @Test
    void weightMissingDoesNotMatterForTheRelapseRegimen() {
        TreatmentPlan plan = plan(Fixtures.copConfirmed(), ClinicalFindings.unknown().withRelapseOnTaper(true));
        assertEquals(Recommendation.RELAPSE_REGIMEN, plan.recommendation());
        assertEquals(List.of(), plan.warnings());
        assertEquals(Regimens.RELAPSE_NAME, plan.regimen().orElseThrow().name());
        assertEquals(ALL_PRECAUTIONS, precautionCodes(plan));
        assertFalse(reasonRules(plan).contains("TX-DOSE-ROUNDING"));
    }

    @Test
    void aWeightTooLowForTheRoundingIsWarned() {
        TreatmentPlan plan = plan(Fixtures.copConfirmed(), Fixtures.moderate().withWeight(3));
        assertEquals(List.of("dose-below-rounding-step"), warningCodes(plan));
        assertEquals(Knowledge.TX_DOSE_ROUNDING, plan.warnings().get(0).source());
        assertTrue(plan.warnings().get(0).message().startsWith("at 3 kg "));
    }

    @Test
    void diabetesWarnsWithAGlucocorticoidPlanOnly() {
        TreatmentPlan oral = plan(Fixtures.copConfirmed(), Fixtures.moderate().withDiabetes(true));
        assertEquals(List.of("diabetes-glucose-control"), warningCodes(oral));
        TreatmentPlan observe = plan(Fixtures.copConfirmed(), Fixtures.mild().withDiabetes(true));
        assertEquals(List.of(), warningCodes(observe));
    }

    @Test
    void mildCopIsObservedWithReassessmentAndTheAlternative() {
        TreatmentPlan plan = plan(Fixtures.copProbable(), Fixtures.mild());
        assertEquals(Recommendation.OBSERVE, plan.recommendation());
        assertFalse(plan.glucocorticoidRecommended());
        assertTrue(plan.regimen().isEmpty());
        assertEquals(List.of(), plan.precautions());
        assertEquals(List.of("reassess", "biopsy-if-atypical"), followUpCodes(plan));
        FollowUp reassess = plan.followUp().get(0);
        assertEquals(OptionalInt.of(14), reassess.withinDays());
        assertEquals("re-assess within 14 days; escalate to oral prednisone if not improving", reassess.text());
        assertEquals(Knowledge.TX_REC_OBSERVE, reassess.source());
        assertEquals(Knowledge.CX_COP_PROBABLE, plan.followUp().get(1).source());
        assertEquals(List.of("clarithromycin"), plan.alternatives().stream().map(Alternative::name).toList());
        assertTrue(reasonRules(plan).containsAll(List.of("TX-ALT-CLARITHRO", "TX-ALT-CLARITHRO-ELIGIBLE")));
        assertTrue(plan.reasons().stream().anyMatch(r -> r.text().equals(
                "alternative clarithromycin 500 mg twice daily oral for 12 weeks, observational, conflicting evidence")));
    }

    @Test
    void moderateWithGoodLungFunctionGetsTheAlternativeToo() {
        TreatmentPlan plan = plan(Fixtures.copConfirmed(), ClinicalFindings.unknown().withSpo2(95).withFvc(85).withWeight(70)
                .withTrajectory(Trajectory.PROGRESSIVE));
        assertEquals(Recommendation.ORAL_GLUCOCORTICOID, plan.recommendation());
        assertEquals(1, plan.alternatives().size());
        assertEquals(0, plan(Fixtures.copConfirmed(), Fixtures.severe().withFvc(90)).alternatives().size());
    }

    @Test
    void eachRecommendationLine() {
        assertEquals(Recommendation.NO_OP_TREATMENT, plan(causes(Conclusion.OP_UNLIKELY, OpEvidence.UNLIKELY), Fixtures.severe()).recommendation());
        assertEquals(Recommendation.TREAT_UNDERLYING_CAUSE, plan(causes(Conclusion.SECONDARY_OP, OpEvidence.CONFIRMED, CauseCategory.DRUG,
                CategoryStatus.PRESENT), Fixtures.severe()).recommendation());
        assertEquals(Recommendation.IV_GLUCOCORTICOID, plan(causes(Conclusion.SUSPECTED_OP, OpEvidence.PROBABLE), Fixtures.severe())
                .recommendation());
        assertEquals(Recommendation.COMPLETE_WORKUP, plan(causes(Conclusion.SUSPECTED_OP, OpEvidence.SUSPECTED), Fixtures.severe())
                .recommendation());
        assertEquals(Recommendation.IV_GLUCOCORTICOID, plan(Fixtures.copProbable(), Fixtures.severe().withRelapseOnTaper(true)).recommendation());
        assertEquals(Recommendation.RELAPSE_REGIMEN, plan(Fixtures.copProbable(), Fixtures.mild().withRelapseOnTaper(true)).recommendation());
        assertEquals(Recommendation.OBSERVE, plan(Fixtures.copConfirmed(), Fixtures.mild()).recommendation());
        assertEquals(Recommendation.ORAL_GLUCOCORTICOID, plan(Fixtures.copConfirmed(), Fixtures.moderate()).recommendation());
    }

    @Test
    void oddInputIsWarnedNotRefused() {
        TreatmentPlan plan = plan(causes(Conclusion.OP_UNLIKELY, OpEvidence.UNLIKELY), Fixtures.moderate().withSpo2(85)
                .withCurrentPrednisone(30).withRelapseOnTaper(true));
        assertEquals(Severity.SEVERE, plan.severity());
        assertEquals(Recommendation.NO_OP_TREATMENT, plan.recommendation());
        assertEquals(List.of("low-spo2-without-support", "prednisone-without-op", "relapse-flag-not-used"), warningCodes(plan));
    }

    @Test
    void regimenForEachRecommendation() {
        for (Recommendation recommendation : Recommendation.values()) {
            Optional<Regimen> regimen = TreatmentPlanner.regimenFor(recommendation, Fixtures.moderate());
            assertEquals(recommendation.startsGlucocorticoid(), regimen.isPresent(), recommendation.code());
        }
        assertEquals(Regimens.ORAL_NAME, TreatmentPlanner.regimenFor(Recommendation.ORAL_GLUCOCORTICOID, Fixtures.moderate())
                .orElseThrow().name());
        assertEquals(Regimens.RELAPSE_NAME, TreatmentPlanner.regimenFor(Recommendation.RELAPSE_REGIMEN, Fixtures.moderate())
                .orElseThrow().name());
    }

    @Test
    void hasWarningLooksForTheCode() {
        TreatmentPlan plan = plan(Fixtures.copConfirmed(), Fixtures.moderate().withDiabetes(true));
        assertTrue(plan.hasWarning("diabetes-glucose-control"));
        assertFalse(plan.hasWarning(Warning.INFECTION_NOT_EXCLUDED));
    }
}
