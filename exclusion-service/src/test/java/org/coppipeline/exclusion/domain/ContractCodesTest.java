package org.coppipeline.exclusion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Enum-like values are spelled exactly as CONTRACT sections 2 and 3 spell them. */
class ContractCodesTest {

    private static List<String> codes(Coded[] values) {
        return Arrays.stream(values).map(Coded::code).toList();
    }

    @Test
    void outputValues() {
        assertEquals(List.of("excluded", "present", "incomplete", "not-assessed"), codes(CategoryStatus.values()));
        assertEquals(List.of("infection", "drug", "radiation", "connective-tissue-disease", "hematologic-malignancy",
                "inflammatory-bowel-disease", "transplant", "aspiration-exposure"), codes(CauseCategory.values()));
        assertEquals(List.of("unlikely", "suspected", "probable", "confirmed"), codes(OpEvidence.values()));
        assertEquals(List.of("op-unlikely", "suspected-op", "workup-incomplete", "secondary-op", "cop-probable", "cop-confirmed"),
                codes(Conclusion.values()));
        assertEquals(List.of("info", "warning", "critical"), codes(Warning.Level.values()));
        assertEquals(List.of("cop-knowledge-v1", "cop-knowledge-v2"), codes(KnowledgeVersion.values()));
    }

    @Test
    void inputValues() {
        assertEquals(List.of("none", "partial", "resolved"), codes(AntibioticResponse.values()));
        assertEquals(List.of("organizing-pneumonia", "other", "non-diagnostic"), codes(HistologyPattern.values()));
        assertEquals(List.of("low", "moderate", "high"), codes(Suspicion.values()));
        assertEquals(List.of("negative", "positive", "pending"), codes(TestResult.values()));
        assertEquals(List.of("normal", "abnormal", "pending"), codes(BloodCount.values()));
        assertEquals(List.of("breast", "thorax", "other"), codes(RadiotherapySite.values()));
        assertEquals(List.of("blood-culture", "sputum-culture", "bal-culture", "respiratory-pcr-panel", "sars-cov-2-pcr",
                "urinary-antigens", "bal-pneumocystis", "bal-mycobacteria", "fungal-markers", "hiv-serology", "atypical-serology",
                "bal-stains"),
                codes(MicrobiologyTest.values()));
        assertEquals(List.of("bilateral-consolidation", "unilateral-consolidation", "peripheral-distribution",
                "peribronchovascular-distribution", "ground-glass", "migratory-opacities", "reversed-halo",
                "perilobular-pattern", "solitary-opacity", "honeycombing", "mass", "lymphadenopathy", "cavitation",
                "pleural-effusion", "centrilobular-nodules", "nodules", "consolidation", "op-pattern"), codes(CtFinding.values()));
        assertEquals(List.of("transbronchial", "cryobiopsy", "surgical"), codes(BiopsyMethod.values()));
        assertEquals(List.of("rheumatoid-arthritis", "myositis", "sjogren-syndrome", "systemic-lupus-erythematosus",
                "systemic-sclerosis", "other-connective-tissue-disease", "myelodysplastic-syndrome", "leukemia", "lymphoma",
                "ulcerative-colitis", "crohn-disease", "hematopoietic-stem-cell-transplant", "solid-organ-transplant",
                "aspiration-risk", "inhalational-exposure", "diabetes", "osteoporosis"), codes(Condition.values()));
    }

    @Test
    void everyConditionBelongsToItsCategory() {
        for (Condition c : Condition.values()) {
            CauseCategory expected = switch (c) {
                case RHEUMATOID_ARTHRITIS, MYOSITIS, SJOGREN_SYNDROME, SYSTEMIC_LUPUS_ERYTHEMATOSUS, SYSTEMIC_SCLEROSIS,
                        OTHER_CONNECTIVE_TISSUE_DISEASE -> CauseCategory.CONNECTIVE_TISSUE_DISEASE;
                case MYELODYSPLASTIC_SYNDROME, LEUKEMIA, LYMPHOMA -> CauseCategory.HEMATOLOGIC_MALIGNANCY;
                case ULCERATIVE_COLITIS, CROHN_DISEASE -> CauseCategory.INFLAMMATORY_BOWEL_DISEASE;
                case HEMATOPOIETIC_STEM_CELL_TRANSPLANT, SOLID_ORGAN_TRANSPLANT -> CauseCategory.TRANSPLANT;
                case ASPIRATION_RISK, INHALATIONAL_EXPOSURE -> CauseCategory.ASPIRATION_EXPOSURE;
                case DIABETES, OSTEOPOROSIS -> null;
            };
            assertEquals(expected, c.category().orElse(null), c.code());
        }
    }
}
