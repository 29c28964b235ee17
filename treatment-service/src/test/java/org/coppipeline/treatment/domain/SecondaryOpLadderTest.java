package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.causes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TX-SECONDARY-GC (knowledge v2): the secondary-op line, first match wins. */
class SecondaryOpLadderTest {

    private static final RecommendationRules.SecondaryOpLine V2 = RuleSet.of(KnowledgeVersion.V2).secondaryOp();
    private static final ClinicalFindings FIRST_EPISODE = ClinicalFindings.unknown();
    private static final ClinicalFindings RELAPSING = ClinicalFindings.unknown().withRelapseOnTaper(true);

    /** Secondary OP on amiodarone, infection as given. */
    private static CauseAssessment onAmiodarone(CategoryStatus infection) {
        var categories = Fixtures.allExcluded();
        categories.put(CauseCategory.DRUG, new CategoryFinding(CategoryStatus.PRESENT, List.of("amiodarone"), List.of("amiodarone")));
        categories.put(CauseCategory.INFECTION, CategoryFinding.of(infection));
        return new CauseAssessment(Conclusion.SECONDARY_OP, Optional.of(OpEvidence.PROBABLE), categories);
    }

    private static RecommendationDecision decide(CauseAssessment causes, Severity severity, ClinicalFindings findings) {
        return RecommendationRules.decide(causes, severity, findings, V2);
    }

    @ParameterizedTest
    @EnumSource(value = CategoryStatus.class, names = { "PRESENT", "INCOMPLETE", "NOT_ASSESSED" })
    void line1InfectionNotExcludedTreatsTheCauseWhateverElse(CategoryStatus infection) {
        for (Severity severity : Severity.values()) {
            for (ClinicalFindings findings : List.of(FIRST_EPISODE, RELAPSING)) {
                RecommendationDecision decision = decide(onAmiodarone(infection), severity, findings);
                assertEquals(Recommendation.TREAT_UNDERLYING_CAUSE, decision.recommendation(), severity + " " + findings);
                assertEquals(Knowledge.TX_GATE_INFECTION, decision.reason().source());
            }
        }
        RecommendationDecision decision = decide(onAmiodarone(infection), Severity.SEVERE, FIRST_EPISODE);
        // the causes in contract order: infection first
        String cause = infection == CategoryStatus.PRESENT ? "infection, drug" : "drug";
        assertEquals("secondary organizing pneumonia, infection " + infection.code() + " (not excluded): treat the underlying "
                + "cause; no glucocorticoid before infection is excluded (" + cause + ")", decision.reason().text());
    }

    @Test
    void aCategoryTheRecordDoesNotCarryIsNotExcluded() {
        var categories = Fixtures.allExcluded();
        categories.remove(CauseCategory.INFECTION);
        categories.put(CauseCategory.RADIATION, CategoryFinding.of(CategoryStatus.PRESENT));
        CauseAssessment causes = new CauseAssessment(Conclusion.SECONDARY_OP, Optional.of(OpEvidence.PROBABLE), categories);
        assertEquals(Recommendation.TREAT_UNDERLYING_CAUSE, decide(causes, Severity.SEVERE, FIRST_EPISODE).recommendation());
    }

    @Test
    void line2SevereGoesIvEvenWhenRelapsing() {
        for (ClinicalFindings findings : List.of(FIRST_EPISODE, RELAPSING)) {
            RecommendationDecision decision = decide(onAmiodarone(CategoryStatus.EXCLUDED), Severity.SEVERE, findings);
            assertEquals(Recommendation.IV_GLUCOCORTICOID, decision.recommendation());
            assertEquals(Knowledge.TX_SECONDARY_GC, decision.reason().source());
        }
        assertEquals("severe secondary organizing pneumonia, infection excluded: intravenous glucocorticoid while the cause is "
                + "dealt with (drug)", decide(onAmiodarone(CategoryStatus.EXCLUDED), Severity.SEVERE, FIRST_EPISODE).reason().text());
    }

