package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.DEFAULTS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SV-EXTENT (knowledge v2): DLCO, exertional SpO2 nadir and CT extent keep a case at least moderate, never mild. */
class SeverityExtentTest {

    /** Mild by every v1 condition: SpO2 96 at rest, improving. */
    private static final ClinicalFindings MILD_BY_V1 = ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.IMPROVING);

    private static SeverityAssessment assess(ClinicalFindings findings, KnowledgeVersion version) {
        return SeverityRules.assess(findings, DEFAULTS, RuleSet.of(version).moderateFloors());
    }

    private static List<String> rules(SeverityAssessment assessment) {
        return assessment.criteria().stream().map(r -> r.source().ruleId()).toList();
    }

    @ParameterizedTest(name = "DLCO {0} -> {1} in v2")
    @CsvSource({ "5, moderate", "40, moderate", "49.9, moderate", "50, mild", "50.1, mild", "120, mild" })
    void dlcoBoundary(double dlco, String v2) {
        ClinicalFindings findings = MILD_BY_V1.withDlco(dlco);
        assertEquals(v2, assess(findings, KnowledgeVersion.V2).severity().code());
        assertEquals(Severity.MILD, assess(findings, KnowledgeVersion.V1).severity());
    }

    @ParameterizedTest(name = "exertional nadir {0} -> {1} in v2")
    @CsvSource({ "70, moderate", "84.9, moderate", "85, mild", "85.1, mild", "99, mild" })
    void exertionNadirBoundary(double nadir, String v2) {
        ClinicalFindings findings = MILD_BY_V1.withSpo2ExertionNadir(nadir);
        assertEquals(v2, assess(findings, KnowledgeVersion.V2).severity().code());
        assertEquals(Severity.MILD, assess(findings, KnowledgeVersion.V1).severity());
    }

    @ParameterizedTest(name = "{0} lobes -> {1} in v2")
    @CsvSource({ "0, mild", "1, mild", "2, mild", "3, moderate", "4, moderate", "5, moderate" })
    void lobesBoundary(int lobes, String v2) {
        ClinicalFindings findings = MILD_BY_V1.withLobesInvolved(lobes);
        assertEquals(v2, assess(findings, KnowledgeVersion.V2).severity().code());
        assertEquals(Severity.MILD, assess(findings, KnowledgeVersion.V1).severity());
    }

    @Test
    void unknownExtentChangesNothing() {
        assertEquals(Severity.MILD, assess(MILD_BY_V1, KnowledgeVersion.V2).severity());
        assertEquals(assess(MILD_BY_V1, KnowledgeVersion.V1), assess(MILD_BY_V1, KnowledgeVersion.V2));
    }

    @Test
    void aMildCaseKeptModerateByExtentNamesOnlyTheExtent() {
        SeverityAssessment assessment = assess(MILD_BY_V1.withDlco(40), KnowledgeVersion.V2);
        assertEquals(Severity.MODERATE, assessment.severity());
        assertEquals(List.of("SV-EXTENT"), rules(assessment));
        assertEquals("DLCO 40% predicted is below 50%: at least moderate, never mild", assessment.criteria().get(0).text());
        assertEquals(Knowledge.SV_EXTENT, assessment.criteria().get(0).source());
    }

    @Test
    void everyExtentCriterionThatHoldsIsListed() {
        SeverityAssessment assessment = assess(MILD_BY_V1.withDlco(45.5).withSpo2ExertionNadir(82).withLobesInvolved(4),
                KnowledgeVersion.V2);
        assertEquals(List.of("SV-EXTENT", "SV-EXTENT", "SV-EXTENT"), rules(assessment));
        assertEquals(List.of("DLCO 45.5% predicted is below 50%: at least moderate, never mild",
                "SpO2 nadir on exertion 82% is below 85%: at least moderate, never mild",
                "4 lobes involved on CT (at least 3): at least moderate, never mild"),
                assessment.criteria().stream().map(Reason::text).toList());
    }

    @Test
    void aModerateCaseWithExtentNamesBoth() {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(92).withTrajectory(Trajectory.PROGRESSIVE).withLobesInvolved(3);
        SeverityAssessment v2 = assess(findings, KnowledgeVersion.V2);
        assertEquals(Severity.MODERATE, v2.severity());
        assertEquals(List.of("SV-MODERATE", "SV-EXTENT"), rules(v2));
        assertEquals(List.of("SV-MODERATE"), rules(assess(findings, KnowledgeVersion.V1)));
    }

    @Test
    void extentNeverLowersOrAddsToSevere() {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(85).withTrajectory(Trajectory.IMPROVING).withDlco(30)
                .withLobesInvolved(5);
        SeverityAssessment v2 = assess(findings, KnowledgeVersion.V2);
        assertEquals(Severity.SEVERE, v2.severity());
        assertEquals(List.of("SV-SEVERE-SPO2"), rules(v2));
    }

    @Test
    void extentThresholdsComeFromConfiguration() {
        TreatmentThresholds stricter = new TreatmentThresholds(90, 94, 37.9, 80, 14, 12, 20, 4, 2.5, 3, 60, 88, 2);
        List<SeverityRules.ModerateFloor> v2 = RuleSet.of(KnowledgeVersion.V2).moderateFloors();
        assertEquals(Severity.MODERATE, SeverityRules.assess(MILD_BY_V1.withDlco(55), stricter, v2).severity());
        assertEquals(Severity.MILD, SeverityRules.assess(MILD_BY_V1.withDlco(55), DEFAULTS, v2).severity());
        assertEquals(Severity.MODERATE, SeverityRules.assess(MILD_BY_V1.withSpo2ExertionNadir(86), stricter, v2).severity());
        assertEquals(Severity.MILD, SeverityRules.assess(MILD_BY_V1.withSpo2ExertionNadir(86), DEFAULTS, v2).severity());
        assertEquals(Severity.MODERATE, SeverityRules.assess(MILD_BY_V1.withLobesInvolved(2), stricter, v2).severity());
        assertEquals(Severity.MILD, SeverityRules.assess(MILD_BY_V1.withLobesInvolved(2), DEFAULTS, v2).severity());
        assertEquals("2 lobes involved on CT (at least 2): at least moderate, never mild",
                SeverityRules.assess(MILD_BY_V1.withLobesInvolved(2), stricter, v2).criteria().get(0).text());
    }
}
