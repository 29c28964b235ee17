package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.current;
import static org.coppipeline.exclusion.domain.Cases.negative;
import static org.coppipeline.exclusion.domain.Cases.pending;
import static org.coppipeline.exclusion.domain.Cases.radiotherapy;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConclusionRulesTest {

    private static List<CauseRule> rules(List<Reason> reasons) {
        return reasons.stream().map(Reason::rule).toList();
    }

    @Test
    void unlikelyOpIsOpUnlikelyWhateverTheCategories() {
        var a = Cases.nothingKnown().suspicion(Suspicion.LOW).assess();
        assertEquals(Conclusion.OP_UNLIKELY, a.conclusion().conclusion());
        assertEquals(CauseRule.CX_OP_UNLIKELY, a.conclusion().source());
        assertEquals(List.of(), a.conclusion().nextSteps());
    }

    @Test
    void suspectedOpAsksForAChestCtEvenWithACausePresent() {
        var a = workedUp().noCt().medications(current("amiodarone")).assess();
        assertEquals(Conclusion.SUSPECTED_OP, a.conclusion().conclusion());
        assertEquals(CauseRule.CX_SUSPECTED, a.conclusion().source());
        assertEquals(List.of("chest CT"), a.conclusion().nextSteps());
    }

    @Test
    void probableOpWithACausePresentIsSecondaryAndNamesTheCause() {
        var a = workedUp().medications(current("amiodarone")).radiotherapy(radiotherapy(RadiotherapySite.THORAX, 10)).assess();
        assertEquals(Conclusion.SECONDARY_OP, a.conclusion().conclusion());
        assertEquals(CauseRule.CX_SECONDARY, a.conclusion().source());
        assertEquals("organizing pneumonia probable with a cause present: drug, radiation",
                a.conclusion().reasons().get(0).text());
        assertEquals(List.of(), a.conclusion().nextSteps());
    }

    @Test
    void secondaryOpStillListsOpenCategories() {
        var a = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA).medications(current("amiodarone"))
                .microbiology(pending(MicrobiologyTest.BLOOD_CULTURE)).assess();
        assertEquals(Conclusion.SECONDARY_OP, a.conclusion().conclusion());
        assertEquals(List.of("infection (incomplete): blood-culture (result pending); sputum-culture or bal-culture; "
                + "respiratory-pcr-panel"), a.conclusion().nextSteps());
    }

    @Test
    void confirmedWithAllEightExcludedIsCopConfirmed() {
        var a = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA).assess();
        assertEquals(Conclusion.COP_CONFIRMED, a.conclusion().conclusion());
        assertEquals(CauseRule.CX_COP_CONFIRMED, a.conclusion().source());
        assertEquals(List.of(), a.conclusion().nextSteps());
    }

    @Test
    void probableWithAllEightExcludedIsCopProbableWithTheBiopsyCaveat() {
        var a = workedUp().assess();
        assertEquals(Conclusion.COP_PROBABLE, a.conclusion().conclusion());
        assertEquals(CauseRule.CX_COP_PROBABLE, a.conclusion().source());
        assertEquals(List.of("biopsy if the course is atypical or treatment fails"), a.conclusion().nextSteps());
    }

    @Test
    void anOpenCategoryHoldsCopBackAndIsListed() {
        var a = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA)
                .microbiology(pending(MicrobiologyTest.BLOOD_CULTURE), negative(MicrobiologyTest.SPUTUM_CULTURE))
                .exposuresReviewed(false).assess();
        assertEquals(Conclusion.WORKUP_INCOMPLETE, a.conclusion().conclusion());
        assertEquals(List.of(CauseRule.CX_WORKUP_INCOMPLETE, CauseRule.CX_NEVER_COP_UNEXCLUDED), rules(a.conclusion().reasons()));
        assertEquals("causes not yet excluded: infection incomplete, aspiration-exposure not-assessed",
                a.conclusion().reasons().get(0).text());
        assertEquals(List.of("infection (incomplete): blood-culture (result pending); respiratory-pcr-panel",
                "aspiration-exposure (not-assessed): review aspiration risk and inhalational exposures"),
                a.conclusion().nextSteps());
    }

    @Test
    void everyCategoryCanHoldCopBack() {
        List<Cases.Builder> oneOpenEach = List.of(
                workedUp().microbiology(),
                workedUp().medicationsReviewed(false),
                workedUp().radiotherapyReviewed(false),
                workedUp().panel(TestResult.PENDING),
                workedUp().bloodCount(BloodCount.PENDING),
                workedUp().conditionsReviewed(false),
                workedUp().exposuresReviewed(false));
        for (Cases.Builder b : oneOpenEach) {
            var a = b.assess();
            assertEquals(Conclusion.WORKUP_INCOMPLETE, a.conclusion().conclusion());
            assertTrue(a.categories().allExcluded().isEmpty());
        }
    }

    @Test
    void openCategoryStepWithoutNextStepsIsJustItsName() {
        var open = CategoryAssessment.decided(CauseCategory.DRUG, CategoryStatus.INCOMPLETE,
                new Reason(CauseRule.EX_DRUG_WINDOW, "x"), List.of(), List.of());
        var categories = new CategoryAssessments(workedUp().assess().categories().all().stream()
                .map(c -> c.category() == CauseCategory.DRUG ? open : c).toList());
        assertEquals(List.of("drug (incomplete)"), ConclusionRules.openCategorySteps(categories));
    }

    @Test
    void secondaryNeedsProbableOrConfirmedEvidence() {
        var withCause = workedUp().medications(current("amiodarone")).assess().categories();
        for (OpEvidence evidence : OpEvidence.values()) {
            var op = new OpAssessment(evidence, new Reason(CauseRule.OP_UNLIKELY_DEFAULT, "x"));
            boolean expected = evidence == OpEvidence.PROBABLE || evidence == OpEvidence.CONFIRMED;
            assertEquals(expected, ConclusionRules.secondaryOp(op, withCause).isPresent(), evidence.code());
        }
    }
}
