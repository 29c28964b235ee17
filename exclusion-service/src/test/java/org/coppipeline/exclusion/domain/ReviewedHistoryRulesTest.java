package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.category;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReviewedHistoryRulesTest {

    @ParameterizedTest
    @CsvSource({
            "ULCERATIVE_COLITIS,INFLAMMATORY_BOWEL_DISEASE,EX-IBD-PRESENT",
            "CROHN_DISEASE,INFLAMMATORY_BOWEL_DISEASE,EX-IBD-PRESENT",
            "HEMATOPOIETIC_STEM_CELL_TRANSPLANT,TRANSPLANT,EX-TRANSPLANT-PRESENT",
            "SOLID_ORGAN_TRANSPLANT,TRANSPLANT,EX-TRANSPLANT-PRESENT",
            "ASPIRATION_RISK,ASPIRATION_EXPOSURE,EX-ASPIRATION-PRESENT",
            "INHALATIONAL_EXPOSURE,ASPIRATION_EXPOSURE,EX-ASPIRATION-PRESENT" })
    void aMatchingConditionMakesItsCategoryPresent(Condition condition, CauseCategory category, String ruleId) {
        var a = category(workedUp().conditions(condition).assess(), category);
        assertEquals(CategoryStatus.PRESENT, a.status());
        assertEquals(ruleId, a.source().id());
        assertEquals(List.of("condition: " + condition.code()), a.evidence());
        for (CauseCategory other : CauseCategory.values()) {
            if (other != category) {
                assertEquals(CategoryStatus.EXCLUDED, category(workedUp().conditions(condition).assess(), other).status(),
                        other.code());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({ "INFLAMMATORY_BOWEL_DISEASE,EX-IBD-EXCLUDED,conditions reviewed: no ulcerative-colitis or crohn-disease",
            "TRANSPLANT,EX-TRANSPLANT-EXCLUDED,"
                    + "conditions reviewed: no hematopoietic-stem-cell-transplant or solid-organ-transplant",
            "ASPIRATION_EXPOSURE,EX-ASPIRATION-EXCLUDED,exposures reviewed: no aspiration-risk or inhalational-exposure" })
    void reviewedWithoutAMatchingConditionIsExcluded(CauseCategory category, String ruleId, String evidence) {
        var a = category(workedUp().conditions(Condition.DIABETES, Condition.OSTEOPOROSIS).assess(), category);
        assertEquals(CategoryStatus.EXCLUDED, a.status());
        assertEquals(ruleId, a.source().id());
        assertEquals(List.of(evidence), a.evidence());
        assertEquals(List.of(), a.nextSteps());
    }

    @Test
    void ibdAndTransplantNeedConditionsReviewedEvenWhenListed() {
        var a = workedUp().conditionsReviewed(false).conditions(Condition.CROHN_DISEASE, Condition.SOLID_ORGAN_TRANSPLANT).assess();
        var ibd = category(a, CauseCategory.INFLAMMATORY_BOWEL_DISEASE);
        var transplant = category(a, CauseCategory.TRANSPLANT);
        assertEquals(CategoryStatus.NOT_ASSESSED, ibd.status());
        assertEquals(CauseRule.EX_IBD_NOT_ASSESSED, ibd.source());
        assertEquals(List.of("review the conditions history"), ibd.nextSteps());
        assertEquals(CategoryStatus.NOT_ASSESSED, transplant.status());
        assertEquals(CauseRule.EX_TRANSPLANT_NOT_ASSESSED, transplant.source());
        assertEquals(CategoryStatus.EXCLUDED, category(a, CauseCategory.ASPIRATION_EXPOSURE).status());
        assertEquals(List.of("conditions-not-reviewed"), a.warnings().stream().map(Warning::code).toList());
    }

    @Test
    void aspirationNeedsExposuresReviewedNotConditionsReviewed() {
        var a = workedUp().exposuresReviewed(false).conditions(Condition.ASPIRATION_RISK).assess();
        var aspiration = category(a, CauseCategory.ASPIRATION_EXPOSURE);
        assertEquals(CategoryStatus.NOT_ASSESSED, aspiration.status());
        assertEquals(CauseRule.EX_ASPIRATION_NOT_ASSESSED, aspiration.source());
        assertEquals(List.of("exposures not marked reviewed (exposuresReviewed is not true)"), aspiration.evidence());
        assertEquals(List.of("review aspiration risk and inhalational exposures"), aspiration.nextSteps());
        assertEquals(CategoryStatus.EXCLUDED, category(a, CauseCategory.INFLAMMATORY_BOWEL_DISEASE).status());
        assertEquals(List.of("exposures-not-reviewed"), a.warnings().stream().map(Warning::code).toList());
    }

    @Test
    void exposuresReviewedAloneDecidesAspiration() {
        var a = workedUp().conditionsReviewed(false).conditions(Condition.INHALATIONAL_EXPOSURE).assess();
        assertEquals(CategoryStatus.PRESENT, category(a, CauseCategory.ASPIRATION_EXPOSURE).status());
        // only exposure conditions listed: nothing to warn about for conditionsReviewed
        assertEquals(List.of(), a.warnings().stream().map(Warning::code).toList());
    }
}
