package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.DEFAULTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityRulesTest {

    private static final List<SeverityRules.ModerateFloor> V1_FLOORS = RuleSet.of(KnowledgeVersion.V1).moderateFloors();

    private static SeverityAssessment assess(ClinicalFindings findings) {
        return SeverityRules.assess(findings, DEFAULTS, V1_FLOORS);
    }

    private static List<String> rules(SeverityAssessment assessment) {
        return assessment.criteria().stream().map(r -> r.source().ruleId()).toList();
    }

    @ParameterizedTest(name = "SpO2 {0}, improving -> {1}")
    @CsvSource({
            "89, severe", "89.9, severe", "90, moderate", "93, moderate", "93.9, moderate", "94, mild", "100, mild" })
    void spo2Boundaries(double spo2, String expected) {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(spo2).withTrajectory(Trajectory.IMPROVING);
        assertEquals(expected, assess(findings).severity().code());
    }

    @Test
    void spo2BelowSevereLimitNamesItsRule() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(89).withTrajectory(Trajectory.IMPROVING));
        assertEquals(List.of("SV-SEVERE-SPO2"), rules(assessment));
        assertEquals("resting SpO2 89% is below 90%: severe", assessment.criteria().get(0).text());
    }

    @Test
    void unknownSpo2CountsAsCompatibleWithMild() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withTrajectory(Trajectory.IMPROVING));
        assertEquals(Severity.MILD, assessment.severity());
        assertEquals(List.of("SV-MILD-SPO2", "SV-MILD-IMPROVING"), rules(assessment));
        assertTrue(assessment.criteria().get(0).text().contains("unknown"));
    }

    @ParameterizedTest(name = "stable, CRP {0} -> {1}")
    @CsvSource({ "0, mild", "37.8, mild", "37.9, mild", "38.0, moderate", "37.95, moderate", "200, moderate" })
    void crpBoundariesOnAStableCourse(double crp, String expected) {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.STABLE).withCrp(crp);
        assertEquals(expected, assess(findings).severity().code());
    }

    @Test
    void stableCourseWithLowCrpNamesTheCrpRule() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.STABLE).withCrp(20));
        assertEquals(List.of("SV-MILD-SPO2", "SV-MILD-CRP"), rules(assessment));
        assertEquals("course stable with CRP 20 mg/L, at most 37.9 mg/L", assessment.criteria().get(1).text());
        assertEquals("resting SpO2 96% is at least 94%", assessment.criteria().get(0).text());
    }

    @Test
    void stableCourseWithUnknownCrpIsModerate() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.STABLE));
        assertEquals(Severity.MODERATE, assessment.severity());
        assertEquals("not severe, and not mild: course stable but CRP unknown", assessment.criteria().get(0).text());
    }

    @Test
    void stableCourseWithHighCrpSaysSo() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.STABLE).withCrp(38));
        assertEquals("not severe, and not mild: course stable but CRP 38 mg/L is above 37.9 mg/L",
                assessment.criteria().get(0).text());
    }

    @Test
    void lowCrpDoesNotMakeAProgressiveCourseMild() {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.PROGRESSIVE).withCrp(5);
        assertEquals(Severity.MODERATE, assess(findings).severity());
        assertEquals("not severe, and not mild: course progressive (mild needs improving, or stable with a known low CRP)",
                assess(findings).criteria().get(0).text());
    }

    @Test
    void lowCrpDoesNotMakeAnImprovingCourseNeedIt() {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.IMPROVING).withCrp(300);
        assertEquals(Severity.MILD, assess(findings).severity());
    }

    @Test
    void unknownCourseIsModerate() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(96).withCrp(5));
        assertEquals(Severity.MODERATE, assessment.severity());
        assertEquals(List.of("SV-MODERATE"), rules(assessment));
        assertTrue(assessment.criteria().get(0).text().contains("course unknown"));
    }

    @Test
    void moderateNamesBothFailedConditions() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(92).withTrajectory(Trajectory.PROGRESSIVE));
        assertEquals("not severe, and not mild: resting SpO2 92% is below 94%; course progressive "
                + "(mild needs improving, or stable with a known low CRP)", assessment.criteria().get(0).text());
    }

    @Test
    void moderateNamesOnlyTheSaturationWhenTheCourseIsMild() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(92).withTrajectory(Trajectory.IMPROVING));
        assertEquals("not severe, and not mild: resting SpO2 92% is below 94%", assessment.criteria().get(0).text());
    }

    @ParameterizedTest(name = "support {0} -> {1} ({2})")
    @CsvSource({
            "NONE, mild, SV-MILD-SPO2",
            "OXYGEN, mild, SV-MILD-SPO2",
            "HIGH_FLOW, severe, SV-SEVERE-NIV-HFNC",
            "NON_INVASIVE, severe, SV-SEVERE-NIV-HFNC",
            "INVASIVE, severe, SV-SEVERE-INVASIVE" })
    void eachRespiratorySupport(RespiratorySupport support, String expected, String firstRule) {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSpo2(96).withTrajectory(Trajectory.IMPROVING)
                .withSupport(support));
        assertEquals(expected, assessment.severity().code());
        assertEquals(firstRule, rules(assessment).get(0));
    }

    @Test
    void supportTextNamesTheSupport() {
        SeverityAssessment assessment = assess(ClinicalFindings.unknown().withSupport(RespiratorySupport.NON_INVASIVE));
        assertEquals("on non-invasive respiratory support: severe", assessment.criteria().get(0).text());
    }

    @ParameterizedTest(name = "trajectory {0} -> {1}")
    @CsvSource({
            "IMPROVING, mild", "STABLE, mild", "PROGRESSIVE, moderate", "RAPIDLY_PROGRESSIVE, severe" })
    void eachTrajectory(Trajectory trajectory, String expected) {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(96).withCrp(10).withTrajectory(trajectory);
        assertEquals(expected, assess(findings).severity().code());
    }

    @Test
    void rapidlyProgressiveNamesItsRule() {
        assertEquals(List.of("SV-SEVERE-RAPID"), rules(assess(ClinicalFindings.unknown().withTrajectory(Trajectory.RAPIDLY_PROGRESSIVE))));
    }

    @Test
    void everySevereCriterionThatHoldsIsListed() {
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(80).withSupport(RespiratorySupport.INVASIVE)
                .withTrajectory(Trajectory.RAPIDLY_PROGRESSIVE);
        assertEquals(List.of("SV-SEVERE-SPO2", "SV-SEVERE-INVASIVE", "SV-SEVERE-RAPID"), rules(assess(findings)));
    }

    @Test
    void nothingKnownIsModerate() {
        assertEquals(Severity.MODERATE, assess(ClinicalFindings.unknown()).severity());
    }

    @Test
    void thresholdsComeFromConfiguration() {
        TreatmentThresholds stricter = new TreatmentThresholds(92, 96, 10, 80, 14, 12, 20, 4, 2.5, 3, 50, 85, 3);
        ClinicalFindings findings = ClinicalFindings.unknown().withSpo2(91).withTrajectory(Trajectory.STABLE).withCrp(20);
        assertEquals(Severity.SEVERE, SeverityRules.assess(findings, stricter, V1_FLOORS).severity());
        assertEquals(Severity.MODERATE, SeverityRules.assess(findings.withSpo2(95), stricter, V1_FLOORS).severity());
        assertEquals(Severity.MILD, SeverityRules.assess(findings.withSpo2(95), DEFAULTS, V1_FLOORS).severity());
    }
}
