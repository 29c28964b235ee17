package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.coppipeline.exclusion.domain.CtFinding.BILATERAL_CONSOLIDATION;
import static org.coppipeline.exclusion.domain.CtFinding.CAVITATION;
import static org.coppipeline.exclusion.domain.CtFinding.CONSOLIDATION;
import static org.coppipeline.exclusion.domain.CtFinding.GROUND_GLASS;
import static org.coppipeline.exclusion.domain.CtFinding.HONEYCOMBING;
import static org.coppipeline.exclusion.domain.CtFinding.MASS;
import static org.coppipeline.exclusion.domain.CtFinding.NODULES;
import static org.coppipeline.exclusion.domain.CtFinding.OP_PATTERN;
import static org.coppipeline.exclusion.domain.CtFinding.PERIPHERAL_DISTRIBUTION;
import static org.coppipeline.exclusion.domain.CtFinding.REVERSED_HALO;
import static org.coppipeline.exclusion.domain.CtFinding.SOLITARY_OPACITY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The v2 evidence-of-OP ladder of CONTRACT section 9, line by line, with the alternatives and warnings it adds. */
class OpEvidenceRulesV2Test {

    private static final String FUNGAL = "invasive fungal infection (e.g. mucormycosis)";

    private static OpAssessment op(Cases.Builder b) {
        return b.assessV2().opEvidence();
    }

    private static CauseRule rule(Cases.Builder b) {
        return op(b).reason().rule();
    }

    private static List<String> alternatives(CauseAssessment a) {
        return a.alternativeDiagnoses().stream().map(AlternativeDiagnosis::diagnosis).toList();
    }

    private static List<String> warnings(CauseAssessment a) {
        return a.warnings().stream().map(Warning::code).toList();
    }

    // Line 1: histology

