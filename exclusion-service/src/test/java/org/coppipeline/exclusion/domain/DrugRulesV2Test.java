package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.category;
import static org.coppipeline.exclusion.domain.Cases.current;
import static org.coppipeline.exclusion.domain.Cases.stopped;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.coppipeline.exclusion.domain.CauseInput.Medication;

/** EX-DRUG-WINDOW in its v2 meaning, EX-DRUG-AMIODARONE-WINDOW and the "drugs" of a present drug category. */
class DrugRulesV2Test {

    private static final String WINDOWS = "180 days; amiodarone 365 days";

    private static CategoryAssessment v2(Medication... medications) {
        return category(workedUp().medications(medications).assessV2(), CauseCategory.DRUG);
    }

    private static CategoryAssessment v1(Medication... medications) {
        return category(workedUp().medications(medications).assess(), CauseCategory.DRUG);
    }

    private static List<CauseRule> rules(CategoryAssessment category) {
        return category.reasons().stream().map(Reason::rule).toList();
    }

    @ParameterizedTest
    @CsvSource({ "0,present", "90,present", "91,present", "180,present", "181,excluded", "365,excluded" })
    void aDrugWithoutItsOwnWindowCountsUpTo180DaysAfterStopping(int stoppedDaysAgo, String status) {
        assertEquals(status, v2(stopped("nitrofurantoin", stoppedDaysAgo)).status().code());
    }

    @ParameterizedTest
    @CsvSource({ "90,present", "91,excluded", "180,excluded" })
    void v1KeepsNinetyDays(int stoppedDaysAgo, String status) {
        assertEquals(status, v1(stopped("nitrofurantoin", stoppedDaysAgo)).status().code());
    }

    @ParameterizedTest
    @CsvSource({ "181,present", "300,present", "365,present", "366,excluded" })
    void amiodaroneCountsUpTo365DaysFromItsWindowDays(int stoppedDaysAgo, String status) {
        assertEquals(status, v2(stopped("Amiodarone", stoppedDaysAgo)).status().code());
        // matched by ATC prefix, the list row (and so its window) is amiodarone's too
        assertEquals(status, v2(new Medication("Cordarone", "C01BD01", false, null, stoppedDaysAgo)).status().code());
    }

