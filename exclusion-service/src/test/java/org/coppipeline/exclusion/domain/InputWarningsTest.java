package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.negative;
import static org.coppipeline.exclusion.domain.Cases.pending;
import static org.coppipeline.exclusion.domain.Cases.positive;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.CauseInput.Medication;
import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;

class InputWarningsTest {

    private static List<Warning> warnings(Cases.Builder b) {
        return b.assess().warnings();
    }

    @Test
    void aConsistentCaseHasNoWarnings() {
        assertEquals(List.of(), warnings(workedUp()));
    }

    @Test
    void missingSuspicion() {
        assertEquals(List.of(new Warning(Warning.Level.WARNING, "suspicion-unknown", "symptomAssessment.suspicion is "
                + "missing: read as neither moderate nor high, so OP-SUSPECTED-NO-CT cannot apply")),
                warnings(workedUp().suspicion(null)));
    }

    @Test
    void stoppedDaysAgoOnACurrentMedication() {
        assertEquals(List.of(new Warning(Warning.Level.WARNING, "medication-current-but-stopped",
                "lisinopril is marked current but also has stoppedDaysAgo 3: read as current")),
                warnings(workedUp().medications(new Medication(" lisinopril ", null, true, null, 3))));
    }

    @Test
    void startedMoreRecentlyThanStopped() {
        assertEquals(List.of(new Warning(Warning.Level.WARNING, "medication-stopped-before-started",
                "lisinopril started 10 days ago but stopped 20 days ago, before it started: stoppedDaysAgo used as given")),
                warnings(workedUp().medications(new Medication("lisinopril", null, false, 10, 20))));
    }

    @Test
    void startAndStopOnTheSameDayOrInOrderAreFine() {
        assertEquals(List.of(), warnings(workedUp().medications(new Medication("lisinopril", null, false, 20, 20),
                new Medication("metformin", null, false, 30, 20), new Medication("x", null, false, 30, null),
                new Medication("y", null, false, null, 30))));
    }

    @Test
    void listedDrugWithoutStopDate() {
        assertEquals(List.of(new Warning(Warning.Level.WARNING, "medication-stop-date-unknown",
                "amiodarone is on the OP drug list, not current, and has no stoppedDaysAgo: it cannot be placed outside"
                        + " the drug window, so drug stays incomplete until the stop date is recorded")),
                warnings(workedUp().medications(new Medication("amiodarone", null, false, null, null))));
    }

    @Test
    void historiesListedButNotReviewed() {
        var b = workedUp().medicationsReviewed(false).radiotherapyReviewed(false).conditionsReviewed(false)
                .exposuresReviewed(false)
                .radiotherapy(Cases.radiotherapy(RadiotherapySite.OTHER, 3))
                .conditions(Condition.DIABETES, Condition.ASPIRATION_RISK);
        assertEquals(List.of("medications-not-reviewed", "radiotherapy-not-reviewed", "conditions-not-reviewed",
                "exposures-not-reviewed"), warnings(b).stream().map(Warning::code).toList());
        assertEquals("medications are listed but medicationsReviewed is not true: drug stays not-assessed",
                warnings(b).get(0).message());
    }

    @Test
    void reviewedHistoriesOrEmptyListsAreNotWarnedAbout() {
        assertEquals(List.of(), warnings(workedUp().conditions(Condition.DIABETES, Condition.INHALATIONAL_EXPOSURE)
                .radiotherapy(Cases.radiotherapy(RadiotherapySite.OTHER, 3))));
        assertEquals(List.of("suspicion-unknown"), warnings(Cases.nothingKnown()).stream().map(Warning::code).toList());
    }

    @Test
    void exposureConditionWithoutExposureReview() {
        assertEquals(List.of("exposures-not-reviewed"), warnings(workedUp().exposuresReviewed(false)
                .conditions(Condition.INHALATIONAL_EXPOSURE)).stream().map(Warning::code).toList());
    }

    @Test
    void aTestListedTwiceWithDifferentResults() {
        var b = workedUp().microbiology(negative(MicrobiologyTest.BLOOD_CULTURE), positive(MicrobiologyTest.BLOOD_CULTURE, null),
                negative(MicrobiologyTest.SPUTUM_CULTURE), negative(MicrobiologyTest.SPUTUM_CULTURE),
                negative(MicrobiologyTest.RESPIRATORY_PCR_PANEL));
        assertEquals(List.of(new Warning(Warning.Level.WARNING, "microbiology-conflicting-results",
                "blood-culture is listed with different results (negative, positive): a positive counts as positive"
                        + " and a pending one keeps infection open")),
                warnings(b));
    }

    /** A conflict on a test that is not listed first, listed three times: one warning, naming each result once. */
    @Test
    void aLaterTestListedThreeTimesWithDifferentResultsIsWarnedOnce() {
        var b = workedUp().microbiology(negative(MicrobiologyTest.BLOOD_CULTURE), pending(MicrobiologyTest.SPUTUM_CULTURE),
                negative(MicrobiologyTest.SPUTUM_CULTURE), pending(MicrobiologyTest.SPUTUM_CULTURE),
                negative(MicrobiologyTest.RESPIRATORY_PCR_PANEL));
        assertEquals(List.of(new Warning(Warning.Level.WARNING, "microbiology-conflicting-results",
                "sputum-culture is listed with different results (negative, pending): a positive counts as positive"
                        + " and a pending one keeps infection open")),
                warnings(b));
    }

    @Test
    void organismNamedOnANegativeOrPendingResult() {
        var b = workedUp().microbiology(new MicrobiologyResult(MicrobiologyTest.BLOOD_CULTURE, TestResult.NEGATIVE, "S. aureus"),
                new MicrobiologyResult(MicrobiologyTest.SPUTUM_CULTURE, TestResult.PENDING, " "),
                pending(MicrobiologyTest.RESPIRATORY_PCR_PANEL));
        assertEquals(List.of(new Warning(Warning.Level.WARNING, "organism-without-positive-result",
                "blood-culture names an organism but its result is negative: read as negative")), warnings(b));
    }

    @Test
    void ctFindingsOnACtNotPerformed() {
        assertEquals(List.of("ct-findings-without-ct"),
                warnings(workedUp().ct(false, CtFinding.GROUND_GLASS)).stream().map(Warning::code).toList());
        assertEquals(List.of(), warnings(workedUp().ct(false)));
    }
}
