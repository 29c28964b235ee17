package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.coppipeline.exclusion.domain.OpDrugList.DrugMatch;

/**
 * The exclusion stage's rule core (CONTRACT 4.2): eight cause categories, the evidence of organizing
 * pneumonia, and the conclusion. A pure function of its input: the same input always gives the same result.
 */
public final class CauseExclusion {

    /** The knowledge base these rules encode; the title of cop-knowledge.md says v1. */
    public static final String KNOWLEDGE_VERSION = "cop-knowledge-v1";

    private final OpDrugList drugList;
    private final ExclusionThresholds thresholds;
    private final DrugRules.Window drugWindow;
    private final RadiationRules.Window radiotherapyWindow;

    public CauseExclusion(OpDrugList drugList, ExclusionThresholds thresholds) {
        this.drugList = Objects.requireNonNull(drugList, "drugList");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.drugWindow = DrugRules.Window.of(thresholds.drugWindowDays());
        this.radiotherapyWindow = RadiationRules.Window.of(thresholds.radiotherapyWindowDays());
    }

    public CauseAssessment assess(CauseInput input) {
        var history = input.history();
        var tests = input.tests();
        List<DrugMatch> listed = DrugRules.listedMedications(history.medications(), drugList);

        var categories = new CategoryAssessments(List.of(
                InfectionRules.assess(tests.microbiology()),
                DrugRules.assess(history, listed, drugWindow),
                RadiationRules.assess(history, radiotherapyWindow),
                ConnectiveTissueRules.assess(history, tests.autoimmunePanel()),
                HematologicRules.assess(history, input.bal(), tests.bloodCount()),
                ReviewedHistoryRules.assessInflammatoryBowelDisease(history),
                ReviewedHistoryRules.assessTransplant(history),
                ReviewedHistoryRules.assessAspirationExposure(history)));

        List<CounterIndicator> counterIndicators = OpEvidenceRules.counterIndicators(input, thresholds);
        OpAssessment op = OpEvidenceRules.assess(input, counterIndicators);
        ConclusionAssessment conclusion = ConclusionRules.conclude(op, categories);

        List<Reason> reasons = new ArrayList<>(16);
        for (CategoryAssessment category : categories.inOrder()) {
            List<Reason> categoryReasons = category.reasons();
            for (int i = 0; i < categoryReasons.size(); i++) { // indexed: no iterator per category
                reasons.add(categoryReasons.get(i));
            }
        }
        List<AlternativeDiagnosis> alternatives = new ArrayList<>(counterIndicators.size());
        if (counterIndicators.isEmpty()) {
            reasons.add(op.reason());
        } else {
            // The first counter-indicator decided the ladder; the others fired too and each names an alternative.
            for (CounterIndicator indicator : counterIndicators) {
                reasons.add(indicator.reason());
                alternatives.add(AlternativeDiagnosis.from(indicator));
            }
        }
        reasons.addAll(conclusion.reasons());

        return new CauseAssessment(categories, op, conclusion, alternatives, reasons, InputWarnings.check(input, listed));
    }

    public ExclusionThresholds thresholds() {
        return thresholds;
    }
}
