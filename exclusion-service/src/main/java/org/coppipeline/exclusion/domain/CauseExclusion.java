package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.coppipeline.exclusion.domain.OpDrugList.DrugMatch;

/**
 * The exclusion stage's rule core (CONTRACT 4.2, and section 9 for knowledge v2): eight cause categories, the
 * evidence of organizing pneumonia, and the conclusion, under one knowledge version ({@link KnowledgeRules}).
 * A pure function of its input: the same input always gives the same result.
 */
public final class CauseExclusion {

    private final KnowledgeRules rules;

    /** Knowledge v1. */
    public CauseExclusion(OpDrugList drugList, ExclusionThresholds thresholds) {
        this(drugList, thresholds, KnowledgeVersion.V1);
    }

    public CauseExclusion(OpDrugList drugList, ExclusionThresholds thresholds, KnowledgeVersion version) {
        this(KnowledgeRules.of(Objects.requireNonNull(version, "version"), Objects.requireNonNull(drugList, "drugList"),
                Objects.requireNonNull(thresholds, "thresholds")));
    }

    public CauseExclusion(KnowledgeRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public CauseAssessment assess(CauseInput input) {
        var history = input.history();
        var tests = input.tests();
        List<DrugMatch> listed = DrugRules.listedMedications(history.medications(), rules.drugList());
        Optional<String> immunocompromised = rules.immunocompromised().apply(input);

        var categories = new CategoryAssessments(List.of(
                InfectionRules.assess(tests.microbiology(), rules.infectionPanel().apply(immunocompromised)),
                DrugRules.assess(history, listed, rules.drugWindow()),
                RadiationRules.assess(history, rules.radiotherapyWindow()),
                ConnectiveTissueRules.assess(history, tests.autoimmunePanel()),
                HematologicRules.assess(history, input.bal(), tests.bloodCount()),
                ReviewedHistoryRules.assessInflammatoryBowelDisease(history),
                ReviewedHistoryRules.assessTransplant(history),
                ReviewedHistoryRules.assessAspirationExposure(history)));

        OpFindings op = rules.opLadder().apply(input, immunocompromised);
        ConclusionAssessment conclusion = ConclusionRules.conclude(op.assessment(), categories);

        List<Reason> reasons = new ArrayList<>(16);
        for (CategoryAssessment category : categories.inOrder()) {
            List<Reason> categoryReasons = category.reasons();
            for (int i = 0; i < categoryReasons.size(); i++) { // indexed: no iterator per category
                reasons.add(categoryReasons.get(i));
            }
        }
        reasons.addAll(op.reasons());
        reasons.addAll(conclusion.reasons());

        // The ladder's clinical warnings first, then the input's oddities.
        List<Warning> warnings = new ArrayList<>(op.warnings());
        warnings.addAll(InputWarnings.check(input, listed, rules.version()));
        return new CauseAssessment(categories, op.assessment(), conclusion, op.alternatives(), reasons, warnings,
                rules.version());
    }

    public ExclusionThresholds thresholds() {
        return rules.thresholds();
    }

    public KnowledgeVersion version() {
        return rules.version();
    }
}
