package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the exclusion rules read from a case record. A {@code null} scalar means unknown (absent in the
 * record), which is never the same as a negative finding; absent groups are normalised to their
 * "nothing known" value so that the rules never meet a null group.
 *
 * @param tests              microbiology, autoimmune panel and blood count
 * @param history            medication, radiotherapy, condition and exposure history with their review flags
 * @param ct                 chest CT; absent means no CT known to have been performed
 * @param bal                bronchoalveolar lavage findings
 * @param histology          histology pattern, {@code null} when there is no histology
 * @param antibioticResponse response to antibiotic courses, {@code null} when unknown
 * @param suspicion          the symptom stage's suspicion band, {@code null} when unknown
 * @param histologyMethod    how the histology sample was taken, {@code null} when unknown (read by v2 only)
 * @param host               what makes the patient immunocompromised (read by v2 only)
 */
public record CauseInput(
        Tests tests,
        History history,
        ChestCt ct,
        Bal bal,
        HistologyPattern histology,
        AntibioticResponse antibioticResponse,
        Suspicion suspicion,
        BiopsyMethod histologyMethod,
        Host host) {

    public CauseInput {
        tests = tests == null ? Tests.NOTHING_KNOWN : tests;
        history = history == null ? History.NOTHING_REVIEWED : history;
        ct = ct == null ? ChestCt.NOT_PERFORMED : ct;
        bal = bal == null ? Bal.NOT_PERFORMED : bal;
        host = host == null ? Host.NOTHING_KNOWN : host;
    }

    /** The fields v1 reads; the v1.2 additions (biopsy method, host) unknown. */
    public CauseInput(Tests tests, History history, ChestCt ct, Bal bal, HistologyPattern histology,
            AntibioticResponse antibioticResponse, Suspicion suspicion) {
        this(tests, history, ct, bal, histology, antibioticResponse, suspicion, null, null);
    }

    /**
     * patient.immunocompromised and treatmentHistory.currentPrednisoneMgPerDay, {@code null} when unknown; the
     * conditions that also count (transplants, hematologic malignancies) are read from the history.
     */
    public record Host(Boolean reportedImmunocompromised, Double currentPrednisoneMgPerDay) {
        public static final Host NOTHING_KNOWN = new Host(null, null);
    }

    /** tests: microbiology results (empty when none), autoimmune panel and blood count ({@code null} = unknown). */
    public record Tests(List<MicrobiologyResult> microbiology, TestResult autoimmunePanel, BloodCount bloodCount) {
        public static final Tests NOTHING_KNOWN = new Tests(List.of(), null, null);

        public Tests {
            microbiology = microbiology == null ? List.of() : List.copyOf(microbiology);
        }
    }

    /** One microbiology result; the organism is free text and optional. */
    public record MicrobiologyResult(MicrobiologyTest test, TestResult result, String organism) {
        public MicrobiologyResult {
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * history. A category counts as reviewed only when its flag is {@code true}; an absent flag is
     * carried here as {@code false}, because the rules treat "not true" the same whatever the reason.
     */
    public record History(
            boolean medicationsReviewed,
            List<Medication> medications,
            boolean radiotherapyReviewed,
            List<Radiotherapy> radiotherapy,
            boolean conditionsReviewed,
            boolean exposuresReviewed,
            List<Condition> conditions) {

        public static final History NOTHING_REVIEWED =
                new History(false, List.of(), false, List.of(), false, false, List.of());

        public History {
            medications = medications == null ? List.of() : List.copyOf(medications);
            radiotherapy = radiotherapy == null ? List.of() : List.copyOf(radiotherapy);
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }

        public boolean hasCondition(Condition condition) {
            return conditions.contains(condition);
        }

        public List<Condition> conditionsOf(CauseCategory category) {
            List<Condition> matching = new ArrayList<>(conditions.size());
            for (Condition condition : conditions) {
                if (condition.category().orElse(null) == category) {
                    matching.add(condition);
                }
            }
            return matching.isEmpty() ? List.of() : List.copyOf(matching);
        }
    }

    /** A medication; start and stop are in days before the event, {@code null} when not recorded. */
    public record Medication(String name, String atcCode, boolean current, Integer startedDaysAgo, Integer stoppedDaysAgo) {
        public Medication {
            Objects.requireNonNull(name, "name");
        }

        /** The name as a reader wants to see it: trimmed of the whitespace the source system may leave. */
        public String displayName() {
            return name.strip();
        }
    }

    /** A finished radiotherapy course. */
    public record Radiotherapy(RadiotherapySite site, int endedDaysAgo) {
        public Radiotherapy {
            Objects.requireNonNull(site, "site");
        }
    }

    /** imaging.ct: findings only count as "CT performed" evidence when {@code performed} is true. */
    public record ChestCt(boolean performed, List<CtFinding> findings) {
        public static final ChestCt NOT_PERFORMED = new ChestCt(false, List.of());

        public ChestCt {
            findings = findings == null ? List.of() : List.copyOf(findings);
        }

        public boolean shows(CtFinding finding) {
            return findings.contains(finding);
        }
    }

    /** bal: eosinophil percentage ({@code null} = unknown) and whether malignant cells were seen. */
    public record Bal(Double eosinophilPercent, boolean malignantCells) {
        public static final Bal NOT_PERFORMED = new Bal(null, false);
    }
}
