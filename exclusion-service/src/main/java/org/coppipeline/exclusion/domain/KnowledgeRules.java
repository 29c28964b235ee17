package org.coppipeline.exclusion.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What one knowledge version makes of the shared rule core: its thresholds, the drug-list rows and drug window it
 * reads, whether it looks at the host's defences, its minimum infection panel and its evidence-of-OP ladder.
 * Everything else (the other categories, the conclusion) is the same in every version. CONTRACT section 9 lists
 * exactly what v2 changes; the factories below are that list.
 *
 * @param immunocompromised why the patient is immunocompromised, empty when not or when the version does not ask
 * @param infectionPanel    the minimum negative set of EX-INF-EXCLUDED, given the answer above
 * @param opLadder          the evidence-of-OP ladder, given the answer above
 */
public record KnowledgeRules(
        KnowledgeVersion version,
        ExclusionThresholds thresholds,
        OpDrugList drugList,
        DrugRules.Window drugWindow,
        RadiationRules.Window radiotherapyWindow,
        Function<CauseInput, Optional<String>> immunocompromised,
        Function<Optional<String>, InfectionRules.Panel> infectionPanel,
        BiFunction<CauseInput, Optional<String>, OpFindings> opLadder) {

    public KnowledgeRules {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(drugList, "drugList");
        Objects.requireNonNull(drugWindow, "drugWindow");
        Objects.requireNonNull(radiotherapyWindow, "radiotherapyWindow");
        Objects.requireNonNull(immunocompromised, "immunocompromised");
        Objects.requireNonNull(infectionPanel, "infectionPanel");
        Objects.requireNonNull(opLadder, "opLadder");
    }

    public static KnowledgeRules of(KnowledgeVersion version, OpDrugList drugList, ExclusionThresholds thresholds) {
        return switch (version) {
            case V1 -> v1(drugList, thresholds);
            case V2 -> v2(drugList, thresholds);
        };
    }

    /**
     * v1 (CONTRACT 4.2): the drug list as v1 knew it with one window for every drug, the three-test infection panel,
     * the ladder whose "unlikely" lines come first; the host's defences are not read.
     */
    public static KnowledgeRules v1(OpDrugList drugList, ExclusionThresholds thresholds) {
        OpDrugList rows = drugList.v1Rows();
        return new KnowledgeRules(KnowledgeVersion.V1, thresholds, rows, DrugRules.Window.of(thresholds.drugWindowDays()),
                RadiationRules.Window.of(thresholds.radiotherapyWindowDays()),
                input -> Optional.empty(),
                immunocompromised -> InfectionRules.Panel.V1,
                (input, immunocompromised) -> OpEvidenceRules.ladderV1(input, thresholds));
    }

    /**
     * v2 (CONTRACT section 9): the whole drug list with each drug's own window (EX-DRUG-WINDOW, EX-DRUG-AMIODARONE-WINDOW),
     * the wider infection panel that asks more of an immunocompromised patient (EX-INF-EXCLUDED), and the v2 ladder
     * (OP-HISTOLOGY-SMALL-BIOPSY, OP-CT-ATYPICAL-NOT-AGAINST, OP-REVERSED-HALO-IMMUNOCOMPROMISED, OP-ALT-MALIGNANCY).
     */
    public static KnowledgeRules v2(OpDrugList drugList, ExclusionThresholds thresholds) {
        return new KnowledgeRules(KnowledgeVersion.V2, thresholds, drugList,
                DrugRules.Window.perDrug(thresholds.drugWindowDays(), drugList),
                RadiationRules.Window.of(thresholds.radiotherapyWindowDays()),
                input -> Immunocompromised.why(input, thresholds.immunocompromisedPrednisoneMgPerDay()),
                InfectionRules.Panel::v2,
                (input, immunocompromised) -> OpEvidenceRules.ladderV2(input, thresholds, immunocompromised));
    }
}
