package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.CauseCategory.CONNECTIVE_TISSUE_DISEASE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.coppipeline.exclusion.domain.CauseInput.History;

/** Connective-tissue-disease category, CONTRACT 4.2 (first matching line wins). */
public final class ConnectiveTissueRules {

    static final String PANEL = "autoimmunePanel";

    // Lines that depend on the panel value alone are built once.
    private static final Reason POSITIVE_PANEL = new Reason(CauseRule.EX_CTD_SEROLOGY, PANEL + " positive");
    private static final CategoryAssessment PENDING_PANEL = CategoryAssessment.decided(CONNECTIVE_TISSUE_DISEASE,
            CategoryStatus.INCOMPLETE, new Reason(CauseRule.EX_CTD_INCOMPLETE, PANEL + " pending"),
            List.of(PANEL + " pending"), List.of(PANEL + " (result pending)"));
    private static final CategoryAssessment NEGATIVE_PANEL_AND_REVIEWED = CategoryAssessment.decided(
            CONNECTIVE_TISSUE_DISEASE, CategoryStatus.EXCLUDED,
            new Reason(CauseRule.EX_CTD_EXCLUDED, PANEL + " negative and conditions reviewed"),
            List.of(PANEL + " negative", "conditions reviewed: no connective tissue disease"), List.of());

    private ConnectiveTissueRules() {
    }

    public static CategoryAssessment assess(History history, TestResult panel) {
        return FirstMatch.of(
                () -> conditionOrPositivePanel(history, panel),
                () -> pendingPanel(panel),
                () -> negativePanelAndReviewed(history, panel))
                .orElseGet(() -> notAssessed(history, panel));
    }

    /** Contract line "a CTD condition or autoimmunePanel positive -> present": either rule, or both, may fire. */
    static Optional<CategoryAssessment> conditionOrPositivePanel(History history, TestResult panel) {
        Optional<Reason> condition = ctdCondition(history);
        Optional<Reason> serology = positivePanel(panel);
        if (condition.isEmpty() && serology.isEmpty()) {
            return Optional.empty();
        }
        List<Reason> fired = new ArrayList<>(2);
        List<String> evidence = new ArrayList<>(2);
        for (Optional<Reason> reason : List.of(condition, serology)) {
            if (reason.isPresent()) {
                fired.add(reason.get());
                evidence.add(reason.get().text());
            }
        }
        return Optional.of(new CategoryAssessment(CONNECTIVE_TISSUE_DISEASE, CategoryStatus.PRESENT, fired.get(0).rule(),
                evidence, List.of(), fired));
    }

    /** EX-CTD-CONDITION: a connective tissue disease in the history. */
    static Optional<Reason> ctdCondition(History history) {
        List<Condition> ctd = history.conditionsOf(CONNECTIVE_TISSUE_DISEASE);
        if (ctd.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reason(CauseRule.EX_CTD_CONDITION,
                "condition: " + String.join(", ", ctd.stream().map(Condition::code).toList())));
    }

    /** EX-CTD-SEROLOGY: a positive autoimmune panel. */
    static Optional<Reason> positivePanel(TestResult panel) {
        return panel == TestResult.POSITIVE ? Optional.of(POSITIVE_PANEL) : Optional.empty();
    }

    /** EX-CTD-INCOMPLETE: a pending panel cannot exclude the category. */
    static Optional<CategoryAssessment> pendingPanel(TestResult panel) {
        return panel == TestResult.PENDING ? Optional.of(PENDING_PANEL) : Optional.empty();
    }

    /** EX-CTD-EXCLUDED: negative panel and a reviewed condition history (provisional: seronegative CTD exists). */
    static Optional<CategoryAssessment> negativePanelAndReviewed(History history, TestResult panel) {
        if (panel != TestResult.NEGATIVE || !history.conditionsReviewed()) {
            return Optional.empty();
        }
        return Optional.of(NEGATIVE_PANEL_AND_REVIEWED);
    }

    /** EX-CTD-NOT-ASSESSED: without serology and a reviewed history the category stays open. */
    static CategoryAssessment notAssessed(History history, TestResult panel) {
        List<String> evidence = new ArrayList<>();
        List<String> nextSteps = new ArrayList<>();
        if (panel == null) {
            evidence.add(PANEL + " not done");
            nextSteps.add(PANEL);
        } else {
            evidence.add(PANEL + " " + panel.code());
        }
        if (!history.conditionsReviewed()) {
            evidence.add("conditions not marked reviewed (conditionsReviewed is not true)");
            nextSteps.add("review the conditions history");
        }
        return CategoryAssessment.decided(CONNECTIVE_TISSUE_DISEASE, CategoryStatus.NOT_ASSESSED,
                new Reason(CauseRule.EX_CTD_NOT_ASSESSED, String.join("; ", evidence)), evidence, nextSteps);
    }
}
