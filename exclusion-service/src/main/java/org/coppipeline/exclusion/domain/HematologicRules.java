package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.HEMATOLOGIC_MALIGNANCY;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.coppipeline.exclusion.domain.CauseInput.Bal;
import org.coppipeline.exclusion.domain.CauseInput.History;

/** Hematologic-malignancy category, CONTRACT 4.2 (first matching line wins). */
public final class HematologicRules {

    static final String BLOOD_COUNT = "bloodCount";

    // Lines that depend on the blood count or the lavage flag alone are built once.
    private static final Reason MALIGNANT_CELLS = new Reason(CauseRule.EX_HEME_BAL_MALIGNANT, "malignant cells in the BAL");
    private static final CategoryAssessment ABNORMAL_COUNT = bloodCountIncomplete(BloodCount.ABNORMAL,
            "work-up of the abnormal " + BLOOD_COUNT + " (blood smear, flow cytometry, LDH)");
    private static final CategoryAssessment PENDING_COUNT = bloodCountIncomplete(BloodCount.PENDING,
            BLOOD_COUNT + " (result pending)");
    private static final CategoryAssessment NORMAL_COUNT_AND_REVIEWED = CategoryAssessment.decided(
            HEMATOLOGIC_MALIGNANCY, CategoryStatus.EXCLUDED,
            new Reason(CauseRule.EX_HEME_EXCLUDED, BLOOD_COUNT + " normal and conditions reviewed"),
            List.of(BLOOD_COUNT + " normal", "conditions reviewed: no hematologic malignancy"), List.of());

    private HematologicRules() {
    }

    public static CategoryAssessment assess(History history, Bal bal, BloodCount bloodCount) {
        return FirstMatch.of(
                () -> conditionOrMalignantCells(history, bal),
                () -> bloodCountNotNormal(bloodCount),
                () -> normalCountAndReviewed(history, bloodCount))
                .orElseGet(() -> notAssessed(history, bloodCount));
    }

    /** Contract line "MDS, leukemia or lymphoma, or BAL malignantCells -> present": either rule, or both, may fire. */
    static Optional<CategoryAssessment> conditionOrMalignantCells(History history, Bal bal) {
        Optional<Reason> condition = hematologicCondition(history);
        Optional<Reason> malignantCells = malignantCellsInBal(bal);
        if (condition.isEmpty() && malignantCells.isEmpty()) {
            return Optional.empty();
        }
        List<Reason> fired = new ArrayList<>(2);
        List<String> evidence = new ArrayList<>(2);
        for (Optional<Reason> reason : List.of(condition, malignantCells)) {
            if (reason.isPresent()) {
                fired.add(reason.get());
                evidence.add(reason.get().text());
            }
        }
        return Optional.of(new CategoryAssessment(HEMATOLOGIC_MALIGNANCY, CategoryStatus.PRESENT, fired.get(0).rule(),
                evidence, List.of(), fired));
    }

    /** EX-HEME-CONDITION: myelodysplastic syndrome, leukemia or lymphoma in the history. */
    static Optional<Reason> hematologicCondition(History history) {
        List<Condition> heme = history.conditionsOf(HEMATOLOGIC_MALIGNANCY);
        if (heme.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reason(CauseRule.EX_HEME_CONDITION,
                "condition: " + String.join(", ", heme.stream().map(Condition::code).toList())));
    }

    /** EX-HEME-BAL-MALIGNANT: malignant cells in the lavage (they may also come from a solid tumour). */
    static Optional<Reason> malignantCellsInBal(Bal bal) {
        return bal.malignantCells() ? Optional.of(MALIGNANT_CELLS) : Optional.empty();
    }

    /** EX-HEME-INCOMPLETE: an abnormal or pending blood count leaves the category open. */
    static Optional<CategoryAssessment> bloodCountNotNormal(BloodCount bloodCount) {
        if (bloodCount == BloodCount.ABNORMAL) {
            return Optional.of(ABNORMAL_COUNT);
        } else if (bloodCount == BloodCount.PENDING) {
            return Optional.of(PENDING_COUNT);
        }
        return Optional.empty();
    }

    private static CategoryAssessment bloodCountIncomplete(BloodCount bloodCount, String nextStep) {
        String seen = BLOOD_COUNT + " " + bloodCount.code();
        return CategoryAssessment.decided(HEMATOLOGIC_MALIGNANCY, CategoryStatus.INCOMPLETE,
                new Reason(CauseRule.EX_HEME_INCOMPLETE, seen), List.of(seen), List.of(nextStep));
    }

    /** EX-HEME-EXCLUDED: normal blood count and reviewed history (does not rule out a localized lymphoma). */
    static Optional<CategoryAssessment> normalCountAndReviewed(History history, BloodCount bloodCount) {
        if (bloodCount != BloodCount.NORMAL || !history.conditionsReviewed()) {
            return Optional.empty();
        }
        return Optional.of(NORMAL_COUNT_AND_REVIEWED);
    }

    /** EX-HEME-NOT-ASSESSED: without a blood count and a reviewed history the category stays open. */
    static CategoryAssessment notAssessed(History history, BloodCount bloodCount) {
        List<String> evidence = new ArrayList<>();
        List<String> nextSteps = new ArrayList<>();
        if (bloodCount == null) {
            evidence.add(BLOOD_COUNT + " not done");
            nextSteps.add(BLOOD_COUNT);
        } else {
            evidence.add(BLOOD_COUNT + " " + bloodCount.code());
        }
        if (!history.conditionsReviewed()) {
            evidence.add("conditions not marked reviewed (conditionsReviewed is not true)");
            nextSteps.add("review the conditions history");
        }
        return CategoryAssessment.decided(HEMATOLOGIC_MALIGNANCY, CategoryStatus.NOT_ASSESSED,
                new Reason(CauseRule.EX_HEME_NOT_ASSESSED, String.join("; ", evidence)), evidence, nextSteps);
    }
}