    @ParameterizedTest
    @EnumSource(value = Severity.class, names = { "MILD", "MODERATE" })
    void line3RelapseOnTaperGetsTheRelapseRegimenWhenNotSevere(Severity severity) {
        RecommendationDecision decision = decide(onAmiodarone(CategoryStatus.EXCLUDED), severity, RELAPSING);
        assertEquals(Recommendation.RELAPSE_REGIMEN, decision.recommendation());
        assertEquals(Knowledge.TX_SECONDARY_GC, decision.reason().source());
    }

    @Test
    void line4ModerateGoesOral() {
        RecommendationDecision decision = decide(onAmiodarone(CategoryStatus.EXCLUDED), Severity.MODERATE, FIRST_EPISODE);
        assertEquals(Recommendation.ORAL_GLUCOCORTICOID, decision.recommendation());
        assertEquals(Knowledge.TX_SECONDARY_GC, decision.reason().source());
        assertEquals("moderate secondary organizing pneumonia, infection excluded: oral prednisone while the cause is dealt with "
                + "(drug)", decision.reason().text());
    }

    @Test
    void line5MildTreatsTheCause() {
        RecommendationDecision decision = decide(onAmiodarone(CategoryStatus.EXCLUDED), Severity.MILD, FIRST_EPISODE);
        assertEquals(Recommendation.TREAT_UNDERLYING_CAUSE, decision.recommendation());
        assertEquals(Knowledge.TX_SECONDARY_GC, decision.reason().source());
        assertEquals("mild secondary organizing pneumonia: treat the underlying cause without glucocorticoid (drug)",
                decision.reason().text());
    }

    @Test
    void v1KeepsTreatingTheCauseEvenWhenSevere() {
        RecommendationRules.SecondaryOpLine v1 = RuleSet.of(KnowledgeVersion.V1).secondaryOp();
        for (Severity severity : Severity.values()) {
            RecommendationDecision decision = RecommendationRules.decide(onAmiodarone(CategoryStatus.EXCLUDED), severity, RELAPSING, v1);
            assertEquals(Recommendation.TREAT_UNDERLYING_CAUSE, decision.recommendation());
            assertEquals(Knowledge.TX_REC_TREAT_CAUSE, decision.reason().source());
        }
    }

    /** Knowledge v2 changes line 2 only: every other conclusion is decided as in v1. */
    @ParameterizedTest
    @EnumSource(value = Conclusion.class, names = "SECONDARY_OP", mode = EnumSource.Mode.EXCLUDE)
    void otherConclusionsAreDecidedAsInV1(Conclusion conclusion) {
        RecommendationRules.SecondaryOpLine v1 = RuleSet.of(KnowledgeVersion.V1).secondaryOp();
        for (OpEvidence evidence : OpEvidence.values()) {
            for (CategoryStatus infection : CategoryStatus.values()) {
                CauseAssessment causes = causes(conclusion, evidence, CauseCategory.INFECTION, infection);
                for (Severity severity : Severity.values()) {
                    for (ClinicalFindings findings : List.of(FIRST_EPISODE, RELAPSING)) {
                        assertEquals(RecommendationRules.decide(causes, severity, findings, v1),
                                RecommendationRules.decide(causes, severity, findings, V2));
                    }
                }
            }
        }
    }

    @Test
    void theGateStillStandsBehindTheLadder() {
        // whatever the ladder decided, the plan object refuses a glucocorticoid with infection open
        TreatmentPlan plan = Fixtures.plan(onAmiodarone(CategoryStatus.INCOMPLETE), Fixtures.severe(), KnowledgeVersion.V2);
        assertTrue(!plan.glucocorticoidRecommended() && plan.regimen().isEmpty());
        assertTrue(plan.hasWarning(Warning.INFECTION_NOT_EXCLUDED));
    }
}
