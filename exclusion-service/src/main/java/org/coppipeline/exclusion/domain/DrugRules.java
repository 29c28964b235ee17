package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.DRUG;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import org.coppipeline.exclusion.domain.CauseInput.History;
import org.coppipeline.exclusion.domain.CauseInput.Medication;
import org.coppipeline.exclusion.domain.OpDrugList.DrugMatch;
import org.coppipeline.exclusion.domain.OpDrugList.MatchedBy;

/** Drug category, CONTRACT 4.2 (first matching line wins). */
public final class DrugRules {

    /** Where a listed medication stands against the drug window. */
    enum Exposure {
        CURRENT, STOPPED_IN_WINDOW, STOPPED_OUTSIDE_WINDOW, STOP_DATE_UNKNOWN
    }

    /**
     * The drug window with the wording that depends on it alone, built once per configuration (CauseExclusion
     * keeps one) rather than once per case.
     */
    public record Window(int days, String reviewStep, Reason noListedDrug) {
        public static Window of(int days) {
            return new Window(days, "review the medication history (current and stopped within " + days + " days)",
                    new Reason(CauseRule.EX_DRUG_EXCLUDED, "no listed drug current or stopped within " + days + " days"));
        }
    }

    private DrugRules() {
    }

    public static CategoryAssessment assess(History history, List<DrugMatch> listed, Window window) {
        int windowDays = window.days();
        return FirstMatch.of(
                () -> notReviewed(history, listed, window),
                () -> listedDrugInWindow(listed, windowDays),
                () -> listedDrugStopDateUnknown(listed, windowDays))
                .orElseGet(() -> noListedDrugInWindow(history, listed, window));
    }

    /** EX-DRUG-LIST: the case's medications that are on the list, by name or ATC prefix, in the order listed. */
    public static List<DrugMatch> listedMedications(List<Medication> medications, OpDrugList list) {
        List<DrugMatch> listed = new ArrayList<>();
        for (Medication medication : medications) {
            Optional<DrugMatch> match = list.match(medication);
            if (match.isPresent()) {
                listed.add(match.get());
            }
        }
        return listed;
    }

    /** EX-DRUG-WINDOW: current counts whatever a stop date says (the warning flags that oddity). */
    static Exposure exposure(Medication medication, int windowDays) {
        if (medication.current()) {
            return Exposure.CURRENT;
        }
        if (medication.stoppedDaysAgo() == null) {
            return Exposure.STOP_DATE_UNKNOWN;
        }
        return medication.stoppedDaysAgo() <= windowDays ? Exposure.STOPPED_IN_WINDOW : Exposure.STOPPED_OUTSIDE_WINDOW;
    }

    /** EX-DRUG-NOT-ASSESSED: without a reviewed medication history a drug cause can be neither found nor excluded. */
    static Optional<CategoryAssessment> notReviewed(History history, List<DrugMatch> listed, Window window) {
        if (history.medicationsReviewed()) {
            return Optional.empty();
        }
        int windowDays = window.days();
        List<String> evidence = new ArrayList<>();
        evidence.add("medication history not marked reviewed (medicationsReviewed is not true)");
        // Listed drugs are shown so the reviewer sees them, but an unreviewed list does not decide the status.
        for (DrugMatch match : listed) {
            evidence.add(describe(match, windowDays) + "; counts once the history is reviewed");
        }
        return Optional.of(CategoryAssessment.decided(DRUG, CategoryStatus.NOT_ASSESSED,
                new Reason(CauseRule.EX_DRUG_NOT_ASSESSED, "medication history not reviewed"),
                evidence,
                List.of(window.reviewStep())));
    }

