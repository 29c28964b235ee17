package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CX-NEVER-COP-UNEXCLUDED and the other structural guarantees of the result types. */
class InvariantsTest {

    private static List<CategoryAssessment> excludedEight() {
        return workedUp().assess().categories().all();
    }

    private static CategoryAssessments withDrugIncomplete() {
        List<CategoryAssessment> list = new ArrayList<>(excludedEight());
        list.set(1, CategoryAssessment.decided(CauseCategory.DRUG, CategoryStatus.INCOMPLETE,
                new Reason(CauseRule.EX_DRUG_WINDOW, "stop date unknown"), List.of(), List.of()));
        return new CategoryAssessments(list);
    }

    @Test
    void aCopResultWithAnOpenCategoryCannotBeBuilt() {
        var cop = new ConclusionAssessment(Conclusion.COP_CONFIRMED, List.of(new Reason(CauseRule.CX_COP_CONFIRMED, "x")), List.of());
        var op = new OpAssessment(OpEvidence.CONFIRMED, new Reason(CauseRule.OP_CONFIRMED_HISTOLOGY, "x"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CauseAssessment(withDrugIncomplete(), op, cop, List.of(), List.of(), List.of()));
        assertEquals("CX-NEVER-COP-UNEXCLUDED: no COP conclusion while a cause category is not excluded", e.getMessage());
        var probable = new ConclusionAssessment(Conclusion.COP_PROBABLE, List.of(new Reason(CauseRule.CX_COP_PROBABLE, "x")), List.of());
        assertThrows(IllegalArgumentException.class,
                () -> new CauseAssessment(withDrugIncomplete(), op, probable, List.of(), List.of(), List.of()));
    }

    @Test
    void aNonCopResultWithAnOpenCategoryIsFine() {
        var incomplete = new ConclusionAssessment(Conclusion.WORKUP_INCOMPLETE,
                List.of(new Reason(CauseRule.CX_WORKUP_INCOMPLETE, "x")), List.of());
        var op = new OpAssessment(OpEvidence.CONFIRMED, new Reason(CauseRule.OP_CONFIRMED_HISTOLOGY, "x"));
        assertEquals(Conclusion.WORKUP_INCOMPLETE,
                new CauseAssessment(withDrugIncomplete(), op, incomplete, List.of(), List.of(), List.of()).conclusion().conclusion());
    }

    @Test
    void theProofOfExclusionExistsOnlyWhenAllEightAreExcluded() {
        assertTrue(withDrugIncomplete().allExcluded().isEmpty());
        var all = new CategoryAssessments(excludedEight());
        assertSame(all, all.allExcluded().orElseThrow().categories());
    }

    @Test
    void copRulesNeedTheProofAndTheMatchingEvidence() {
        var proof = new CategoryAssessments(excludedEight()).allExcluded().orElseThrow();
        var confirmed = new OpAssessment(OpEvidence.CONFIRMED, new Reason(CauseRule.OP_CONFIRMED_HISTOLOGY, "x"));
        var probable = new OpAssessment(OpEvidence.PROBABLE, new Reason(CauseRule.OP_PROBABLE_CT, "x"));
        assertTrue(ConclusionRules.copConfirmed(probable, proof).isEmpty());
        assertTrue(ConclusionRules.copProbable(confirmed, proof).isEmpty());
        assertEquals(Conclusion.COP_CONFIRMED, ConclusionRules.copConfirmed(confirmed, proof).orElseThrow().conclusion());
        assertEquals(Conclusion.COP_PROBABLE, ConclusionRules.copProbable(probable, proof).orElseThrow().conclusion());
    }

    @Test
    void allEightCategoriesExactlyOnce() {
        List<CategoryAssessment> seven = new ArrayList<>(excludedEight());
        seven.remove(7);
        assertThrows(IllegalArgumentException.class, () -> new CategoryAssessments(seven));
        List<CategoryAssessment> twice = new ArrayList<>(excludedEight());
        twice.set(7, twice.get(0));
        var e = assertThrows(IllegalArgumentException.class, () -> new CategoryAssessments(twice));
        assertEquals("category assessed twice: infection", e.getMessage());
    }

    @Test
    void aCategoryNamesItsDecidingRuleAmongItsReasons() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CategoryAssessment(CauseCategory.DRUG,
                CategoryStatus.PRESENT, CauseRule.EX_DRUG_WINDOW, List.of(), List.of(),
                List.of(new Reason(CauseRule.EX_DRUG_LIST, "x"))));
        assertEquals("the deciding rule EX-DRUG-WINDOW is not among the reasons", e.getMessage());
    }

    @Test
    void aConclusionNeedsItsRule() {
        assertThrows(IllegalArgumentException.class,
                () -> new ConclusionAssessment(Conclusion.OP_UNLIKELY, List.of(), List.of()));
    }

    @Test
    void onlyTheTwoCopConclusionsAreCop() {
        for (Conclusion c : Conclusion.values()) {
            assertEquals(c == Conclusion.COP_CONFIRMED || c == Conclusion.COP_PROBABLE, c.isCop(), c.code());
        }
    }

    @Test
    void resultsAreImmutableCopies() {
        var evidence = new ArrayList<>(List.of("a"));
        var c = CategoryAssessment.decided(CauseCategory.DRUG, CategoryStatus.EXCLUDED,
                new Reason(CauseRule.EX_DRUG_EXCLUDED, "x"), evidence, List.of());
        evidence.add("b");
        assertEquals(List.of("a"), c.evidence());
        assertThrows(UnsupportedOperationException.class, () -> c.nextSteps().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> workedUp().assess().reasons().add(null));
    }

    @Test
    void absentGroupsReadAsNothingKnown() {
        var input = new CauseInput(null, null, null, null, null, null, null);
        assertSame(CauseInput.Tests.NOTHING_KNOWN, input.tests());
        assertSame(CauseInput.History.NOTHING_REVIEWED, input.history());
        assertSame(CauseInput.ChestCt.NOT_PERFORMED, input.ct());
        assertSame(CauseInput.Bal.NOT_PERFORMED, input.bal());
        assertEquals(List.of(), new CauseInput.Tests(null, null, null).microbiology());
        assertEquals(List.of(), new CauseInput.ChestCt(true, null).findings());
        var history = new CauseInput.History(true, null, true, null, true, true, null);
        assertEquals(List.of(), history.medications());
        assertEquals(List.of(), history.radiotherapy());
        assertEquals(List.of(), history.conditions());
    }

    @Test
    void categoryAssessmentsCompareByContent() {
        var all = new CategoryAssessments(excludedEight());
        var same = new CategoryAssessments(excludedEight());
        assertEquals(all, same);
        assertEquals(all.hashCode(), same.hashCode());
        assertTrue(!all.equals(withDrugIncomplete()));
        assertTrue(!all.equals(excludedEight()));
        assertTrue(all.toString().startsWith("CategoryAssessments[CategoryAssessment[category=INFECTION"), all.toString());
    }
}