    @ParameterizedTest
    @EnumSource(BiopsyMethod.class)
    void opOnHistologyIsConfirmedWithoutAMassOrCavity(BiopsyMethod method) {
        var b = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA, method);
        assertEquals(OpEvidence.CONFIRMED, op(b).evidence());
        assertEquals(CauseRule.OP_CONFIRMED_HISTOLOGY, rule(b));
        assertEquals("organizing pneumonia on histology (" + method.code() + ")", op(b).reason().text());
    }

    @ParameterizedTest
    @CsvSource({ "SURGICAL,CONFIRMED", "CRYOBIOPSY,CONFIRMED", "TRANSBRONCHIAL,PROBABLE" })
    void onlyATransbronchialBiopsyOfAMassIsDowngraded(BiopsyMethod method, OpEvidence expected) {
        var b = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA, method).ct(true, MASS);
        assertEquals(expected, op(b).evidence());
    }

    @Test
    void aTransbronchialBiopsyOfAMassIsProbableWithTheWarningAndMalignancy() {
        var a = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA, BiopsyMethod.TRANSBRONCHIAL).ct(true, MASS)
                .assessV2();
        assertEquals(OpEvidence.PROBABLE, a.opEvidence().evidence());
        assertEquals(CauseRule.OP_HISTOLOGY_SMALL_BIOPSY, a.opEvidence().reason().rule());
        assertEquals("organizing pneumonia on a transbronchial biopsy of a CT mass: probable, not confirmed",
                a.opEvidence().reason().text());
        assertEquals(List.of("small-biopsy-of-a-mass"), warnings(a));
        assertEquals(Warning.Level.WARNING, a.warnings().get(0).level());
        assertEquals(List.of("malignancy"), alternatives(a));
        assertEquals(List.of("tissue diagnosis"), a.alternativeDiagnoses().get(0).nextSteps());
        assertEquals(CauseRule.OP_ALT_MALIGNANCY, a.alternativeDiagnoses().get(0).source());
    }

    @Test
    void aTransbronchialBiopsyOfACavityIsProbableWithTheWarningButNoMalignancyAlternative() {
        var a = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA, BiopsyMethod.TRANSBRONCHIAL)
                .ct(true, CAVITATION).assessV2();
        assertEquals(OpEvidence.PROBABLE, a.opEvidence().evidence());
        assertEquals("organizing pneumonia on a transbronchial biopsy of a CT cavitation: probable, not confirmed",
                a.opEvidence().reason().text());
        assertEquals(List.of("small-biopsy-of-a-mass"), warnings(a));
        assertEquals(List.of(), alternatives(a));
    }

    @Test
    void histologyOfUnknownMethodIsConfirmedButKeepsTheMalignancyAlternative() {
        var a = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA).ct(true, MASS).assessV2();
        assertEquals(OpEvidence.CONFIRMED, a.opEvidence().evidence());
        assertEquals("organizing pneumonia on histology", a.opEvidence().reason().text());
        assertEquals(List.of("malignancy"), alternatives(a));
        assertEquals(List.of(), warnings(a));
    }

    @Test
    void histologyComesBeforeTheUnlikelyLines() {
        var b = workedUp().histology(HistologyPattern.ORGANIZING_PNEUMONIA, BiopsyMethod.SURGICAL).ct(true, HONEYCOMBING)
                .balEosinophils(40.0).antibioticResponse(AntibioticResponse.RESOLVED);
        assertEquals(OpEvidence.CONFIRMED, op(b).evidence());
        assertEquals(List.of(), alternatives(b.assessV2()), "the lines after the deciding one are not evaluated");
    }

    // Line 2: unlikely

    @Test
    void theUnlikelyLinesKeepTheContractsV2Order() {
        var all = workedUp().histology(HistologyPattern.OTHER).balEosinophils(30.0).ct(true, HONEYCOMBING, CAVITATION)
                .antibioticResponse(AntibioticResponse.RESOLVED);
        assertEquals(CauseRule.OP_UNLIKELY_HISTOLOGY, rule(all));
        assertEquals(5, all.assessV2().alternativeDiagnoses().size(), "every line that fires names its alternative");
        assertEquals(CauseRule.OP_UNLIKELY_BAL_EOS, rule(all.histology(null)));
        assertEquals(CauseRule.OP_UNLIKELY_HONEYCOMB, rule(all.balEosinophils(null)));
        assertEquals(CauseRule.OP_UNLIKELY_CAVITATION, rule(all.ct(true, CAVITATION)));
        assertEquals(CauseRule.OP_UNLIKELY_ABX, rule(all.ct(true, BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION)));
    }

    @ParameterizedTest
    @CsvSource({ "25,PROBABLE", "25.1,UNLIKELY" })
    void balEosinophilsAboveTwentyFiveAreAgainstOpAndNameEosinophilicPneumonia(double percent, OpEvidence expected) {
        var a = workedUp().balEosinophils(percent).assessV2();
        assertEquals(expected, a.opEvidence().evidence());
        assertEquals(expected == OpEvidence.UNLIKELY
                ? List.of("eosinophilic pneumonia (also responds to glucocorticoids, but needs its own plan)") : List.of(),
                alternatives(a));
    }

    @Test
    void aMassIsNoLongerAgainstOpButAddsMalignancy() {
        var a = workedUp().ct(true, BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION, MASS).assessV2();
        assertEquals(OpEvidence.PROBABLE, a.opEvidence().evidence());
        assertEquals(List.of("malignancy"), alternatives(a));
        assertEquals(List.of(CauseRule.OP_PROBABLE_CT, CauseRule.OP_ALT_MALIGNANCY),
                a.reasons().stream().map(Reason::rule).filter(r -> r.id().startsWith("OP-")).toList());
        assertEquals(OpEvidence.UNLIKELY, workedUp().ct(true, BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION, MASS).assess()
                .opEvidence().evidence(), "v1: OP-UNLIKELY-MASS");
    }

    // Line 3: typical CT

    @Test
    void anOpPatternIsTypicalOnItsOwn() {
        var b = workedUp().ct(true, OP_PATTERN);
        assertEquals(OpEvidence.PROBABLE, op(b).evidence());
        assertEquals(CauseRule.OP_PROBABLE_CT, rule(b));
        assertEquals("CT: op-pattern", op(b).reason().text());
        assertEquals("CT: op-pattern; consolidation with peripheral-distribution",
                op(workedUp().ct(true, PERIPHERAL_DISTRIBUTION, CONSOLIDATION, OP_PATTERN)).reason().text());
        assertEquals(OpEvidence.UNLIKELY, workedUp().ct(true, OP_PATTERN).assess().opEvidence().evidence(),
                "v1 does not read op-pattern");
    }

    @ParameterizedTest
    @EnumSource(value = CtFinding.class, names = { "BILATERAL_CONSOLIDATION", "UNILATERAL_CONSOLIDATION", "CONSOLIDATION",
            "GROUND_GLASS", "NODULES" })
    void everyV2OpacityWithATypicalDistributionIsProbable(CtFinding opacity) {
        var b = workedUp().ct(true, opacity, PERIPHERAL_DISTRIBUTION);
        assertEquals(OpEvidence.PROBABLE, op(b).evidence());
        assertEquals("CT: " + opacity.code() + " with peripheral-distribution", op(b).reason().text());
    }

    @Test
    void anOpacityOrASignAloneIsNotTypical() {
        assertEquals(CauseRule.OP_CT_ATYPICAL_NOT_AGAINST, rule(workedUp().ct(true, NODULES)));
        assertEquals(CauseRule.OP_CT_ATYPICAL_NOT_AGAINST, rule(workedUp().ct(true, PERIPHERAL_DISTRIBUTION)));
        assertEquals(OpEvidence.SUSPECTED, op(workedUp().ct(false, OP_PATTERN)).evidence(), "a CT not performed is no CT");
    }

    @Test
    void theReversedHaloCountsOnlyWhenThePatientIsNotImmunocompromised() {
        assertEquals(OpEvidence.PROBABLE, op(workedUp().ct(true, CONSOLIDATION, REVERSED_HALO)).evidence());
        var immunocompromised = workedUp().ct(true, CONSOLIDATION, REVERSED_HALO).immunocompromised(true);
        assertEquals(OpEvidence.SUSPECTED, op(immunocompromised).evidence());
        assertEquals(CauseRule.OP_CT_ATYPICAL_NOT_AGAINST, rule(immunocompromised));
        // another typical sign still counts, and the reason does not list the halo
        var withSign = workedUp().ct(true, CONSOLIDATION, REVERSED_HALO, PERIPHERAL_DISTRIBUTION).immunocompromised(true);
        assertEquals(OpEvidence.PROBABLE, op(withSign).evidence());
        assertEquals("CT: consolidation with peripheral-distribution", op(withSign).reason().text());
    }

    @Test
    void aReversedHaloInAnImmunocompromisedPatientAddsTheFungalAlternativeAndAWarning() {
        var a = workedUp().ct(true, GROUND_GLASS, REVERSED_HALO).prednisone(30.0).assessV2();
        assertEquals(List.of(FUNGAL), alternatives(a));
        AlternativeDiagnosis fungal = a.alternativeDiagnoses().get(0);
        assertEquals(List.of("BAL fungal studies", "fungal markers"), fungal.nextSteps());
        assertEquals(CauseRule.OP_REVERSED_HALO_IMMUNOCOMPROMISED, fungal.source());
        assertEquals("CT reversed-halo, immunocompromised: prednisone 30 mg/day (>= 20)", fungal.reason());
        assertEquals(List.of("reversed-halo-immunocompromised"), warnings(a));
        assertEquals(Warning.Level.WARNING, a.warnings().get(0).level());
        assertEquals(true, a.reasons().stream().anyMatch(r -> r.rule() == CauseRule.OP_REVERSED_HALO_IMMUNOCOMPROMISED));
        var notImmunocompromised = workedUp().ct(true, GROUND_GLASS, REVERSED_HALO).prednisone(19.0).assessV2();
        assertEquals(List.of(), alternatives(notImmunocompromised));
        assertEquals(List.of(), warnings(notImmunocompromised));
    }

    // Line 4: suspected; line 5: unlikely

    @ParameterizedTest
    @CsvSource({ "MODERATE,SUSPECTED", "HIGH,SUSPECTED", "LOW,UNLIKELY" })
    void anAtypicalCtNeverLowersTheEvidenceBelowSuspected(Suspicion suspicion, OpEvidence expected) {
        var a = workedUp().ct(true, SOLITARY_OPACITY).suspicion(suspicion).assessV2();
        assertEquals(expected, a.opEvidence().evidence());
        if (expected == OpEvidence.SUSPECTED) {
            assertEquals(CauseRule.OP_CT_ATYPICAL_NOT_AGAINST, a.opEvidence().reason().rule());
            assertEquals("CT without the typical pattern and suspicion " + suspicion.code()
                    + ": a CT never lowers the evidence below suspected", a.opEvidence().reason().text());
            assertEquals(Conclusion.SUSPECTED_OP, a.conclusion().conclusion());
            assertEquals(List.of("biopsy"), a.conclusion().nextSteps());
        } else {
            assertEquals(CauseRule.OP_UNLIKELY_DEFAULT, a.opEvidence().reason().rule());
            assertEquals("no histology, typical CT or moderate-to-high suspicion", a.opEvidence().reason().text());
        }
    }

    @ParameterizedTest
    @CsvSource({ "MODERATE,SUSPECTED", "HIGH,SUSPECTED", "LOW,UNLIKELY" })
    void withoutCtSuspicionDecidesAndTheNextStepIsAChestCt(Suspicion suspicion, OpEvidence expected) {
        var a = workedUp().noCt().suspicion(suspicion).assessV2();
        assertEquals(expected, a.opEvidence().evidence());
        if (expected == OpEvidence.SUSPECTED) {
            assertEquals(CauseRule.OP_SUSPECTED_NO_CT, a.opEvidence().reason().rule());
            assertEquals(List.of("chest CT"), a.conclusion().nextSteps());
        }
    }

    @Test
    void aMassWithModerateSuspicionIsSuspectedWithMalignancyToRuleOut() {
        var a = workedUp().ct(true, MASS).suspicion(Suspicion.MODERATE).assessV2();
        assertEquals(OpEvidence.SUSPECTED, a.opEvidence().evidence());
        assertEquals(List.of("malignancy"), alternatives(a));
        assertEquals(List.of("biopsy"), a.conclusion().nextSteps());
    }

    @Test
    void unknownSuspicionIsNeitherModerateNorHighAndIsWarnedAbout() {
        var a = workedUp().ct(true, SOLITARY_OPACITY).suspicion(null).assessV2();
        assertEquals(CauseRule.OP_UNLIKELY_DEFAULT, a.opEvidence().reason().rule());
        assertEquals(List.of("suspicion-unknown"), warnings(a));
        assertEquals("symptomAssessment.suspicion is missing: read as neither moderate nor high, so neither "
                + "OP-SUSPECTED-NO-CT nor OP-CT-ATYPICAL-NOT-AGAINST can apply", a.warnings().get(0).message());
    }
}
