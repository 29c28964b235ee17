package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.causes;
import static org.coppipeline.treatment.domain.Fixtures.plan;
import static org.coppipeline.treatment.domain.Fixtures.warningCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class InfectionGateTest {

    @ParameterizedTest
    @EnumSource(value = CategoryStatus.class, names = { "PRESENT", "INCOMPLETE", "NOT_ASSESSED" })
    void criticalWarningWhenInfectionOpenAndOpOnTheTable(CategoryStatus status) {
        for (OpEvidence evidence : OpEvidence.values()) {
            CauseAssessment open = causes(Conclusion.WORKUP_INCOMPLETE, evidence, CauseCategory.INFECTION, status);
            Optional<Warning> warning = InfectionGate.criticalWarning(open);
            assertEquals(evidence != OpEvidence.UNLIKELY, warning.isPresent(), evidence + " / " + status);
            warning.ifPresent(w -> {
                assertEquals(WarningLevel.CRITICAL, w.level());
                assertEquals("infection-not-excluded", w.code());
                assertEquals(Knowledge.TX_GATE_INFECTION, w.source());
                assertEquals("infection is " + status.code() + ", not excluded: do not start immunosuppression before infection is excluded",
                        w.message());
            });
        }
    }

    @Test
    void noCriticalWarningWhenInfectionExcluded() {
        for (OpEvidence evidence : OpEvidence.values()) {
            assertTrue(InfectionGate.criticalWarning(causes(Conclusion.COP_CONFIRMED, evidence)).isEmpty());
        }
    }

    @Test
    void unknownOpEvidenceWithInfectionOpenWarns() {
        var categories = Fixtures.allExcluded();
        categories.remove(CauseCategory.INFECTION);
        CauseAssessment unknown = new CauseAssessment(Conclusion.WORKUP_INCOMPLETE, Optional.empty(), categories);
        assertTrue(InfectionGate.criticalWarning(unknown).isPresent());
        CauseAssessment excluded = new CauseAssessment(Conclusion.WORKUP_INCOMPLETE, Optional.empty(), Fixtures.allExcluded());
        assertTrue(InfectionGate.criticalWarning(excluded).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = CategoryStatus.class, names = { "PRESENT", "INCOMPLETE", "NOT_ASSESSED" })
    void inconsistentCopConclusionWithOpenInfectionIsWithheld(CategoryStatus status) {
        CauseAssessment inconsistent = causes(Conclusion.COP_CONFIRMED, OpEvidence.CONFIRMED, CauseCategory.INFECTION, status);
        for (ClinicalFindings findings : List.of(Fixtures.moderate(), Fixtures.severe(), Fixtures.moderate().withRelapseOnTaper(true))) {
            TreatmentPlan plan = plan(inconsistent, findings);
            assertFalse(plan.glucocorticoidRecommended());
            assertEquals(Recommendation.COMPLETE_WORKUP, plan.recommendation());
            assertTrue(plan.regimen().isEmpty());
            assertTrue(plan.precautions().isEmpty());
            assertTrue(plan.alternatives().isEmpty());
            assertTrue(warningCodes(plan).containsAll(List.of("infection-not-excluded", "glucocorticoid-withheld",
                    "conclusion-contradicts-categories")), warningCodes(plan).toString());
            assertTrue(Fixtures.reasonRules(plan).contains("TX-GATE-INFECTION"));
            // the work-up still to do names infection
            assertTrue(plan.followUp().stream().anyMatch(f -> f.category().equals(Optional.of(CauseCategory.INFECTION))
                    && f.source().equals(Knowledge.TX_GATE_INFECTION)));
        }
    }

    @Test
    void withheldNamesWhatWasWithheld() {
        CauseAssessment inconsistent = causes(Conclusion.COP_PROBABLE, OpEvidence.PROBABLE, CauseCategory.INFECTION, CategoryStatus.INCOMPLETE);
        RecommendationDecision oral = RecommendationRules.oral();
        RecommendationDecision withheld = InfectionGate.withheld(oral, inconsistent).orElseThrow();
        assertEquals(Recommendation.COMPLETE_WORKUP, withheld.recommendation());
        assertEquals("oral-glucocorticoid withheld: infection is incomplete, not excluded; complete the work-up first",
                withheld.reason().text());
        assertTrue(InfectionGate.withheld(oral, Fixtures.copProbable()).isEmpty());
        assertTrue(InfectionGate.withheld(RecommendationRules.observe(Severity.MILD).orElseThrow(), inconsistent).isEmpty());
    }

    @Test
    void aPlanObjectCannotCarryAGlucocorticoidWithOpenInfection() {
        Regimen regimen = Regimens.relapsePrednisone();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> planObject(Recommendation.RELAPSE_REGIMEN, true,
                Optional.of(regimen), CategoryStatus.INCOMPLETE));
        assertTrue(e.getMessage().startsWith("TX-GATE-INFECTION"));
        // and the same plan with infection excluded is fine
        assertTrue(planObject(Recommendation.RELAPSE_REGIMEN, true, Optional.of(regimen), CategoryStatus.EXCLUDED).glucocorticoidRecommended());
    }

    @Test
    void aPlanObjectKeepsFlagRecommendationAndRegimenTogether() {
        Optional<Regimen> regimen = Optional.of(Regimens.relapsePrednisone());
        assertThrows(IllegalStateException.class, () -> planObject(Recommendation.OBSERVE, true, regimen, CategoryStatus.EXCLUDED));
        assertThrows(IllegalStateException.class, () -> planObject(Recommendation.RELAPSE_REGIMEN, false, regimen, CategoryStatus.EXCLUDED));
        assertThrows(IllegalStateException.class,
                () -> planObject(Recommendation.RELAPSE_REGIMEN, true, Optional.empty(), CategoryStatus.EXCLUDED));
        assertThrows(IllegalStateException.class, () -> planObject(Recommendation.OBSERVE, false, regimen, CategoryStatus.EXCLUDED));
    }

    /** A plan object built directly, with nothing but what the invariants read. */
    private static TreatmentPlan planObject(Recommendation recommendation, boolean glucocorticoid, Optional<Regimen> regimen,
            CategoryStatus infection) {
        return new TreatmentPlan(Severity.MODERATE, List.of(), recommendation, glucocorticoid, Optional.empty(), regimen, List.of(),
                List.of(), List.of(), List.of(), List.of(), infection, KnowledgeVersion.V1);
    }
}
