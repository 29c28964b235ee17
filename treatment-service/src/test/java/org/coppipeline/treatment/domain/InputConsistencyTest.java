package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.DEFAULTS;
import static org.coppipeline.treatment.domain.Fixtures.causes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class InputConsistencyTest {

    private static List<String> codes(CauseAssessment causes, ClinicalFindings findings) {
        return InputConsistency.warnings(new TreatmentInput(causes, findings), DEFAULTS, RuleSet.of(KnowledgeVersion.V1)).stream().map(Warning::code).toList();
    }

    @Test
    void consistentInputHasNoWarnings() {
        assertEquals(List.of(), codes(Fixtures.copConfirmed(), Fixtures.moderate()));
        assertEquals(List.of(), codes(causes(Conclusion.SECONDARY_OP, OpEvidence.PROBABLE, CauseCategory.DRUG, CategoryStatus.PRESENT),
                Fixtures.moderate().withCurrentPrednisone(0)));
    }

    @Test
    void missingCategories() {
        var categories = Fixtures.allExcluded();
        categories.remove(CauseCategory.TRANSPLANT);
        categories.remove(CauseCategory.DRUG);
        Warning warning = InputConsistency.missingCategories(new CauseAssessment(Conclusion.WORKUP_INCOMPLETE,
                Optional.of(OpEvidence.PROBABLE), categories)).orElseThrow();
        assertEquals("the cause assessment does not report drug, transplant: counted as not assessed", warning.message());
        assertEquals(Knowledge.CX_WORKUP_INCOMPLETE, warning.source());
        assertEquals(WarningLevel.WARNING, warning.level());
    }

    @Test
    void missingOpEvidence() {
        CauseAssessment causes = new CauseAssessment(Conclusion.COP_CONFIRMED, Optional.empty(), Fixtures.allExcluded());
        assertEquals(List.of("op-evidence-missing"), codes(causes, Fixtures.moderate()));
    }

    @Test
    void conclusionAgainstEvidence() {
        for (Conclusion conclusion : Conclusion.values()) {
            for (OpEvidence evidence : OpEvidence.values()) {
                boolean consistent = switch (conclusion) {
                    case OP_UNLIKELY -> evidence == OpEvidence.UNLIKELY;
                    case SUSPECTED_OP -> evidence == OpEvidence.SUSPECTED;
                    case SECONDARY_OP, WORKUP_INCOMPLETE -> evidence == OpEvidence.PROBABLE || evidence == OpEvidence.CONFIRMED;
                    case COP_PROBABLE -> evidence == OpEvidence.PROBABLE;
                    case COP_CONFIRMED -> evidence == OpEvidence.CONFIRMED;
                };
                Optional<Warning> warning = InputConsistency.conclusionAgainstEvidence(causes(conclusion, evidence));
                assertEquals(!consistent, warning.isPresent(), conclusion + " / " + evidence);
            }
        }
        Warning warning = InputConsistency.conclusionAgainstEvidence(causes(Conclusion.COP_CONFIRMED, OpEvidence.PROBABLE)).orElseThrow();
        assertEquals(Knowledge.CX_COP_CONFIRMED, warning.source());
        assertEquals("conclusion cop-confirmed does not follow from opEvidence probable: the plan follows the conclusion; "
                + "check the cause assessment", warning.message());
        assertEquals(Knowledge.CX_OP_UNLIKELY,
                InputConsistency.conclusionAgainstEvidence(causes(Conclusion.OP_UNLIKELY, OpEvidence.PROBABLE)).orElseThrow().source());
        assertEquals(Knowledge.CX_SUSPECTED,
                InputConsistency.conclusionAgainstEvidence(causes(Conclusion.SUSPECTED_OP, OpEvidence.PROBABLE)).orElseThrow().source());
        assertEquals(Knowledge.CX_SECONDARY,
                InputConsistency.conclusionAgainstEvidence(causes(Conclusion.SECONDARY_OP, OpEvidence.UNLIKELY)).orElseThrow().source());
        assertEquals(Knowledge.CX_WORKUP_INCOMPLETE,
                InputConsistency.conclusionAgainstEvidence(causes(Conclusion.WORKUP_INCOMPLETE, OpEvidence.UNLIKELY)).orElseThrow().source());
        assertEquals(Knowledge.CX_COP_PROBABLE,
                InputConsistency.conclusionAgainstEvidence(causes(Conclusion.COP_PROBABLE, OpEvidence.CONFIRMED)).orElseThrow().source());
    }

    @Test
    void copWithOpenCategories() {
        CauseAssessment causes = causes(Conclusion.COP_PROBABLE, OpEvidence.PROBABLE, CauseCategory.DRUG, CategoryStatus.INCOMPLETE);
        Warning warning = InputConsistency.copWithOpenCategories(causes).orElseThrow();
        assertEquals("conclusion-contradicts-categories", warning.code());
        assertEquals("conclusion cop-probable although drug is incomplete: COP may only be named once every cause is excluded",
                warning.message());
        assertEquals(Knowledge.CX_NEVER_COP_UNEXCLUDED, warning.source());
        assertTrue(InputConsistency.copWithOpenCategories(causes(Conclusion.WORKUP_INCOMPLETE, OpEvidence.PROBABLE,
                CauseCategory.DRUG, CategoryStatus.INCOMPLETE)).isEmpty());
        assertTrue(InputConsistency.copWithOpenCategories(causes(Conclusion.COP_CONFIRMED, OpEvidence.CONFIRMED,
                CauseCategory.TRANSPLANT, CategoryStatus.PRESENT)).isPresent());
    }

    @Test
    void secondaryWithoutCause() {
        Warning warning = InputConsistency.secondaryWithoutCause(causes(Conclusion.SECONDARY_OP, OpEvidence.PROBABLE)).orElseThrow();
        assertEquals("secondary-op-without-cause", warning.code());
        assertEquals(Knowledge.CX_SECONDARY, warning.source());
        assertTrue(InputConsistency.secondaryWithoutCause(causes(Conclusion.COP_PROBABLE, OpEvidence.PROBABLE)).isEmpty());
    }

    @Test
    void lowSaturationWithoutSupport() {
        ClinicalFindings low = ClinicalFindings.unknown().withSpo2(89.5).withSupport(RespiratorySupport.NONE);
        Warning warning = InputConsistency.lowSaturationWithoutSupport(low, DEFAULTS).orElseThrow();
        assertEquals("low-spo2-without-support", warning.code());
        assertEquals("resting SpO2 89.5% with no respiratory support: check the measurement and whether oxygen is needed",
                warning.message());
        assertEquals(Knowledge.SV_SEVERE_SPO2, warning.source());
        assertTrue(InputConsistency.lowSaturationWithoutSupport(low.withSpo2(90), DEFAULTS).isEmpty());
        assertTrue(InputConsistency.lowSaturationWithoutSupport(low.withSupport(RespiratorySupport.OXYGEN), DEFAULTS).isEmpty());
        // unknown support is not "none"
        assertTrue(InputConsistency.lowSaturationWithoutSupport(ClinicalFindings.unknown().withSpo2(85), DEFAULTS).isEmpty());
        assertTrue(InputConsistency.lowSaturationWithoutSupport(ClinicalFindings.unknown().withSupport(RespiratorySupport.NONE),
                DEFAULTS).isEmpty());
    }

    @Test
    void prednisoneWithoutOp() {
        CauseAssessment unlikely = causes(Conclusion.OP_UNLIKELY, OpEvidence.UNLIKELY);
        assertEquals(List.of("prednisone-without-op"), codes(unlikely, Fixtures.moderate().withCurrentPrednisone(10)));
        assertEquals(List.of(), codes(unlikely, Fixtures.moderate().withCurrentPrednisone(0)));
        assertEquals(List.of(), codes(unlikely, Fixtures.moderate()));
        assertEquals(List.of(), codes(Fixtures.copConfirmed(), Fixtures.moderate().withCurrentPrednisone(10)));
        assertEquals(Knowledge.TX_REC_NO_OP, InputConsistency.prednisoneWithoutOp(unlikely,
                Fixtures.moderate().withCurrentPrednisone(0.5)).orElseThrow().source());
    }

    @Test
    void prednisoneWithOpenInfection() {
        CauseAssessment open = causes(Conclusion.WORKUP_INCOMPLETE, OpEvidence.PROBABLE, CauseCategory.INFECTION, CategoryStatus.INCOMPLETE);
        Warning warning = InputConsistency.prednisoneWithOpenInfection(open, Fixtures.moderate().withCurrentPrednisone(20)).orElseThrow();
        assertEquals("prednisone-infection-not-excluded", warning.code());
        assertEquals("the patient already takes prednisone while infection is incomplete: review whether immunosuppression should continue",
                warning.message());
        assertEquals(Knowledge.TX_GATE_INFECTION, warning.source());
        assertTrue(InputConsistency.prednisoneWithOpenInfection(open, Fixtures.moderate().withCurrentPrednisone(0)).isEmpty());
        assertTrue(InputConsistency.prednisoneWithOpenInfection(Fixtures.copConfirmed(), Fixtures.moderate().withCurrentPrednisone(20))
                .isEmpty());
    }

    @Test
    void relapseFlagOutsideCop() {
        Set<Conclusion> v1 = RuleSet.of(KnowledgeVersion.V1).relapseRegimenFor();
        ClinicalFindings relapsing = Fixtures.moderate().withRelapseOnTaper(true);
        Warning warning = InputConsistency.relapseFlagNotUsed(causes(Conclusion.WORKUP_INCOMPLETE, OpEvidence.PROBABLE), relapsing, v1)
                .orElseThrow();
        assertEquals(WarningLevel.INFO, warning.level());
        assertEquals("relapse-flag-not-used", warning.code());
        assertEquals("relapse on taper is reported, but the relapse regimen applies only to COP and the conclusion is "
                + "workup-incomplete", warning.message());
        assertEquals(Knowledge.TX_REC_RELAPSE, warning.source());
        assertTrue(InputConsistency.relapseFlagNotUsed(Fixtures.copProbable(), relapsing, v1).isEmpty());
        assertTrue(InputConsistency.relapseFlagNotUsed(Fixtures.copConfirmed(), relapsing, v1).isEmpty());
        assertTrue(InputConsistency.relapseFlagNotUsed(causes(Conclusion.OP_UNLIKELY, OpEvidence.UNLIKELY), Fixtures.moderate(), v1)
                .isEmpty());
        // v1 has no relapse line for secondary OP
        assertTrue(InputConsistency.relapseFlagNotUsed(causes(Conclusion.SECONDARY_OP, OpEvidence.PROBABLE), relapsing, v1).isPresent());
    }

    @Test
    void relapseFlagUnderV2AlsoServesSecondaryOp() {
        Set<Conclusion> v2 = RuleSet.of(KnowledgeVersion.V2).relapseRegimenFor();
        ClinicalFindings relapsing = Fixtures.moderate().withRelapseOnTaper(true);
        assertTrue(InputConsistency.relapseFlagNotUsed(causes(Conclusion.SECONDARY_OP, OpEvidence.PROBABLE), relapsing, v2).isEmpty());
        assertTrue(InputConsistency.relapseFlagNotUsed(Fixtures.copProbable(), relapsing, v2).isEmpty());
        Warning warning = InputConsistency.relapseFlagNotUsed(causes(Conclusion.SUSPECTED_OP, OpEvidence.SUSPECTED), relapsing, v2)
                .orElseThrow();
        assertEquals("relapse on taper is reported, but the relapse regimen applies only to COP and secondary OP and the "
                + "conclusion is suspected-op", warning.message());
    }

    @Test
    void everyCheckReachesTheWarnings() {
        var categories = Fixtures.allExcluded();
        categories.remove(CauseCategory.TRANSPLANT);
        categories.put(CauseCategory.INFECTION, CategoryFinding.of(CategoryStatus.INCOMPLETE));
        CauseAssessment secondary = new CauseAssessment(Conclusion.SECONDARY_OP, Optional.of(OpEvidence.SUSPECTED), categories);
        ClinicalFindings odd = ClinicalFindings.unknown().withSpo2(85).withSupport(RespiratorySupport.NONE).withCurrentPrednisone(15)
                .withRelapseOnTaper(true);
        assertEquals(List.of("category-missing", "conclusion-contradicts-op-evidence", "secondary-op-without-cause",
                "low-spo2-without-support", "prednisone-infection-not-excluded", "relapse-flag-not-used"), codes(secondary, odd));

        CauseAssessment unlikely = new CauseAssessment(Conclusion.OP_UNLIKELY, Optional.empty(), Fixtures.allExcluded());
        assertEquals(List.of("op-evidence-missing", "prednisone-without-op"), codes(unlikely, ClinicalFindings.unknown().withCurrentPrednisone(5)));

        CauseAssessment cop = causes(Conclusion.COP_CONFIRMED, OpEvidence.CONFIRMED, CauseCategory.DRUG, CategoryStatus.INCOMPLETE);
        assertEquals(List.of("conclusion-contradicts-categories"), codes(cop, ClinicalFindings.unknown()));
    }
}
