package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                "pleural-effusion", "centrilobular-nodules"), codes(CtFinding.values()));
        assertEquals(List.of("organizing-pneumonia", "other", "non-diagnostic"), codes(HistologyPattern.values()));
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
