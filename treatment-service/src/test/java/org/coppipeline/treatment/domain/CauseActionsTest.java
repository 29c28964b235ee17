package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** TX-CAUSE-ACTIONS (knowledge v2): one action per present cause category. */
class CauseActionsTest {

    private static CauseAssessment with(Conclusion conclusion, Map<CauseCategory, CategoryFinding> changed) {
        Map<CauseCategory, CategoryFinding> categories = Fixtures.allExcluded();
        categories.putAll(changed);
        return new CauseAssessment(conclusion, Optional.of(OpEvidence.PROBABLE), categories);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "INFECTION, treat the infection",
            "RADIATION, 'no removable cause (radiation): follow the plan'",
            "CONNECTIVE_TISSUE_DISEASE, refer to rheumatology",
            "HEMATOLOGIC_MALIGNANCY, refer to haematology",
            "INFLAMMATORY_BOWEL_DISEASE, refer to gastroenterology",
            "TRANSPLANT, refer to the transplant team",
            "ASPIRATION_EXPOSURE, stop the exposure" })
    void eachCategoryHasItsAction(CauseCategory category, String action) {
        CauseAssessment causes = with(Conclusion.SECONDARY_OP, Map.of(category, new CategoryFinding(CategoryStatus.PRESENT,
                List.of("named by the exclusion service"))));
        assertEquals(List.of(new CauseAction(category, action, Knowledge.TX_CAUSE_ACTIONS)), CauseActions.forPresent(causes));
    }

    @Test
    void theDrugIsNamedFromTheDrugsTheExclusionServiceWrote() {
        CategoryFinding amiodarone = new CategoryFinding(CategoryStatus.PRESENT, List.of("Cordarone (current)"), List.of("amiodarone"));
        assertEquals("withdraw amiodarone and avoid re-exposure", CauseActions.drug(amiodarone).action());
        CategoryFinding two = new CategoryFinding(CategoryStatus.PRESENT, List.of(), List.of("amiodarone", "nitrofurantoin"));
        assertEquals("withdraw amiodarone and nitrofurantoin and avoid re-exposure", CauseActions.drug(two).action());
        CategoryFinding three = new CategoryFinding(CategoryStatus.PRESENT, List.of(), List.of("methotrexate", "amiodarone", "bleomycin"));
        assertEquals("withdraw methotrexate, amiodarone and bleomycin and avoid re-exposure", CauseActions.drug(three).action());
    }

    @Test
    void withoutDrugNamesTheWordingIsGenericNeverAGuessFromTheEvidence() {
        CategoryFinding unnamed = new CategoryFinding(CategoryStatus.PRESENT, List.of("Amiodarone (current): listed"));
        CauseAction action = CauseActions.drug(unnamed);
        assertEquals("withdraw and avoid the drug the cause assessment links to organizing pneumonia (see its evidence)",
                action.action());
        assertTrue(!action.action().toLowerCase().contains("amiodarone"));
        assertEquals(Knowledge.TX_CAUSE_ACTIONS, action.source());
    }

    @Test
    void onePerPresentCategoryInContractOrderAndNoneForTheOthers() {
        Map<CauseCategory, CategoryFinding> changed = new EnumMap<>(CauseCategory.class);
        changed.put(CauseCategory.ASPIRATION_EXPOSURE, CategoryFinding.of(CategoryStatus.PRESENT));
        changed.put(CauseCategory.DRUG, new CategoryFinding(CategoryStatus.PRESENT, List.of(), List.of("amiodarone")));
        changed.put(CauseCategory.INFECTION, CategoryFinding.of(CategoryStatus.INCOMPLETE));
        changed.put(CauseCategory.TRANSPLANT, CategoryFinding.of(CategoryStatus.NOT_ASSESSED));
        List<CauseAction> actions = CauseActions.forPresent(with(Conclusion.SECONDARY_OP, changed));
        assertEquals(List.of(CauseCategory.DRUG, CauseCategory.ASPIRATION_EXPOSURE), actions.stream().map(CauseAction::category).toList());
    }

    @Test
    void noPresentCategoryNoAction() {
        assertEquals(List.of(), CauseActions.forPresent(Fixtures.copConfirmed()));
    }

    /** Whatever the conclusion and the recommendation: a suspected OP on amiodarone is told to withdraw it. */
    @ParameterizedTest
    @EnumSource(Conclusion.class)
    void plansOfEveryConclusionCarryThemInV2AndNeverInV1(Conclusion conclusion) {
        CauseAssessment causes = with(conclusion, Map.of(CauseCategory.DRUG,
                new CategoryFinding(CategoryStatus.PRESENT, List.of(), List.of("amiodarone"))));
        for (ClinicalFindings findings : List.of(Fixtures.mild(), Fixtures.moderate(), Fixtures.severe())) {
            TreatmentPlan v2 = Fixtures.plan(causes, findings, KnowledgeVersion.V2);
            assertEquals(List.of(new CauseAction(CauseCategory.DRUG, "withdraw amiodarone and avoid re-exposure",
                    Knowledge.TX_CAUSE_ACTIONS)), v2.causeActions().orElseThrow(), v2.recommendation().code());
            assertTrue(v2.reasons().stream().anyMatch(r -> r.source().equals(Knowledge.TX_CAUSE_ACTIONS)
                    && r.text().equals("drug present: withdraw amiodarone and avoid re-exposure")));
            assertEquals(Optional.empty(), Fixtures.plan(causes, findings, KnowledgeVersion.V1).causeActions());
        }
    }
}
