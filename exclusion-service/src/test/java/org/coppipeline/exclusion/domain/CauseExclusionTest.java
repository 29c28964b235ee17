package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.current;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class CauseExclusionTest {

    private static List<String> ruleIds(List<Reason> reasons) {
        return reasons.stream().map(r -> r.rule().id()).toList();
    }

    @Test
    void reasonsListEveryRuleThatFiredInOrder() {
        var a = workedUp().medications(current("amiodarone")).assess();
        assertEquals(List.of("EX-INF-EXCLUDED", "EX-DRUG-LIST", "EX-DRUG-WINDOW", "EX-RT-EXCLUDED", "EX-CTD-EXCLUDED",
                "EX-HEME-EXCLUDED", "EX-IBD-EXCLUDED", "EX-TRANSPLANT-EXCLUDED", "EX-ASPIRATION-EXCLUDED",
                "OP-PROBABLE-CT", "CX-SECONDARY"), ruleIds(a.reasons()));
    }

    @Test
    void everyCounterIndicatorFiresAndNamesItsAlternative() {
        var a = workedUp().histology(HistologyPattern.OTHER).antibioticResponse(AntibioticResponse.RESOLVED)
                .balEosinophils(30.0).ct(true, CtFinding.HONEYCOMBING, CtFinding.MASS, CtFinding.CAVITATION).assess();
        assertEquals(List.of("OP-UNLIKELY-HISTOLOGY", "OP-UNLIKELY-ABX", "OP-UNLIKELY-BAL-EOS", "OP-UNLIKELY-HONEYCOMB",
                "OP-UNLIKELY-MASS", "OP-UNLIKELY-CAVITATION", "CX-OP-UNLIKELY"),
                ruleIds(a.reasons()).stream().filter(id -> !id.startsWith("EX-")).toList());
        assertEquals(List.of(
                new AlternativeDiagnosis("the disease of the other histological pattern reported",
                        "histology shows another pattern", CauseRule.OP_UNLIKELY_HISTOLOGY),
                new AlternativeDiagnosis("infectious pneumonia", "resolved on antibiotics", CauseRule.OP_UNLIKELY_ABX),
                new AlternativeDiagnosis("chronic eosinophilic pneumonia", "BAL eosinophils 30% (> 25%)",
                        CauseRule.OP_UNLIKELY_BAL_EOS),
                new AlternativeDiagnosis("fibrotic interstitial lung disease", "CT honeycombing", CauseRule.OP_UNLIKELY_HONEYCOMB),
                new AlternativeDiagnosis("malignancy", "CT mass", CauseRule.OP_UNLIKELY_MASS),
                new AlternativeDiagnosis("lung abscess, mycobacterial or fungal infection, or tumour", "CT cavitation",
                        CauseRule.OP_UNLIKELY_CAVITATION)),
                a.alternativeDiagnoses());
        assertEquals(CauseRule.OP_UNLIKELY_HISTOLOGY, a.opEvidence().reason().rule());
    }

    @Test
    void noCounterIndicatorNoAlternative() {
        assertEquals(List.of(), workedUp().assess().alternativeDiagnoses());
        assertEquals(List.of(), Cases.nothingKnown().assess().alternativeDiagnoses());
    }

    @Test
    void workupIncompleteEndsWithTheInvariant() {
        var a = workedUp().microbiology().assess();
        List<String> ids = ruleIds(a.reasons());
        assertEquals(List.of("OP-PROBABLE-CT", "CX-WORKUP-INCOMPLETE", "CX-NEVER-COP-UNEXCLUDED"), ids.subList(ids.size() - 3, ids.size()));
    }

    @Test
    void nothingKnownIsAllNotAssessedAndUnlikelyWithASuspicionWarning() {
        var a = Cases.nothingKnown().assess();
        for (CategoryAssessment c : a.categories().all()) {
            assertEquals(CategoryStatus.NOT_ASSESSED, c.status(), c.category().code());
        }
        assertEquals(Conclusion.OP_UNLIKELY, a.conclusion().conclusion());
        assertEquals(List.of("suspicion-unknown"), a.warnings().stream().map(Warning::code).toList());
    }

    @Test
    void categoriesComeInTheContractOrder() {
        assertEquals(List.of(CauseCategory.values()), workedUp().assess().categories().all().stream()
                .map(CategoryAssessment::category).toList());
    }

    @Test
    void keepsItsThresholdsAndRefusesMissingCollaborators() {
        var thresholds = new ExclusionThresholds(1, 2, 3);
        assertSame(thresholds, new CauseExclusion(Cases.DRUG_LIST, thresholds).thresholds());
        assertThrows(NullPointerException.class, () -> new CauseExclusion(null, thresholds));
        assertThrows(NullPointerException.class, () -> new CauseExclusion(Cases.DRUG_LIST, null));
    }

    @Test
    void theVersionIsV1UnlessNamedAndTheResultSaysWhichProducedIt() {
        var thresholds = ExclusionThresholds.defaults();
        assertEquals(KnowledgeVersion.V1, new CauseExclusion(Cases.DRUG_LIST, thresholds).version());
        assertEquals(KnowledgeVersion.V1, workedUp().assess().knowledgeVersion());
        var v2 = new CauseExclusion(Cases.DRUG_LIST, ExclusionThresholds.defaults(KnowledgeVersion.V2), KnowledgeVersion.V2);
        assertEquals(KnowledgeVersion.V2, v2.version());
        assertEquals(KnowledgeVersion.V2, v2.assess(workedUp().build()).knowledgeVersion());
        assertThrows(NullPointerException.class, () -> new CauseExclusion(Cases.DRUG_LIST, thresholds, null));
    }
}
