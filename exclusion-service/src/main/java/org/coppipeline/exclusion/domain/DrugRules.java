package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.DRUG;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

import org.coppipeline.exclusion.domain.CauseInput.History;
import org.coppipeline.exclusion.domain.CauseInput.Medication;
import org.coppipeline.exclusion.domain.OpDrugList.DrugMatch;
import org.coppipeline.exclusion.domain.OpDrugList.MatchedBy;
import org.coppipeline.exclusion.domain.OpDrugList.OpDrug;

/** Drug category, CONTRACT 4.2 (first matching line wins). */
public final class DrugRules {

    /** Where a listed medication stands against the drug window. */
    enum Exposure {
        CURRENT, STOPPED_IN_WINDOW, STOPPED_OUTSIDE_WINDOW, STOP_DATE_UNKNOWN
    }

    /**
     * The drug window of one knowledge version with the wording that depends on it alone, built once per
     * configuration (CauseExclusion keeps one) rather than once per case. v1: one window for every drug (90 days by
     * default). v2: the drug list's window_days for a drug that has one, else the default (180 days); a present
     * category also names its drugs.
     *
     * @param defaultDays    the window of a drug without one of its own
     * @param perDrug        whether the list's window_days apply (v2)
     * @param windowRule     the EX-DRUG-WINDOW meaning of the version
     * @param reviewStep     the next step while the history is not reviewed
     * @param noListedDrug   the EX-DRUG-EXCLUDED reason
     * @param presentPrefix  the EX-DRUG-WINDOW reason before the names of the drugs in the window
     * @param undatedPrefix  the EX-DRUG-WINDOW reason before the names of listed drugs without a stop date
     * @param excludedSuffix what the excluded evidence says after the count of medications
     */
    public record Window(int defaultDays, boolean perDrug, CauseRule windowRule, String reviewStep, Reason noListedDrug,
            String presentPrefix, String undatedPrefix, String excludedSuffix) {

        /** Knowledge v1: {@code days} for every drug; the list's window_days are not read. */
        public static Window of(int days) {
            return new Window(days, false, CauseRule.EX_DRUG_WINDOW,
                    "review the medication history (current and stopped within " + days + " days)",
                    new Reason(CauseRule.EX_DRUG_EXCLUDED, "no listed drug current or stopped within " + days + " days"),
                    "current or stopped within " + days + " days: ",
                    "stop date not recorded, so not known to be outside the " + days + "-day window: ",
                    ", none on the OP drug list in the last " + days + " days");
        }

        /** Knowledge v2: a drug's own window_days from {@code list} when it has one, else {@code defaultDays}. */
        public static Window perDrug(int defaultDays, OpDrugList list) {
            StringJoiner windows = new StringJoiner("; ");
            windows.add(defaultDays + " days");
            List<String> named = new ArrayList<>();
            for (OpDrug drug : list.drugs()) {
                if (drug.windowDays() != null && !named.contains(drug.name())) {
                    named.add(drug.name());
                    windows.add(drug.name() + " " + drug.windowDays() + " days");
                }
            }
            String window = "the drug's window (" + windows + ")";
            return new Window(defaultDays, true, CauseRule.EX_DRUG_WINDOW_V2,
                    "review the medication history (current, and stopped within " + windows + ")",
                    new Reason(CauseRule.EX_DRUG_EXCLUDED, "no listed drug current or stopped within " + window),
                    "current or stopped within " + window + ": ",
                    "stop date not recorded, so not known to be outside " + window + ": ",
                    ", none on the OP drug list within " + window);
        }

        /** The window, in days after stopping, within which {@code drug} still counts. */
        public int daysFor(OpDrug drug) {
            return perDrug && drug.windowDays() != null ? drug.windowDays() : defaultDays;
        }
    }

    /** The list row whose window_days EX-DRUG-AMIODARONE-WINDOW stands for. */
    static final String AMIODARONE = "amiodarone";

    private DrugRules() {
    }

