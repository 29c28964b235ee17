package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.causes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecommendationRulesTest {

    private static final RecommendationRules.SecondaryOpLine V1 = RuleSet.of(KnowledgeVersion.V1).secondaryOp();

    private static RecommendationDecision decide(CauseAssessment causes, Severity severity) {
        return RecommendationRules.decide(causes, severity, ClinicalFindings.unknown(), V1);
    }

    @ParameterizedTest
    @EnumSource(Severity.class)
    void line1OpUnlikelyIsNoOpTreatmentWhateverTheSeverity(Severity severity) {
        RecommendationDecision decision = decide(causes(Conclusion.OP_UNLIKELY, OpEvidence.UNLIKELY), severity);
        assertEquals(Recommendation.NO_OP_TREATMENT, decision.recommendation());
        assertEquals(Knowledge.TX_REC_NO_OP, decision.reason().source());
    }

    @ParameterizedTest
    @EnumSource(Severity.class)
    void line2SecondaryOpTreatsTheCauseEvenWhenSevere(Severity severity) {
        RecommendationDecision decision = decide(causes(Conclusion.SECONDARY_OP, OpEvidence.PROBABLE,
                CauseCategory.DRUG, CategoryStatus.PRESENT, "amiodarone"), severity);
        assertEquals(Recommendation.TREAT_UNDERLYING_CAUSE, decision.recommendation());
        assertEquals(Knowledge.TX_REC_TREAT_CAUSE, decision.reason().source());
        assertEquals("secondary organizing pneumonia: treat the underlying cause first (drug)", decision.reason().text());
    }

    @Test
    void line2NamesEveryPresentCategory() {
        var categories = Fixtures.allExcluded();
        categories.put(CauseCategory.INFECTION, CategoryFinding.of(CategoryStatus.PRESENT));
        categories.put(CauseCategory.RADIATION, CategoryFinding.of(CategoryStatus.PRESENT));
        var causes = new CauseAssessment(Conclusion.SECONDARY_OP, Optional.of(OpEvidence.CONFIRMED), categories);
        assertTrue(decide(causes, Severity.MODERATE).reason().text().endsWith("(infection, radiation)"));
    }

    @Test
    void line2SaysWhenNoCauseIsNamed() {
        assertTrue(decide(causes(Conclusion.SECONDARY_OP, OpEvidence.PROBABLE), Severity.MODERATE).reason().text()
                .endsWith("(no cause named by the exclusion service)"));
    }

    @ParameterizedTest
    @EnumSource(value = Conclusion.class, names = { "WORKUP_INCOMPLETE", "SUSPECTED_OP" })
    void line3SevereWithInfectionExcludedAndOpLikelyGoesIv(Conclusion conclusion) {
        for (OpEvidence evidence : new OpEvidence[] { OpEvidence.PROBABLE, OpEvidence.CONFIRMED }) {
            RecommendationDecision decision = decide(causes(conclusion, evidence, CauseCategory.DRUG, CategoryStatus.NOT_ASSESSED),
                    Severity.SEVERE);
            assertEquals(Recommendation.IV_GLUCOCORTICOID, decision.recommendation());
            assertEquals(Knowledge.TX_REC_IV_PENDING_WORKUP, decision.reason().source());
            assertTrue(decision.reason().text().contains("organizing pneumonia " + evidence.code()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Conclusion.class, names = { "WORKUP_INCOMPLETE", "SUSPECTED_OP" })
    void line3OtherwiseCompletesTheWorkup(Conclusion conclusion) {
        CauseAssessment open = causes(conclusion, OpEvidence.PROBABLE, CauseCategory.DRUG, CategoryStatus.INCOMPLETE);
        // not severe
        assertEquals(Recommendation.COMPLETE_WORKUP, decide(open, Severity.MODERATE).recommendation());
        assertEquals(Recommendation.COMPLETE_WORKUP, decide(open, Severity.MILD).recommendation());
        // severe but infection not excluded
        for (CategoryStatus status : new CategoryStatus[] { CategoryStatus.INCOMPLETE, CategoryStatus.NOT_ASSESSED, CategoryStatus.PRESENT }) {
            CauseAssessment infectionOpen = causes(conclusion, OpEvidence.CONFIRMED, CauseCategory.INFECTION, status);
            assertEquals(Recommendation.COMPLETE_WORKUP, decide(infectionOpen, Severity.SEVERE).recommendation());
        }
        // severe, infection excluded, but OP only suspected or unlikely
        assertEquals(Recommendation.COMPLETE_WORKUP, decide(causes(conclusion, OpEvidence.SUSPECTED), Severity.SEVERE).recommendation());
        assertEquals(Recommendation.COMPLETE_WORKUP, decide(causes(conclusion, OpEvidence.UNLIKELY), Severity.SEVERE).recommendation());
        // severe, infection excluded, opEvidence unknown
        CauseAssessment unknownEvidence = new CauseAssessment(conclusion, Optional.empty(), Fixtures.allExcluded());
        assertEquals(Recommendation.COMPLETE_WORKUP, decide(unknownEvidence, Severity.SEVERE).recommendation());
        RecommendationDecision decision = decide(open, Severity.MODERATE);
        assertEquals(Knowledge.TX_REC_COMPLETE_WORKUP, decision.reason().source());
        assertEquals(conclusion.code() + ": complete the work-up before any COP treatment", decision.reason().text());
    }

    @ParameterizedTest
    @EnumSource(value = Conclusion.class, names = { "COP_PROBABLE", "COP_CONFIRMED" })
    void line4(Conclusion conclusion) {
        CauseAssessment cop = causes(conclusion, conclusion == Conclusion.COP_PROBABLE ? OpEvidence.PROBABLE : OpEvidence.CONFIRMED);
        ClinicalFindings relapsing = ClinicalFindings.unknown().withRelapseOnTaper(true);
        ClinicalFindings first = ClinicalFindings.unknown();

        // severe wins over relapse
        assertDecision(Recommendation.IV_GLUCOCORTICOID, Knowledge.TX_REC_IV_SEVERE, RecommendationRules.decide(cop, Severity.SEVERE, relapsing, V1));
        assertDecision(Recommendation.IV_GLUCOCORTICOID, Knowledge.TX_REC_IV_SEVERE, RecommendationRules.decide(cop, Severity.SEVERE, first, V1));
        // relapse wins over mild
        assertDecision(Recommendation.RELAPSE_REGIMEN, Knowledge.TX_REC_RELAPSE, RecommendationRules.decide(cop, Severity.MILD, relapsing, V1));
        assertDecision(Recommendation.RELAPSE_REGIMEN, Knowledge.TX_REC_RELAPSE, RecommendationRules.decide(cop, Severity.MODERATE, relapsing, V1));
        assertDecision(Recommendation.OBSERVE, Knowledge.TX_REC_OBSERVE, RecommendationRules.decide(cop, Severity.MILD, first, V1));
        assertDecision(Recommendation.ORAL_GLUCOCORTICOID, Knowledge.TX_REC_ORAL, RecommendationRules.decide(cop, Severity.MODERATE, first, V1));
    }

    private static void assertDecision(Recommendation expected, RuleSource source, RecommendationDecision decision) {
        assertEquals(expected, decision.recommendation());
        assertEquals(source, decision.reason().source());
    }

    @Test
    void glucocorticoidExactlyForOralIvAndRelapse() {
        for (Recommendation recommendation : Recommendation.values()) {
            boolean expected = recommendation == Recommendation.ORAL_GLUCOCORTICOID
                    || recommendation == Recommendation.IV_GLUCOCORTICOID || recommendation == Recommendation.RELAPSE_REGIMEN;
            assertEquals(expected, recommendation.startsGlucocorticoid(), recommendation.code());
        }
    }

    @Test
    void codesAreTheContractSpellings() {
        assertEquals(Optional.of(Recommendation.TREAT_UNDERLYING_CAUSE), Recommendation.fromCode("treat-underlying-cause"));
        assertEquals("iv-glucocorticoid", Recommendation.IV_GLUCOCORTICOID.code());
        assertFalse(Recommendation.fromCode("IV_GLUCOCORTICOID").isPresent());
    }
}
