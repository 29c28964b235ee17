package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.coppipeline.exclusion.domain.CtFinding.BILATERAL_CONSOLIDATION;
import static org.coppipeline.exclusion.domain.CtFinding.CAVITATION;
import static org.coppipeline.exclusion.domain.CtFinding.GROUND_GLASS;
import static org.coppipeline.exclusion.domain.CtFinding.HONEYCOMBING;
import static org.coppipeline.exclusion.domain.CtFinding.MASS;
import static org.coppipeline.exclusion.domain.CtFinding.PERIPHERAL_DISTRIBUTION;
import static org.coppipeline.exclusion.domain.CtFinding.SOLITARY_OPACITY;
import static org.coppipeline.exclusion.domain.CtFinding.UNILATERAL_CONSOLIDATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OpEvidenceRulesTest {

    private static OpAssessment op(Cases.Builder b) {
        return b.assess().opEvidence();
    }

    private static CauseRule rule(Cases.Builder b) {
        return op(b).reason().rule();
    }

    @Test
    void otherHistologyBeatsEverythingIncludingATypicalCt() {
        var b = workedUp().histology(HistologyPattern.OTHER);
        assertEquals(OpEvidence.UNLIKELY, op(b).evidence());
        assertEquals(CauseRule.OP_UNLIKELY_HISTOLOGY, rule(b));
        assertEquals("histology shows another pattern: organizing pneumonia unlikely", op(b).reason().text());
    }

    @Test
    void resolvedOnAntibioticsBeatsConfirmedHistology() {
        var b = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA).antibioticResponse(AntibioticResponse.RESOLVED);
        assertEquals(OpEvidence.UNLIKELY, op(b).evidence());
        assertEquals(CauseRule.OP_UNLIKELY_ABX, rule(b));
    }

    @ParameterizedTest
    @EnumSource(value = AntibioticResponse.class, names = { "NONE", "PARTIAL" })
    void antibioticFailureDoesNotArgueAgainstOp(AntibioticResponse response) {
        assertEquals(OpEvidence.PROBABLE, op(workedUp().antibioticResponse(response)).evidence());
    }

    @ParameterizedTest
    @CsvSource({ "25,PROBABLE", "25.0,PROBABLE", "25.1,UNLIKELY", "26,UNLIKELY", "0,PROBABLE", "100,UNLIKELY" })
    void balEosinophilsAboveTwentyFiveMakeOpUnlikely(double percent, OpEvidence expected) {
        assertEquals(expected, op(workedUp().balEosinophils(percent)).evidence());
    }

    @Test
    void balEosinophiliaBeatsConfirmedHistologyAndSaysWhy() {
        var b = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA).balEosinophils(26.0);
        assertEquals(CauseRule.OP_UNLIKELY_BAL_EOS, rule(b));
        assertEquals("BAL eosinophils 26% (> 25%): organizing pneumonia unlikely", op(b).reason().text());
        assertEquals("BAL eosinophils 25.5% (> 25%)",
                OpEvidenceRules.balEosinophilia(workedUp().balEosinophils(25.5).build(), 25).orElseThrow().finding());
    }

    @Test
    void theEosinophilThresholdIsConfigurable() {
        var exclusion = new CauseExclusion(Cases.DRUG_LIST, new ExclusionThresholds(90, 365, 40));
        assertEquals(OpEvidence.PROBABLE, exclusion.assess(workedUp().balEosinophils(40.0).build()).opEvidence().evidence());
        assertEquals(OpEvidence.UNLIKELY, exclusion.assess(workedUp().balEosinophils(40.5).build()).opEvidence().evidence());
    }

    @ParameterizedTest
    @CsvSource({ "HONEYCOMBING,OP_UNLIKELY_HONEYCOMB", "MASS,OP_UNLIKELY_MASS", "CAVITATION,OP_UNLIKELY_CAVITATION" })
    void honeycombingMassOrCavitationBeatConfirmedHistology(CtFinding finding, CauseRule expected) {
        var b = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA)
                .ct(true, BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION, finding);
        assertEquals(OpEvidence.UNLIKELY, op(b).evidence());
        assertEquals(expected, rule(b));
        assertEquals("CT " + finding.code() + ": organizing pneumonia unlikely", op(b).reason().text());
    }

    @Test
    void unlikelyLinesKeepTheirOrder() {
        var all = workedUp().histology(HistologyPattern.OTHER).antibioticResponse(AntibioticResponse.RESOLVED)
                .balEosinophils(30.0).ct(true, HONEYCOMBING, MASS, CAVITATION);
        assertEquals(CauseRule.OP_UNLIKELY_HISTOLOGY, rule(all));
        assertEquals(CauseRule.OP_UNLIKELY_ABX, rule(all.histology(null)));
        assertEquals(CauseRule.OP_UNLIKELY_BAL_EOS, rule(all.antibioticResponse(null)));
        assertEquals(CauseRule.OP_UNLIKELY_HONEYCOMB, rule(all.balEosinophils(null)));
        assertEquals(CauseRule.OP_UNLIKELY_MASS, rule(all.ct(true, MASS, CAVITATION)));
        assertEquals(CauseRule.OP_UNLIKELY_CAVITATION, rule(all.ct(true, CAVITATION)));
    }

    @Test
    void organizingPneumoniaOnHistologyIsConfirmedWithoutAnyCt() {
        var b = Cases.nothingKnown().histology(HistologyPattern.ORGANIZING_PNEUMONIA);
        assertEquals(OpEvidence.CONFIRMED, op(b).evidence());
        assertEquals(CauseRule.OP_CONFIRMED_HISTOLOGY, rule(b));
    }

    @Test
    void nonDiagnosticHistologyFallsThroughToTheCt() {
        assertEquals(OpEvidence.PROBABLE, op(workedUp().histology(HistologyPattern.NON_DIAGNOSTIC)).evidence());
        assertEquals(OpEvidence.SUSPECTED, op(workedUp().noCt().histology(HistologyPattern.NON_DIAGNOSTIC)).evidence());
    }

    @ParameterizedTest
    @EnumSource(value = CtFinding.class, names = { "BILATERAL_CONSOLIDATION", "UNILATERAL_CONSOLIDATION", "GROUND_GLASS" })
    void everyOpacityWithATypicalDistributionIsProbable(CtFinding opacity) {
        assertEquals(OpEvidence.PROBABLE, op(workedUp().ct(true, opacity, PERIPHERAL_DISTRIBUTION)).evidence());
    }

    @ParameterizedTest
    @EnumSource(value = CtFinding.class, names = { "PERIPHERAL_DISTRIBUTION", "PERIBRONCHOVASCULAR_DISTRIBUTION",
            "MIGRATORY_OPACITIES", "REVERSED_HALO", "PERILOBULAR_PATTERN" })
    void everyTypicalDistributionOrSignWithAnOpacityIsProbable(CtFinding typical) {
        var b = workedUp().ct(true, UNILATERAL_CONSOLIDATION, typical);
        assertEquals(OpEvidence.PROBABLE, op(b).evidence());
        assertEquals(CauseRule.OP_PROBABLE_CT, rule(b));
        assertEquals("CT: unilateral-consolidation with " + typical.code(), op(b).reason().text());
    }

    @Test
    void probableNamesEveryOpacityAndSign() {
        var b = workedUp().ct(true, GROUND_GLASS, BILATERAL_CONSOLIDATION, CtFinding.REVERSED_HALO, PERIPHERAL_DISTRIBUTION);
        assertEquals("CT: bilateral-consolidation, ground-glass with peripheral-distribution, reversed-halo",
                op(b).reason().text());
    }

    @Test
    void opacityWithoutTypicalSignOrSignWithoutOpacityIsNotProbable() {
        assertEquals(CauseRule.OP_UNLIKELY_DEFAULT, rule(workedUp().ct(true, BILATERAL_CONSOLIDATION, SOLITARY_OPACITY)));
        assertEquals(CauseRule.OP_UNLIKELY_DEFAULT, rule(workedUp().ct(true, PERIPHERAL_DISTRIBUTION, SOLITARY_OPACITY)));
        assertEquals(CauseRule.OP_UNLIKELY_DEFAULT, rule(workedUp().ct(true)));
    }

    @Test
    void typicalFindingsOnACtNotMarkedPerformedAreNotProbable() {
        var b = workedUp().ct(false, BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION);
        // no CT performed and suspicion high: suspected, not probable
        assertEquals(OpEvidence.SUSPECTED, op(b).evidence());
        assertEquals(List.of("ct-findings-without-ct"), b.assess().warnings().stream().map(Warning::code).toList());
    }

    @ParameterizedTest
    @CsvSource({ "MODERATE,SUSPECTED", "HIGH,SUSPECTED", "LOW,UNLIKELY" })
    void withoutCtSuspicionDecides(Suspicion suspicion, OpEvidence expected) {
        assertEquals(expected, op(workedUp().noCt().suspicion(suspicion)).evidence());
        assertEquals(expected, op(workedUp().ct(false).suspicion(suspicion)).evidence());
    }

    @Test
    void suspectedSaysWhy() {
        var b = workedUp().noCt().suspicion(Suspicion.MODERATE);
        assertEquals(CauseRule.OP_SUSPECTED_NO_CT, rule(b));
        assertEquals("no CT performed and suspicion moderate", op(b).reason().text());
    }

    @Test
    void unknownSuspicionWithoutCtIsUnlikelyWithAWarning() {
        var a = workedUp().noCt().suspicion(null).assess();
        assertEquals(OpEvidence.UNLIKELY, a.opEvidence().evidence());
        assertEquals(CauseRule.OP_UNLIKELY_DEFAULT, a.opEvidence().reason().rule());
        assertEquals(List.of("suspicion-unknown"), a.warnings().stream().map(Warning::code).toList());
    }

    @Test
    void anAtypicalPerformedCtIsUnlikelyWhateverTheSuspicion() {
        assertEquals(CauseRule.OP_UNLIKELY_DEFAULT, rule(workedUp().ct(true, SOLITARY_OPACITY).suspicion(Suspicion.HIGH)));
    }

    @Test
    void counterIndicatorsFromAListedCtCountEvenWhenNotMarkedPerformed() {
        assertEquals(CauseRule.OP_UNLIKELY_MASS, rule(workedUp().ct(false, MASS)));
    }

    @Test
    void percentPrintsWholeNumbersWithoutDecimals() {
        assertEquals("26", OpEvidenceRules.percent(26.0));
        assertEquals("25.5", OpEvidenceRules.percent(25.5));
    }
}