    public static CategoryAssessment assess(History history, List<DrugMatch> listed, Window window) {
        return FirstMatch.of(
                () -> notReviewed(history, listed, window),
                () -> listedDrugInWindow(listed, window),
                () -> listedDrugStopDateUnknown(listed, window))
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

    /** Where a listed medication stands against its window under {@code window}. */
    static Exposure exposure(DrugMatch match, Window window) {
        return exposure(match.medication(), window.daysFor(match.drug()));
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
        List<String> evidence = new ArrayList<>();
        evidence.add("medication history not marked reviewed (medicationsReviewed is not true)");
        // Listed drugs are shown so the reviewer sees them, but an unreviewed list does not decide the status.
        for (DrugMatch match : listed) {
            evidence.add(describe(match, window) + "; counts once the history is reviewed");
        }
        return Optional.of(CategoryAssessment.decided(DRUG, CategoryStatus.NOT_ASSESSED,
                new Reason(CauseRule.EX_DRUG_NOT_ASSESSED, "medication history not reviewed"),
                evidence,
                List.of(window.reviewStep())));
    }

    /**
     * EX-DRUG-WINDOW: a listed drug taken now or stopped within its window makes drug present, naming it; under v2
     * the category also carries the knowledge-base names of those drugs.
     */
    static Optional<CategoryAssessment> listedDrugInWindow(List<DrugMatch> listed, Window window) {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<String> drugs = new ArrayList<>();
        for (DrugMatch match : listed) {
            if (inWindow(exposure(match, window))) {
                names.add(match.medication().displayName());
                evidence.add(describe(match, window));
                String drug = match.drug().name().toLowerCase(Locale.ROOT);
                if (!drugs.contains(drug)) {
                    drugs.add(drug);
                }
            }
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Reason present = new Reason(window.windowRule(), window.presentPrefix() + String.join(", ", names));
        return Optional.of(new CategoryAssessment(DRUG, CategoryStatus.PRESENT, window.windowRule(),
                evidence, List.of(), reasons(listed, window, present), window.perDrug() ? drugs : List.of()));
    }

    /**
     * EX-DRUG-WINDOW, conservative reading (a design choice of this service, not a contract line): a listed
     * drug that is not current and has no stop date cannot be placed outside the window, so the category
     * may not be excluded; it stays incomplete until the stop date is recorded.
     */
    static Optional<CategoryAssessment> listedDrugStopDateUnknown(List<DrugMatch> listed, Window window) {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<String> nextSteps = new ArrayList<>();
        for (DrugMatch match : listed) {
            if (exposure(match, window) == Exposure.STOP_DATE_UNKNOWN) {
                String name = match.medication().displayName();
                names.add(name);
                evidence.add(describe(match, window));
                nextSteps.add("record when " + name + " was stopped");
            }
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Reason undated = new Reason(window.windowRule(), window.undatedPrefix() + String.join(", ", names));
        return Optional.of(new CategoryAssessment(DRUG, CategoryStatus.INCOMPLETE, window.windowRule(),
                evidence, nextSteps, reasons(listed, window, undated)));
    }

    /** EX-DRUG-EXCLUDED: reviewed, and no listed drug current or stopped within its window. */
    static CategoryAssessment noListedDrugInWindow(History history, List<DrugMatch> listed, Window window) {
        List<String> evidence = new ArrayList<>();
        int count = history.medications().size();
        evidence.add("medication history reviewed: " + count + (count == 1 ? " medication" : " medications")
                + window.excludedSuffix());
        for (DrugMatch match : listed) {
            evidence.add(describe(match, window));
        }
        Reason excluded = window.noListedDrug();
        List<Reason> reasons = listed.isEmpty() ? List.of(excluded) : reasons(listed, window, excluded);
        return new CategoryAssessment(DRUG, CategoryStatus.EXCLUDED, CauseRule.EX_DRUG_EXCLUDED, evidence, List.of(), reasons);
    }

    /** EX-DRUG-LIST, then EX-DRUG-AMIODARONE-WINDOW when it was applied, then the deciding line. */
    private static List<Reason> reasons(List<DrugMatch> listed, Window window, Reason deciding) {
        Optional<Reason> amiodarone = amiodaroneWindow(listed, window);
        return amiodarone.isPresent() ? List.of(listReason(listed), amiodarone.get(), deciding)
                : List.of(listReason(listed), deciding);
    }

    /**
     * EX-DRUG-AMIODARONE-WINDOW (v2): a stopped amiodarone is judged against the list's longer window for it, because
     * the drug persists in lung tissue for months. Fires when that window was applied: amiodarone listed, not current,
     * stop date recorded.
     */
    static Optional<Reason> amiodaroneWindow(List<DrugMatch> listed, Window window) {
        if (!window.perDrug()) {
            return Optional.empty();
        }
        for (DrugMatch match : listed) {
            OpDrug drug = match.drug();
            Medication medication = match.medication();
            if (drug.name().equalsIgnoreCase(AMIODARONE) && drug.windowDays() != null && !medication.current()
                    && medication.stoppedDaysAgo() != null) {
                return Optional.of(new Reason(CauseRule.EX_DRUG_AMIODARONE_WINDOW, "amiodarone counts for "
                        + drug.windowDays() + " days after stopping (it persists in lung tissue for months): "
                        + medication.displayName() + " stopped " + medication.stoppedDaysAgo() + " days ago"));
            }
        }
        return Optional.empty();
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
    static String describe(DrugMatch match, Window window) {
        Medication medication = match.medication();
        int windowDays = window.daysFor(match.drug());
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
