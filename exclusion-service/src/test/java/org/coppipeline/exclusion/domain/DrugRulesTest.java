package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.category;
import static org.coppipeline.exclusion.domain.Cases.current;
import static org.coppipeline.exclusion.domain.Cases.stopped;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.coppipeline.exclusion.domain.CauseInput.Medication;

class DrugRulesTest {

    private static CategoryAssessment drug(Medication... medications) {
        return category(workedUp().medications(medications).assess(), CauseCategory.DRUG);
    }

    private static List<String> warningCodes(CauseAssessment a) {
        return a.warnings().stream().map(Warning::code).toList();
    }

    @Test
    void unreviewedMedicationHistoryIsNotAssessedEvenWithAListedDrug() {
        var a = workedUp().medicationsReviewed(false).medications(current("amiodarone")).assess();
        var drug = category(a, CauseCategory.DRUG);
        assertEquals(CategoryStatus.NOT_ASSESSED, drug.status());
        assertEquals(CauseRule.EX_DRUG_NOT_ASSESSED, drug.source());
        assertEquals(List.of("medication history not marked reviewed (medicationsReviewed is not true)",
                "amiodarone (current): on the OP drug list by name (BMJ-BP); counts once the history is reviewed"),
                drug.evidence());
        assertEquals(List.of("review the medication history (current and stopped within 90 days)"), drug.nextSteps());
        assertTrue(warningCodes(a).contains("medications-not-reviewed"));
    }

    @Test
    void unreviewedEmptyHistoryIsNotAssessedWithoutWarning() {
        var a = workedUp().medicationsReviewed(false).medications().assess();
        assertEquals(CategoryStatus.NOT_ASSESSED, category(a, CauseCategory.DRUG).status());
        assertEquals(List.of(), warningCodes(a));
    }

