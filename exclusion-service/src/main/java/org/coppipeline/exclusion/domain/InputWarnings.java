package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.coppipeline.exclusion.domain.CauseInput.History;
import org.coppipeline.exclusion.domain.CauseInput.Medication;
import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;
import org.coppipeline.exclusion.domain.OpDrugList.DrugMatch;

/**
 * Schema-valid but clinically odd input. Each oddity becomes a warning in the output and never an
 * exception: the rules still run, on the reading each message states.
 */
public final class InputWarnings {

    private InputWarnings() {
    }

    /** Under knowledge v1. */
    public static List<Warning> check(CauseInput input, List<DrugMatch> listed) {
        return check(input, listed, KnowledgeVersion.V1);
    }

    public static List<Warning> check(CauseInput input, List<DrugMatch> listed, KnowledgeVersion version) {
        List<Warning> warnings = new ArrayList<>();
        suspicionUnknown(input, version, warnings);
        medicationDates(input.history(), warnings);
        listedDrugsWithoutStopDate(listed, warnings);
        listedButNotReviewed(input.history(), warnings);
        conflictingMicrobiology(input.tests().microbiology(), warnings);
        organismOnNonPositiveResult(input.tests().microbiology(), warnings);
        ctFindingsWithoutCt(input, warnings);
        return warnings;
    }

    static void suspicionUnknown(CauseInput input, KnowledgeVersion version, List<Warning> warnings) {
        if (input.suspicion() == null) {
            warnings.add(Warning.warning("suspicion-unknown", "symptomAssessment.suspicion is missing: read as neither "
                    + "moderate nor high, so " + (version == KnowledgeVersion.V1 ? "OP-SUSPECTED-NO-CT cannot apply"
                            : "neither OP-SUSPECTED-NO-CT nor OP-CT-ATYPICAL-NOT-AGAINST can apply")));
        }
    }

    static void medicationDates(History history, List<Warning> warnings) {
        for (Medication m : history.medications()) {
            if (m.current() && m.stoppedDaysAgo() != null) {
                warnings.add(Warning.warning("medication-current-but-stopped", m.displayName()
                        + " is marked current but also has stoppedDaysAgo " + m.stoppedDaysAgo() + ": read as current"));
            }
            if (m.startedDaysAgo() != null && m.stoppedDaysAgo() != null && m.startedDaysAgo() < m.stoppedDaysAgo()) {
                warnings.add(Warning.warning("medication-stopped-before-started", m.displayName() + " started "
                        + m.startedDaysAgo() + " days ago but stopped " + m.stoppedDaysAgo()
                        + " days ago, before it started: stoppedDaysAgo used as given"));
            }
        }
    }

    /** The conservative reading of DrugRules.listedDrugStopDateUnknown, said out loud. */
    static void listedDrugsWithoutStopDate(List<DrugMatch> listed, List<Warning> warnings) {
        for (DrugMatch match : listed) {
            Medication m = match.medication();
            if (!m.current() && m.stoppedDaysAgo() == null) {
                warnings.add(Warning.warning("medication-stop-date-unknown", m.displayName()
                        + " is on the OP drug list, not current, and has no stoppedDaysAgo: it cannot be placed outside"
                        + " the drug window, so drug stays incomplete until the stop date is recorded"));
            }
        }
    }

    static void listedButNotReviewed(History history, List<Warning> warnings) {
        if (!history.medicationsReviewed() && !history.medications().isEmpty()) {
            warnings.add(Warning.warning("medications-not-reviewed",
                    "medications are listed but medicationsReviewed is not true: drug stays not-assessed"));
        }
        if (!history.radiotherapyReviewed() && !history.radiotherapy().isEmpty()) {
            warnings.add(Warning.warning("radiotherapy-not-reviewed",
                    "radiotherapy is listed but radiotherapyReviewed is not true: radiation stays not-assessed"));
        }
        boolean nonExposureCondition = false;
        for (Condition condition : history.conditions()) {
            nonExposureCondition |= condition.category().orElse(null) != CauseCategory.ASPIRATION_EXPOSURE;
        }
        if (!history.conditionsReviewed() && nonExposureCondition) {
            warnings.add(Warning.warning("conditions-not-reviewed", "conditions are listed but conditionsReviewed is "
                    + "not true: inflammatory-bowel-disease and transplant stay not-assessed"));
        }
        boolean exposureCondition = history.hasCondition(Condition.ASPIRATION_RISK)
                || history.hasCondition(Condition.INHALATIONAL_EXPOSURE);
        if (!history.exposuresReviewed() && exposureCondition) {
            warnings.add(Warning.warning("exposures-not-reviewed", "aspiration-risk or inhalational-exposure is listed "
                    + "but exposuresReviewed is not true: aspiration-exposure stays not-assessed"));
        }
    }

    static void conflictingMicrobiology(List<MicrobiologyResult> results, List<Warning> warnings) {
        // Each test in the order of its first listing; sets are only built for a test listed with another result.
        for (int i = 0; i < results.size(); i++) {
            MicrobiologyTest test = results.get(i).test();
            if (listedBefore(results, i, test) || !listedWithAnotherResult(results, i)) {
                continue;
            }
            Set<TestResult> seen = EnumSet.noneOf(TestResult.class);
            for (MicrobiologyResult r : results) {
                if (r.test() == test) {
                    seen.add(r.result());
                }
            }
            StringJoiner codes = new StringJoiner(", ");
            for (TestResult result : seen) {
                codes.add(result.code());
            }
            warnings.add(Warning.warning("microbiology-conflicting-results", test.code() + " is listed with different "
                    + "results (" + codes + "): a positive counts as positive and a pending one keeps infection open"));
        }
    }

    private static boolean listedBefore(List<MicrobiologyResult> results, int index, MicrobiologyTest test) {
        for (int j = 0; j < index; j++) {
            if (results.get(j).test() == test) {
                return true;
            }
        }
        return false;
    }

    private static boolean listedWithAnotherResult(List<MicrobiologyResult> results, int index) {
        MicrobiologyResult first = results.get(index);
        for (int j = index + 1; j < results.size(); j++) {
            if (results.get(j).test() == first.test() && results.get(j).result() != first.result()) {
                return true;
            }
        }
        return false;
    }

    static void organismOnNonPositiveResult(List<MicrobiologyResult> results, List<Warning> warnings) {
        for (MicrobiologyResult r : results) {
            if (r.result() != TestResult.POSITIVE && r.organism() != null && !r.organism().isBlank()) {
                warnings.add(Warning.warning("organism-without-positive-result", r.test().code() + " names an organism but "
                        + "its result is " + r.result().code() + ": read as " + r.result().code()));
            }
        }
    }

    static void ctFindingsWithoutCt(CauseInput input, List<Warning> warnings) {
        if (!input.ct().performed() && !input.ct().findings().isEmpty()) {
            warnings.add(Warning.warning("ct-findings-without-ct", "CT findings are listed but the CT is not marked performed:"
                    + " they count as counter-indicators but not as a typical CT"));
        }
    }
}
