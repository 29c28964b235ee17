package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.category;
import static org.coppipeline.exclusion.domain.Cases.radiotherapy;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.coppipeline.exclusion.domain.RadiotherapySite.BREAST;
import static org.coppipeline.exclusion.domain.RadiotherapySite.OTHER;
import static org.coppipeline.exclusion.domain.RadiotherapySite.THORAX;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.coppipeline.exclusion.domain.CauseInput.Radiotherapy;

class RadiationRulesTest {

    private static CategoryAssessment radiation(Radiotherapy... courses) {
        return category(workedUp().radiotherapy(courses).assess(), CauseCategory.RADIATION);
    }

    @Test
    void unreviewedRadiotherapyHistoryIsNotAssessed() {
        var a = workedUp().radiotherapyReviewed(false).radiotherapy(radiotherapy(BREAST, 10)).assess();
        var radiation = category(a, CauseCategory.RADIATION);
        assertEquals(CategoryStatus.NOT_ASSESSED, radiation.status());
        assertEquals(CauseRule.EX_RT_NOT_ASSESSED, radiation.source());
        assertEquals(List.of("review the radiotherapy history"), radiation.nextSteps());
        assertEquals(List.of("radiotherapy-not-reviewed"), a.warnings().stream().map(Warning::code).toList());
    }

    @ParameterizedTest
    @CsvSource({ "BREAST,0,present,EX-RT-BREAST", "BREAST,365,present,EX-RT-BREAST", "BREAST,366,excluded,EX-RT-EXCLUDED",
            "THORAX,365,present,EX-RT-THORAX", "THORAX,366,excluded,EX-RT-EXCLUDED", "OTHER,10,excluded,EX-RT-EXCLUDED" })
    void breastOrThoraxWithinAYearIsPresent(RadiotherapySite site, int endedDaysAgo, String status, String ruleId) {
        var radiation = radiation(radiotherapy(site, endedDaysAgo));
        assertEquals(status, radiation.status().code());
        assertEquals(ruleId, radiation.source().id());
    }

    @Test
    void presentNamesTheCourseAndFiresTheWindowRule() {
        var radiation = radiation(radiotherapy(BREAST, 120));
        assertEquals(List.of("breast radiotherapy ended 120 days ago (within 365 days)"), radiation.evidence());
        assertEquals(List.of(CauseRule.EX_RT_WINDOW, CauseRule.EX_RT_BREAST), radiation.reasons().stream().map(Reason::rule).toList());
        assertEquals("breast radiotherapy ended at most 365 days ago", radiation.reasons().get(0).text());
    }

    @Test
    void breastLineComesBeforeThoraxLine() {
        var radiation = radiation(radiotherapy(THORAX, 20), radiotherapy(BREAST, 30));
        assertEquals(CauseRule.EX_RT_BREAST, radiation.source());
        assertEquals(List.of("breast radiotherapy ended 30 days ago (within 365 days)"), radiation.evidence());
    }

    @Test
    void oldChestCourseDoesNotHideARecentOne() {
        var radiation = radiation(radiotherapy(BREAST, 800), radiotherapy(THORAX, 100));
        assertEquals(CauseRule.EX_RT_THORAX, radiation.source());
    }

    @Test
    void excludedListsWhatWasReviewed() {
        assertEquals(List.of("radiotherapy history reviewed: none"), radiation().evidence());
        assertEquals(List.of("other radiotherapy ended 10 days ago (not to breast or thorax)",
                "thorax radiotherapy ended 366 days ago (outside the 365-day window)"),
                radiation(radiotherapy(OTHER, 10), radiotherapy(THORAX, 366)).evidence());
        assertEquals(List.of(CauseRule.EX_RT_EXCLUDED), radiation().reasons().stream().map(Reason::rule).toList());
    }

    @Test
    void theWindowIsConfigurable() {
        var exclusion = new CauseExclusion(Cases.DRUG_LIST, new ExclusionThresholds(90, 180, 25));
        var a = exclusion.assess(workedUp().radiotherapy(radiotherapy(BREAST, 181)).build());
        assertEquals(CategoryStatus.EXCLUDED, category(a, CauseCategory.RADIATION).status());
        assertEquals(CategoryStatus.PRESENT, category(exclusion.assess(workedUp().radiotherapy(radiotherapy(BREAST, 180)).build()),
                CauseCategory.RADIATION).status());
    }
}