    @Test
    void currentListedDrugIsPresentNamingIt() {
        var drug = drug(current("lisinopril"), current("amiodarone"));
        assertEquals(CategoryStatus.PRESENT, drug.status());
        assertEquals(CauseRule.EX_DRUG_WINDOW, drug.source());
        assertEquals(List.of("amiodarone (current): on the OP drug list by name (BMJ-BP)"), drug.evidence());
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_WINDOW), drug.reasons().stream().map(Reason::rule).toList());
        assertEquals("on the list of drugs reported to cause organizing pneumonia: amiodarone", drug.reasons().get(0).text());
        assertEquals("current or stopped within 90 days: amiodarone", drug.reasons().get(1).text());
    }

    @ParameterizedTest
    @CsvSource({ "0,present", "89,present", "90,present", "91,excluded", "400,excluded" })
    void stoppedDrugCountsUpToNinetyDaysAgo(int stoppedDaysAgo, String status) {
        assertEquals(status, drug(stopped("nitrofurantoin", stoppedDaysAgo)).status().code());
    }

    @Test
    void stoppedWithinTheWindowIsDescribedWithItsDays() {
        assertEquals(List.of("nitrofurantoin (stopped 90 days ago): on the OP drug list by name (BMJ-BP)"),
                drug(stopped("nitrofurantoin", 90)).evidence());
    }

    @Test
    void stoppedOutsideTheWindowIsExcludedButShown() {
        var drug = drug(stopped("nitrofurantoin", 91));
        assertEquals(CauseRule.EX_DRUG_EXCLUDED, drug.source());
        assertEquals(List.of("medication history reviewed: 1 medication, none on the OP drug list in the last 90 days",
                "nitrofurantoin (stopped 91 days ago, outside the 90-day window): on the OP drug list by name (BMJ-BP)"),
                drug.evidence());
        assertEquals(List.of(CauseRule.EX_DRUG_LIST, CauseRule.EX_DRUG_EXCLUDED), drug.reasons().stream().map(Reason::rule).toList());
    }

    @Test
    void noListedDrugIsExcludedWithOnlyTheExcludedReason() {
        var drug = drug(current("lisinopril"), current("metformin"));
        assertEquals(CategoryStatus.EXCLUDED, drug.status());
        assertEquals(List.of("medication history reviewed: 2 medications, none on the OP drug list in the last 90 days"),
                drug.evidence());
        assertEquals(List.of(CauseRule.EX_DRUG_EXCLUDED), drug.reasons().stream().map(Reason::rule).toList());
        assertEquals(List.of(), drug.nextSteps());
    }

    @Test
    void reviewedEmptyHistoryIsExcluded() {
        var drug = drug();
        assertEquals(CategoryStatus.EXCLUDED, drug.status());
        assertEquals(List.of("medication history reviewed: 0 medications, none on the OP drug list in the last 90 days"),
                drug.evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Amiodarone", "AMIODARONE", "  amiodarone  ", "\tAmioDarone\n" })
    void nameMatchIgnoresCaseAndSurroundingWhitespace(String name) {
        var drug = drug(current(name));
        assertEquals(CategoryStatus.PRESENT, drug.status());
        assertEquals(List.of(name.strip() + " (current): on the OP drug list by name (BMJ-BP)"), drug.evidence());
    }

    @Test
    void aNameThatOnlyContainsAListedNameDoesNotMatch() {
        assertEquals(CategoryStatus.EXCLUDED, drug(current("amiodarone-like tea")).status());
    }

    @Test
    void atcCodeStartingWithAListedPrefixMatchesAnUnlistedName() {
        var drug = drug(new Medication("Cordarone", "C01BD01", true, null, null));
        assertEquals(CategoryStatus.PRESENT, drug.status());
        assertEquals(List.of("Cordarone (current): on the OP drug list by ATC prefix C01BD01 (amiodarone, BMJ-BP)"),
                drug.evidence());
    }

    @Test
    void classPrefixMatchesEveryCodeBelowIt() {
        // interferon rows carry the class prefix L03AB, so peginterferon alfa-2a (L03AB11) matches
        var drug = drug(new Medication("Pegasys", "L03AB11", true, null, null));
        assertEquals(CategoryStatus.PRESENT, drug.status());
        assertEquals(List.of("Pegasys (current): on the OP drug list by ATC prefix L03AB (interferon alfa, BMJ-BP)"),
                drug.evidence());
    }

    @Test
    void anAtcCodeOutsideEveryPrefixDoesNotMatch() {
        assertEquals(CategoryStatus.EXCLUDED, drug(new Medication("ramipril", "C09AA05", true, null, null)).status());
    }

    @Test
    void listedDrugNotCurrentWithoutStopDateKeepsDrugIncomplete() {
        var a = workedUp().medications(new Medication("amiodarone", null, false, 400, null)).assess();
        var drug = category(a, CauseCategory.DRUG);
        assertEquals(CategoryStatus.INCOMPLETE, drug.status());
        assertEquals(CauseRule.EX_DRUG_WINDOW, drug.source());
        assertEquals(List.of("record when amiodarone was stopped"), drug.nextSteps());
        assertEquals(List.of("amiodarone (not current, stop date not recorded): on the OP drug list by name (BMJ-BP)"),
                drug.evidence());
        assertEquals(List.of("medication-stop-date-unknown"), warningCodes(a));
        assertEquals(Conclusion.WORKUP_INCOMPLETE, a.conclusion().conclusion());
    }

    @Test
    void aDrugInTheWindowWinsOverAnUndatedOne() {
        var drug = drug(new Medication("bleomycin", null, false, null, null), stopped("methotrexate", 5));
        assertEquals(CategoryStatus.PRESENT, drug.status());
        assertEquals(List.of("methotrexate (stopped 5 days ago): on the OP drug list by name (BMJ-BP)"), drug.evidence());
    }

    @Test
    void anUnlistedDrugWithoutStopDateDoesNotMatter() {
        var a = workedUp().medications(new Medication("lisinopril", null, false, null, null)).assess();
        assertEquals(CategoryStatus.EXCLUDED, category(a, CauseCategory.DRUG).status());
        assertEquals(List.of(), warningCodes(a));
    }

    @Test
    void currentWinsOverAStopDateAndIsWarnedAbout() {
        var a = workedUp().medications(new Medication("amiodarone", null, true, 300, 200)).assess();
        assertEquals(CategoryStatus.PRESENT, category(a, CauseCategory.DRUG).status());
        assertEquals(List.of("medication-current-but-stopped"), warningCodes(a));
    }

    @ParameterizedTest
    @CsvSource({ "0,CURRENT,true,", "90,STOPPED_IN_WINDOW,false,90", "90,STOPPED_OUTSIDE_WINDOW,false,91",
            "90,STOP_DATE_UNKNOWN,false,", "0,STOPPED_IN_WINDOW,false,0", "0,STOPPED_OUTSIDE_WINDOW,false,1" })
    void exposureAgainstTheWindow(int window, DrugRules.Exposure expected, boolean current, Integer stopped) {
        assertEquals(expected, DrugRules.exposure(new Medication("x", null, current, null, stopped), window));
    }

    @Test
    void theWindowIsConfigurable() {
        var exclusion = new CauseExclusion(Cases.DRUG_LIST, new ExclusionThresholds(30, 365, 25));
        var in30 = exclusion.assess(workedUp().medications(stopped("amiodarone", 30)).build());
        var out31 = exclusion.assess(workedUp().medications(stopped("amiodarone", 31)).build());
        assertEquals(CategoryStatus.PRESENT, category(in30, CauseCategory.DRUG).status());
        assertEquals(CategoryStatus.EXCLUDED, category(out31, CauseCategory.DRUG).status());
        assertEquals("no listed drug current or stopped within 30 days",
                category(out31, CauseCategory.DRUG).reasons().get(1).text());
    }
}