    @Test
    void aStoppedAmiodaroneFiresItsWindowRuleBetweenTheListAndTheDecision() {
        var present = v2(stopped("amiodarone", 300));
        assertEquals(CauseRule.EX_DRUG_WINDOW_V2, present.source());
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_AMIODARONE_WINDOW, CauseRule.EX_DRUG_WINDOW_V2),
                rules(present));
        assertEquals("amiodarone counts for 365 days after stopping (it persists in lung tissue for months): amiodarone"
                + " stopped 300 days ago", present.reasons().get(1).text());
        assertEquals("current or stopped within the drug's window (" + WINDOWS + "): amiodarone",
                present.reasons().get(2).text());
        assertEquals(List.of("amiodarone (stopped 300 days ago): on the OP drug list by name (BMJ-BP)"), present.evidence());

        var excluded = v2(stopped("amiodarone", 400));
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_AMIODARONE_WINDOW, CauseRule.EX_DRUG_EXCLUDED),
                rules(excluded));
        assertEquals(List.of("medication history reviewed: 1 medication, none on the OP drug list within the drug's window ("
                + WINDOWS + ")", "amiodarone (stopped 400 days ago, outside the 365-day window): on the OP drug list by name"
                + " (BMJ-BP)"), excluded.evidence());
        assertEquals("no listed drug current or stopped within the drug's window (" + WINDOWS + ")",
                excluded.reasons().get(2).text());
    }

    @Test
    void theAmiodaroneWindowRuleDoesNotFireWhereItsWindowWasNotApplied() {
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_WINDOW_V2), rules(v2(current("amiodarone"))));
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_WINDOW_V2), rules(v2(stopped("nitrofurantoin", 10))));
        var undated = v2(new Medication("amiodarone", null, false, 100, null));
        assertEquals(CategoryStatus.INCOMPLETE, undated.status());
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_WINDOW_V2), rules(undated));
        assertEquals("stop date not recorded, so not known to be outside the drug's window (" + WINDOWS + "): amiodarone",
                undated.reasons().get(1).text());
        // v1 has no such rule: 300 days is outside its 90-day window
        var v1 = v1(stopped("amiodarone", 300));
        assertEquals(CategoryStatus.EXCLUDED, v1.status());
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_EXCLUDED), rules(v1));
    }

    @Test
    void aPresentCategoryNamesItsDrugsByTheirKnowledgeBaseNamesInInputOrderOnce() {
        var drug = v2(current(" NITROFURANTOIN "), stopped("lisinopril", 3), new Medication("Cordarone", "C01BD01", true, null, null),
                stopped("amiodarone", 20), stopped("methotrexate", 500));
        assertEquals(CategoryStatus.PRESENT, drug.status());
        assertEquals(List.of("nitrofurantoin", "amiodarone"), drug.drugs());
        assertEquals(List.of(), v1(current("amiodarone")).drugs(), "v1 names none");
        assertEquals(List.of(), v2(stopped("amiodarone", 400)).drugs(), "only a present category names drugs");
    }

    @Test
    void azacitidineIsOnTheV2ListOnly() {
        var v2 = v2(current("Azacitidine"));
        assertEquals(CategoryStatus.PRESENT, v2.status());
        assertEquals(List.of("azacitidine"), v2.drugs());
        assertEquals(List.of("Azacitidine (current): on the OP drug list by name (Alnimer-2016)"), v2.evidence());
        assertEquals(CategoryStatus.EXCLUDED, v1(current("Azacitidine")).status());
    }

    @Test
    void theUnreviewedHistoryAsksForTheV2Windows() {
        var drug = category(workedUp().medicationsReviewed(false).medications(current("amiodarone")).assessV2(),
                CauseCategory.DRUG);
        assertEquals(CategoryStatus.NOT_ASSESSED, drug.status());
        assertEquals(List.of("review the medication history (current, and stopped within " + WINDOWS + ")"), drug.nextSteps());
    }

    @Test
    void theV2DefaultWindowIsConfigurableAndTheListWindowStaysTheDrugsOwn() {
        var exclusion = new CauseExclusion(Cases.DRUG_LIST, new ExclusionThresholds(30, 365, 25), KnowledgeVersion.V2);
        assertEquals(CategoryStatus.PRESENT, category(exclusion.assess(workedUp().medications(stopped("nitrofurantoin", 30))
                .build()), CauseCategory.DRUG).status());
        assertEquals(CategoryStatus.EXCLUDED, category(exclusion.assess(workedUp().medications(stopped("nitrofurantoin", 31))
                .build()), CauseCategory.DRUG).status());
        assertEquals(CategoryStatus.PRESENT, category(exclusion.assess(workedUp().medications(stopped("amiodarone", 365))
                .build()), CauseCategory.DRUG).status());
    }

    @Test
    void theWindowOfADrugIsItsOwnOnlyUnderV2() {
        var list = OpDrugList.parse("name,atc_prefix,group,source,window_days\na,A01,g,S,10\nb,B01,g,S,\n");
        var v2 = DrugRules.Window.perDrug(180, list);
        assertEquals(10, v2.daysFor(list.drugs().get(0)));
        assertEquals(180, v2.daysFor(list.drugs().get(1)));
        assertEquals("review the medication history (current, and stopped within 180 days; a 10 days)", v2.reviewStep());
        var v1 = DrugRules.Window.of(90);
        assertEquals(90, v1.daysFor(list.drugs().get(0)));
        assertEquals(90, v1.daysFor(list.drugs().get(1)));
    }
}
