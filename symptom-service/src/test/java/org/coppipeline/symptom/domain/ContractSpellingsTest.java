package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Enum-like values are spelled exactly as in CONTRACT sections 2 and 3, in the contract's order. */
class ContractSpellingsTest {

    private static List<String> codes(Coded[] values) {
        return Arrays.stream(values).map(Coded::code).toList();
    }

    @Test
    void inputVocabularies() {
        assertEquals(List.of("nonproductive-cough", "productive-cough", "dyspnea", "fever", "malaise", "fatigue",
                "weight-loss", "hemoptysis", "crackles"), codes(Symptom.values()));
        assertEquals(List.of("none", "partial", "resolved"), codes(AntibioticResponse.values()));
        assertEquals(List.of("bilateral-consolidation", "unilateral-consolidation", "peripheral-distribution",
                "peribronchovascular-distribution", "ground-glass", "migratory-opacities", "reversed-halo",
                "perilobular-pattern", "solitary-opacity", "honeycombing", "mass", "lymphadenopathy", "cavitation",
                "pleural-effusion", "centrilobular-nodules", "nodules", "consolidation", "op-pattern"),
                codes(CtFinding.values()));
        assertEquals(List.of("organizing-pneumonia", "other", "non-diagnostic"), codes(HistologyPattern.values()));
        assertEquals(List.of("rheumatoid-arthritis", "myositis", "sjogren-syndrome", "systemic-lupus-erythematosus",
                "systemic-sclerosis", "other-connective-tissue-disease", "myelodysplastic-syndrome", "leukemia",
                "lymphoma", "ulcerative-colitis", "crohn-disease", "hematopoietic-stem-cell-transplant",
                "solid-organ-transplant", "aspiration-risk", "inhalational-exposure", "diabetes", "osteoporosis"),
                codes(Condition.values()));
    }

    @Test
    void immunocompromisingConditionsAreSection9s() {
        assertEquals(List.of("myelodysplastic-syndrome", "leukemia", "lymphoma", "hematopoietic-stem-cell-transplant",
                "solid-organ-transplant"),
                Arrays.stream(Condition.values()).filter(Condition::immunocompromising).map(Condition::code).toList());
    }

    @Test
    void knowledgeVersionCodes() {
        assertEquals(List.of("cop-knowledge-v1", "cop-knowledge-v2"), codes(KnowledgeVersion.values()));
        assertEquals(KnowledgeVersion.V2, KnowledgeVersion.fromCode("cop-knowledge-v2"));
        assertEquals(KnowledgeVersion.V1, KnowledgeVersion.fromCode("cop-knowledge-v1"));
        for (String unknown : new String[] { "cop-knowledge-v3", "V1", "COP-KNOWLEDGE-V1", "", " cop-knowledge-v1" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KnowledgeVersion.fromCode(unknown));
            assertEquals("unknown knowledge version '" + unknown + "' (known: cop-knowledge-v1, cop-knowledge-v2)",
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> KnowledgeVersion.fromCode(null));
    }

    @Test
    void outputVocabularies() {
        assertEquals(List.of("low", "moderate", "high"), codes(Suspicion.values()));
        assertEquals(List.of("symptoms-only", "clinical-course", "imaging", "histology"),
                codes(EvidenceLevel.values()));
        assertEquals(List.of("info", "warning", "critical"), codes(WarningLevel.values()));
        assertEquals(List.of("V", "U"), codes(Mark.values()));
    }
}
