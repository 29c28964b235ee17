package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.negative;
import static org.coppipeline.exclusion.domain.Cases.pending;
import static org.coppipeline.exclusion.domain.Cases.positive;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.BAL_CULTURE;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.BLOOD_CULTURE;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.RESPIRATORY_PCR_PANEL;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.SARS_COV_2_PCR;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.SPUTUM_CULTURE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;

class InfectionRulesTest {

    private static CategoryAssessment assess(MicrobiologyResult... results) {
        return InfectionRules.assess(List.of(results));
    }

    @Test
    void anyPositiveResultMakesInfectionPresentNamingIt() {
        var a = assess(negative(BLOOD_CULTURE), positive(SARS_COV_2_PCR, "SARS-CoV-2"), pending(SPUTUM_CULTURE));
        assertEquals(CategoryStatus.PRESENT, a.status());
        assertEquals(CauseRule.EX_INF_POSITIVE, a.source());
        assertEquals(List.of("sars-cov-2-pcr positive (SARS-CoV-2)"), a.evidence());
        assertEquals(List.of(), a.nextSteps());
    }

    @Test
    void positiveWinsOverAnOtherwiseCompleteNegativeSet() {
        var a = assess(negative(BLOOD_CULTURE), negative(SPUTUM_CULTURE), negative(RESPIRATORY_PCR_PANEL),
                positive(BAL_CULTURE, null));
        assertEquals(CategoryStatus.PRESENT, a.status());
        assertEquals(List.of("bal-culture positive"), a.evidence());
    }

    @Test
    void bloodSputumAndPcrNegativeExcludeInfection() {
        var a = assess(negative(BLOOD_CULTURE), negative(SPUTUM_CULTURE), negative(RESPIRATORY_PCR_PANEL));
        assertEquals(CategoryStatus.EXCLUDED, a.status());
        assertEquals(CauseRule.EX_INF_EXCLUDED, a.source());
        assertEquals(List.of("blood-culture negative", "sputum-culture negative", "respiratory-pcr-panel negative"),
                a.evidence());
        assertEquals(List.of(), a.nextSteps());
    }

    @Test
    void balCultureStandsInForSputumCulture() {
        var a = assess(negative(RESPIRATORY_PCR_PANEL), negative(BAL_CULTURE), negative(BLOOD_CULTURE));
        assertEquals(CategoryStatus.EXCLUDED, a.status());
    }

    @Test
    void aPendingResultOutsideTheMinimumSetStillBlocksExclusion() {
        var a = assess(negative(BLOOD_CULTURE), negative(SPUTUM_CULTURE), negative(RESPIRATORY_PCR_PANEL),
                pending(SARS_COV_2_PCR));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(CauseRule.EX_INF_INCOMPLETE, a.source());
        assertEquals(List.of("sars-cov-2-pcr (result pending)"), a.nextSteps());
    }

    @Test
    void noMicrobiologyAtAllIsNotAssessedAndNamesTheMinimumSet() {
        var a = assess();
        assertEquals(CategoryStatus.NOT_ASSESSED, a.status());
        assertEquals(CauseRule.EX_INF_NOT_ASSESSED, a.source());
        assertEquals(List.of("blood-culture", "sputum-culture or bal-culture", "respiratory-pcr-panel"), a.nextSteps());
    }

    @Test
    void incompleteNamesTheMissingTestsAndThePendingOnes() {
        // the infection-pending example: blood culture pending, sputum negative, no PCR panel
        var a = assess(pending(BLOOD_CULTURE), negative(SPUTUM_CULTURE));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(List.of("blood-culture (result pending)", "respiratory-pcr-panel"), a.nextSteps());
        assertEquals(List.of("blood-culture pending", "sputum-culture negative"), a.evidence());
        assertEquals("infection work-up not complete: blood-culture (result pending), respiratory-pcr-panel",
                a.reasons().get(0).text());
    }

    @Test
    void anEmptyLowerAirwaySlotIsNamedAsEitherCulture() {
        var a = assess(negative(BLOOD_CULTURE), negative(RESPIRATORY_PCR_PANEL));
        assertEquals(List.of("sputum-culture or bal-culture"), a.nextSteps());
    }

    @Test
    void onlyAnUnrelatedTestLeavesTheWholeMinimumSetMissing() {
        var a = assess(negative(SARS_COV_2_PCR));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(List.of("blood-culture", "sputum-culture or bal-culture", "respiratory-pcr-panel"), a.nextSteps());
    }

    @Test
    void aPendingTestInAFilledSlotIsStillAwaited() {
        var a = assess(negative(BLOOD_CULTURE), negative(SPUTUM_CULTURE), pending(BAL_CULTURE), negative(RESPIRATORY_PCR_PANEL));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(List.of("bal-culture (result pending)"), a.nextSteps());
    }

    @Test
    void aTestListedTwiceNegativeAndPendingKeepsInfectionOpen() {
        var a = assess(negative(BLOOD_CULTURE), pending(BLOOD_CULTURE), negative(SPUTUM_CULTURE), negative(RESPIRATORY_PCR_PANEL));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(List.of("blood-culture (result pending)"), a.nextSteps());
    }

    @Test
    void describeShowsTheOrganismOnlyWhenNamed() {
        assertEquals("blood-culture positive (E. coli)",
                InfectionRules.describe(new MicrobiologyResult(BLOOD_CULTURE, TestResult.POSITIVE, "  E. coli ")));
        assertEquals("blood-culture positive",
                InfectionRules.describe(new MicrobiologyResult(BLOOD_CULTURE, TestResult.POSITIVE, "  ")));
    }
}
