package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.category;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConnectiveTissueAndHematologicRulesTest {

    private static CategoryAssessment ctd(Cases.Builder b) {
        return category(b.assess(), CauseCategory.CONNECTIVE_TISSUE_DISEASE);
    }

    private static CategoryAssessment heme(Cases.Builder b) {
        return category(b.assess(), CauseCategory.HEMATOLOGIC_MALIGNANCY);
    }

    @ParameterizedTest
    @EnumSource(value = Condition.class, names = { "RHEUMATOID_ARTHRITIS", "MYOSITIS", "SJOGREN_SYNDROME",
            "SYSTEMIC_LUPUS_ERYTHEMATOSUS", "SYSTEMIC_SCLEROSIS", "OTHER_CONNECTIVE_TISSUE_DISEASE" })
    void everyCtdConditionMakesCtdPresent(Condition condition) {
        var ctd = ctd(workedUp().conditions(condition));
        assertEquals(CategoryStatus.PRESENT, ctd.status());
        assertEquals(CauseRule.EX_CTD_CONDITION, ctd.source());
        assertEquals(List.of("condition: " + condition.code()), ctd.evidence());
    }

    @Test
    void ctdConditionCountsEvenWhenConditionsAreNotReviewed() {
        var a = workedUp().conditionsReviewed(false).conditions(Condition.MYOSITIS).assess();
        assertEquals(CategoryStatus.PRESENT, category(a, CauseCategory.CONNECTIVE_TISSUE_DISEASE).status());
        assertEquals(List.of("conditions-not-reviewed"), a.warnings().stream().map(Warning::code).toList());
    }

    @Test
    void positivePanelMakesCtdPresent() {
        var ctd = ctd(workedUp().panel(TestResult.POSITIVE));
        assertEquals(CategoryStatus.PRESENT, ctd.status());
        assertEquals(CauseRule.EX_CTD_SEROLOGY, ctd.source());
        assertEquals(List.of("autoimmunePanel positive"), ctd.evidence());
    }

    @Test
    void conditionAndPositivePanelBothFireConditionDecides() {
        var ctd = ctd(workedUp().panel(TestResult.POSITIVE).conditions(Condition.SYSTEMIC_SCLEROSIS, Condition.MYOSITIS));
        assertEquals(CauseRule.EX_CTD_CONDITION, ctd.source());
        assertEquals(List.of(CauseRule.EX_CTD_CONDITION, CauseRule.EX_CTD_SEROLOGY), ctd.reasons().stream().map(Reason::rule).toList());
        assertEquals(List.of("condition: systemic-sclerosis, myositis", "autoimmunePanel positive"), ctd.evidence());
    }

    @Test
    void pendingPanelIsIncomplete() {
        var ctd = ctd(workedUp().panel(TestResult.PENDING));
        assertEquals(CategoryStatus.INCOMPLETE, ctd.status());
        assertEquals(CauseRule.EX_CTD_INCOMPLETE, ctd.source());
        assertEquals(List.of("autoimmunePanel (result pending)"), ctd.nextSteps());
    }

    @Test
    void pendingPanelIsIncompleteEvenWithoutReview() {
        assertEquals(CategoryStatus.INCOMPLETE, ctd(workedUp().panel(TestResult.PENDING).conditionsReviewed(false)).status());
    }

    @Test
    void negativePanelAndReviewedConditionsExcludeCtd() {
        var ctd = ctd(workedUp());
        assertEquals(CategoryStatus.EXCLUDED, ctd.status());
        assertEquals(CauseRule.EX_CTD_EXCLUDED, ctd.source());
        assertEquals(List.of(), ctd.nextSteps());
    }

    @Test
    void negativePanelWithoutReviewIsNotAssessed() {
        var ctd = ctd(workedUp().conditionsReviewed(false));
        assertEquals(CategoryStatus.NOT_ASSESSED, ctd.status());
        assertEquals(CauseRule.EX_CTD_NOT_ASSESSED, ctd.source());
        assertEquals(List.of("autoimmunePanel negative", "conditions not marked reviewed (conditionsReviewed is not true)"),
                ctd.evidence());
        assertEquals(List.of("review the conditions history"), ctd.nextSteps());
    }

    @Test
    void noPanelIsNotAssessedAndAsksForIt() {
        var ctd = ctd(workedUp().panel(null));
        assertEquals(CategoryStatus.NOT_ASSESSED, ctd.status());
        assertEquals(List.of("autoimmunePanel not done"), ctd.evidence());
        assertEquals(List.of("autoimmunePanel"), ctd.nextSteps());
        assertEquals(List.of("autoimmunePanel", "review the conditions history"),
                ctd(workedUp().panel(null).conditionsReviewed(false)).nextSteps());
    }

    @ParameterizedTest
    @EnumSource(value = Condition.class, names = { "MYELODYSPLASTIC_SYNDROME", "LEUKEMIA", "LYMPHOMA" })
    void everyHematologicConditionMakesItPresent(Condition condition) {
        var heme = heme(workedUp().conditions(condition));
        assertEquals(CategoryStatus.PRESENT, heme.status());
        assertEquals(CauseRule.EX_HEME_CONDITION, heme.source());
        assertEquals(List.of("condition: " + condition.code()), heme.evidence());
    }

    @Test
    void malignantCellsInTheBalMakeItPresent() {
        var heme = heme(workedUp().malignantCells(true));
        assertEquals(CategoryStatus.PRESENT, heme.status());
        assertEquals(CauseRule.EX_HEME_BAL_MALIGNANT, heme.source());
        assertEquals(List.of("malignant cells in the BAL"), heme.evidence());
    }

    @Test
    void conditionAndMalignantCellsBothFireConditionDecides() {
        var heme = heme(workedUp().malignantCells(true).conditions(Condition.LYMPHOMA).bloodCount(BloodCount.ABNORMAL));
        assertEquals(CauseRule.EX_HEME_CONDITION, heme.source());
        assertEquals(List.of(CauseRule.EX_HEME_CONDITION, CauseRule.EX_HEME_BAL_MALIGNANT),
                heme.reasons().stream().map(Reason::rule).toList());
    }

    @Test
    void abnormalBloodCountIsIncompleteWithItsWorkUp() {
        var heme = heme(workedUp().bloodCount(BloodCount.ABNORMAL));
        assertEquals(CategoryStatus.INCOMPLETE, heme.status());
        assertEquals(CauseRule.EX_HEME_INCOMPLETE, heme.source());
        assertEquals(List.of("bloodCount abnormal"), heme.evidence());
        assertEquals(List.of("work-up of the abnormal bloodCount (blood smear, flow cytometry, LDH)"), heme.nextSteps());
    }

    @Test
    void pendingBloodCountIsIncomplete() {
        var heme = heme(workedUp().bloodCount(BloodCount.PENDING));
        assertEquals(CategoryStatus.INCOMPLETE, heme.status());
        assertEquals(List.of("bloodCount (result pending)"), heme.nextSteps());
    }

    @Test
    void normalBloodCountAndReviewedConditionsExcludeIt() {
        var heme = heme(workedUp());
        assertEquals(CategoryStatus.EXCLUDED, heme.status());
        assertEquals(CauseRule.EX_HEME_EXCLUDED, heme.source());
    }

    @Test
    void normalBloodCountWithoutReviewIsNotAssessed() {
        var heme = heme(workedUp().conditionsReviewed(false));
        assertEquals(CategoryStatus.NOT_ASSESSED, heme.status());
        assertEquals(CauseRule.EX_HEME_NOT_ASSESSED, heme.source());
        assertEquals(List.of("bloodCount normal", "conditions not marked reviewed (conditionsReviewed is not true)"),
                heme.evidence());
        assertEquals(List.of("review the conditions history"), heme.nextSteps());
    }

    @Test
    void noBloodCountIsNotAssessedAndAsksForIt() {
        var heme = heme(workedUp().bloodCount(null));
        assertEquals(CategoryStatus.NOT_ASSESSED, heme.status());
        assertEquals(List.of("bloodCount"), heme.nextSteps());
        assertEquals(List.of("bloodCount not done"), heme.evidence());
    }
}
