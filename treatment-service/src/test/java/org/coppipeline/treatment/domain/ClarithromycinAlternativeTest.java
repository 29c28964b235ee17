package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.DEFAULTS;
import static org.coppipeline.treatment.domain.Fixtures.causes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ClarithromycinAlternativeTest {

    private static final ClinicalFindings ELIGIBLE = ClinicalFindings.unknown().withFvc(80).withSpo2(94);

    private static Optional<Alternative> offer(Severity severity, ClinicalFindings findings, Recommendation recommendation) {
        return ClarithromycinAlternative.offer(severity, findings, recommendation, Fixtures.copConfirmed(), DEFAULTS);
    }

    @ParameterizedTest(name = "FVC {0}, SpO2 {1} -> offered {2}")
    @CsvSource({ "80, 94, true", "79, 94, false", "79.9, 96, false", "80, 93.9, false", "120, 100, true" })
    void fvcAndSpo2Boundaries(double fvc, double spo2, boolean offered) {
        ClinicalFindings findings = ClinicalFindings.unknown().withFvc(fvc).withSpo2(spo2);
        assertEquals(offered, offer(Severity.MODERATE, findings, Recommendation.ORAL_GLUCOCORTICOID).isPresent());
    }

    @Test
    void unknownFvcOrSpo2IsNotEnough() {
        assertTrue(offer(Severity.MILD, ClinicalFindings.unknown().withSpo2(98), Recommendation.OBSERVE).isEmpty());
        assertTrue(offer(Severity.MILD, ClinicalFindings.unknown().withFvc(98), Recommendation.OBSERVE).isEmpty());
    }

    @Test
    void neverForSevereDisease() {
        assertTrue(offer(Severity.SEVERE, ELIGIBLE, Recommendation.ORAL_GLUCOCORTICOID).isEmpty());
        assertTrue(offer(Severity.MILD, ELIGIBLE, Recommendation.ORAL_GLUCOCORTICOID).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Recommendation.class)
    void onlyNextToACopPlan(Recommendation recommendation) {
        boolean expected = recommendation == Recommendation.ORAL_GLUCOCORTICOID || recommendation == Recommendation.OBSERVE
                || recommendation == Recommendation.RELAPSE_REGIMEN;
        assertEquals(expected, offer(Severity.MODERATE, ELIGIBLE, recommendation).isPresent());
    }

    @Test
    void neverWhileInfectionIsNotExcluded() {
        for (CategoryStatus status : new CategoryStatus[] { CategoryStatus.INCOMPLETE, CategoryStatus.NOT_ASSESSED, CategoryStatus.PRESENT }) {
            CauseAssessment open = causes(Conclusion.COP_CONFIRMED, OpEvidence.CONFIRMED, CauseCategory.INFECTION, status);
            assertTrue(ClarithromycinAlternative.offer(Severity.MILD, ELIGIBLE, Recommendation.OBSERVE, open, DEFAULTS).isEmpty());
        }
    }

    @Test
    void theOfferedCourse() {
        Alternative alternative = offer(Severity.MODERATE, ELIGIBLE, Recommendation.ORAL_GLUCOCORTICOID).orElseThrow();
        assertEquals("clarithromycin", alternative.name());
        assertEquals(Drug.CLARITHROMYCIN, alternative.step().drug());
        assertEquals(Route.ORAL, alternative.step().route());
        assertEquals(new Dose.MgTwiceDaily(BigDecimal.valueOf(500)), alternative.step().dose());
        assertEquals(84, alternative.step().days());
        assertEquals("observational, conflicting evidence", alternative.evidenceLabel());
        assertEquals(Knowledge.TX_ALT_CLARITHRO, alternative.source());
        assertEquals(Knowledge.TX_ALT_CLARITHRO_ELIGIBLE, alternative.eligibility().source());
        assertEquals("moderate disease, FVC 80% predicted (at least 80%) and resting SpO2 94% (at least 94%)",
                alternative.eligibility().text());
        assertEquals(Knowledge.TX_ALT_CLARITHRO_EVIDENCE, alternative.evidence().source());
        assertTrue(alternative.evidence().text().startsWith("observational, conflicting evidence"));
        assertEquals(2, alternative.cautions().size());
        assertTrue(alternative.cautions().get(0).text().startsWith("QT prolongation"));
        assertTrue(alternative.cautions().get(1).text().contains("CYP3A4"));
        assertTrue(alternative.cautions().stream().allMatch(c -> c.source().equals(Knowledge.TX_ALT_CLARITHRO_CAUTION)));
        assertEquals(List.of(Knowledge.TX_ALT_CLARITHRO, Knowledge.TX_ALT_CLARITHRO_ELIGIBLE, Knowledge.TX_ALT_CLARITHRO_EVIDENCE,
                Knowledge.TX_ALT_CLARITHRO_CAUTION), alternative.sources());
        // eligibility and cautions are [U] lines
        assertTrue(alternative.requiresClinicalReview());
    }

    @Test
    void reviewFollowsTheMarks() {
        Reason verified = new Reason("x", Knowledge.TX_ALT_CLARITHRO);
        Alternative onVerified = new Alternative("x", new RegimenStep(Drug.CLARITHROMYCIN, Route.ORAL,
                new Dose.MgTwiceDaily(BigDecimal.ONE), 1, Knowledge.TX_ALT_CLARITHRO), verified, "x", verified, List.of(),
                Knowledge.TX_ALT_CLARITHRO);
        assertFalse(onVerified.requiresClinicalReview());
    }

    @Test
    void thresholdsComeFromConfiguration() {
        TreatmentThresholds fvc70 = new TreatmentThresholds(90, 92, 37.9, 70, 14, 12, 20, 4, 2.5, 3, 50, 85, 3);
        ClinicalFindings findings = ClinicalFindings.unknown().withFvc(75).withSpo2(93);
        assertTrue(ClarithromycinAlternative.offer(Severity.MODERATE, findings, Recommendation.ORAL_GLUCOCORTICOID,
                Fixtures.copConfirmed(), fvc70).isPresent());
        assertTrue(offer(Severity.MODERATE, findings, Recommendation.ORAL_GLUCOCORTICOID).isEmpty());
    }
}