    /** EX-DRUG-WINDOW: a listed drug taken now or stopped within the window makes drug present, naming it. */
    static Optional<CategoryAssessment> listedDrugInWindow(List<DrugMatch> listed, int windowDays) {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (DrugMatch match : listed) {
            if (inWindow(exposure(match.medication(), windowDays))) {
                names.add(match.medication().displayName());
                evidence.add(describe(match, windowDays));
            }
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Reason window = new Reason(CauseRule.EX_DRUG_WINDOW, "current or stopped within " + windowDays + " days: "
                + String.join(", ", names));
        return Optional.of(new CategoryAssessment(DRUG, CategoryStatus.PRESENT, CauseRule.EX_DRUG_WINDOW,
                evidence, List.of(), List.of(listReason(listed), window)));
    }

    /**
     * EX-DRUG-WINDOW, conservative reading (a design choice of this service, not a contract line): a listed
     * drug that is not current and has no stop date cannot be placed outside the window, so the category
     * may not be excluded; it stays incomplete until the stop date is recorded.
     */
    static Optional<CategoryAssessment> listedDrugStopDateUnknown(List<DrugMatch> listed, int windowDays) {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<String> nextSteps = new ArrayList<>();
        for (DrugMatch match : listed) {
            if (exposure(match.medication(), windowDays) == Exposure.STOP_DATE_UNKNOWN) {
                String name = match.medication().displayName();
                names.add(name);
                evidence.add(describe(match, windowDays));
                nextSteps.add("record when " + name + " was stopped");
            }
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Reason window = new Reason(CauseRule.EX_DRUG_WINDOW, "stop date not recorded, so not known to be outside the "
                + windowDays + "-day window: " + String.join(", ", names));
        return Optional.of(new CategoryAssessment(DRUG, CategoryStatus.INCOMPLETE, CauseRule.EX_DRUG_WINDOW,
                evidence, nextSteps, List.of(listReason(listed), window)));
    }

    /** EX-DRUG-EXCLUDED: reviewed, and no listed drug current or stopped within the window. */
    static CategoryAssessment noListedDrugInWindow(History history, List<DrugMatch> listed, Window window) {
        int windowDays = window.days();
        List<String> evidence = new ArrayList<>();
        int count = history.medications().size();
        evidence.add("medication history reviewed: " + count + (count == 1 ? " medication" : " medications")
                + ", none on the OP drug list in the last " + windowDays + " days");
        for (DrugMatch match : listed) {
            evidence.add(describe(match, windowDays));
        }
        Reason excluded = window.noListedDrug();
        List<Reason> reasons = listed.isEmpty() ? List.of(excluded) : List.of(listReason(listed), excluded);
        return new CategoryAssessment(DRUG, CategoryStatus.EXCLUDED, CauseRule.EX_DRUG_EXCLUDED, evidence, List.of(), reasons);
    }

    private static boolean inWindow(Exposure exposure) {
        return exposure == Exposure.CURRENT || exposure == Exposure.STOPPED_IN_WINDOW;
    }

    private static Reason listReason(List<DrugMatch> listed) {
        StringJoiner names = new StringJoiner(", ");
        for (DrugMatch match : listed) {
            names.add(match.medication().displayName());
        }
        return new Reason(CauseRule.EX_DRUG_LIST, "on the list of drugs reported to cause organizing pneumonia: " + names);
    }

    /** E.g. "amiodarone (current): on the OP drug list by name (BMJ-BP)". */
    static String describe(DrugMatch match, int windowDays) {
        Medication medication = match.medication();
        String when = switch (exposure(medication, windowDays)) {
            case CURRENT -> "current";
            case STOPPED_IN_WINDOW -> "stopped " + medication.stoppedDaysAgo() + " days ago";
            case STOPPED_OUTSIDE_WINDOW -> "stopped " + medication.stoppedDaysAgo() + " days ago, outside the "
                    + windowDays + "-day window";
            case STOP_DATE_UNKNOWN -> "not current, stop date not recorded";
        };
        String how = match.matchedBy() == MatchedBy.NAME
                ? "by name (" + match.drug().source() + ")"
                : "by ATC prefix " + match.drug().atcPrefix() + " (" + match.drug().name() + ", " + match.drug().source() + ")";
        return medication.displayName() + " (" + when + "): on the OP drug list " + how;
    }
}
