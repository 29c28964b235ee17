package org.coppipeline.symptom.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.symptom.domain.Contribution;
import org.coppipeline.symptom.domain.EvidenceLevel;
import org.coppipeline.symptom.domain.MissingData;
import org.coppipeline.symptom.domain.Reason;
import org.coppipeline.symptom.domain.Suspicion;
import org.coppipeline.symptom.domain.SuspicionAssessment;
import org.coppipeline.symptom.domain.SxRule;
import org.coppipeline.symptom.domain.Warning;
import org.coppipeline.symptom.domain.WarningLevel;

class SymptomAssessmentRendererTest {

    @Test
    void rendersTheContractFieldNamesAndSpellings() throws Exception {
        SuspicionAssessment assessment = new SuspicionAssessment(0, Suspicion.MODERATE,
                new Reason("band why", SxRule.BANDS.source()), EvidenceLevel.CLINICAL_COURSE,
                new Reason("level why", SxRule.EVIDENCE_LEVEL.source()),
                List.of(new Contribution("fever", 1, "fever why", SxRule.FEVER.source()),
                        new Contribution("hemoptysis", -1, "hemoptysis why", SxRule.CI_HEMOPTYSIS.source())),
                List.of("hemoptysis"), List.of(new MissingData("/bal", "bal effect")),
                new Reason("not a probability", SxRule.NOT_VALIDATED.source()),
                List.of(new Warning(WarningLevel.INFO, "symptom-repeated", "repeated")));

        ObjectNode json = SymptomAssessmentRenderer.render(assessment, "cop-knowledge-v1");

        String expected = """
                {"suspicionScore":0,"suspicion":"moderate",
                 "suspicionReason":{"text":"band why","source":{"ruleId":"SX-BANDS","citations":["DESIGN"],"mark":"U"}},
                 "evidenceLevel":"clinical-course",
                 "evidenceLevelReason":{"text":"level why",
                   "source":{"ruleId":"SX-EVIDENCE-LEVEL","citations":["DESIGN"],"mark":"U"}},
                 "contributions":[
                   {"finding":"fever","points":1,"rationale":"fever why",
                    "source":{"ruleId":"SX-FEVER","citations":["Orphanet","Cordier-2006","Zhou-CRD"],"mark":"U"}},
                   {"finding":"hemoptysis","points":-1,"rationale":"hemoptysis why",
                    "source":{"ruleId":"SX-CI-HEMOPTYSIS","citations":["GARD"],"mark":"U"}}],
                 "counterIndicators":["hemoptysis"],
                 "missingData":[{"field":"/bal","effect":"bal effect"}],
                 "statement":{"text":"not a probability","source":{"ruleId":"SX-NOT-VALIDATED",
                   "citations":["ATS/ERS-2013","Cordier-2006","King&Lee-2022","Raghu&Meyer-2021","KoreanGL-2021",
                                "KoreanGL-2025"],"mark":"V"}},
                 "warnings":[{"level":"info","code":"symptom-repeated","message":"repeated"}],
                 "knowledgeVersion":"cop-knowledge-v1"}
                """;
        assertEquals(new ObjectMapper().readTree(expected), json);
        assertEquals(List.of("suspicionScore", "suspicion", "suspicionReason", "evidenceLevel",
                "evidenceLevelReason", "contributions", "counterIndicators", "missingData", "statement", "warnings",
                "knowledgeVersion"), List.copyOf(iterable(json)));
        assertEquals(true, json.get("suspicionScore").isInt());
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
