package org.coppipeline.symptom.domain;

import static org.coppipeline.symptom.domain.CaseBuilder.aCase;
import static org.coppipeline.symptom.domain.CtFinding.BILATERAL_CONSOLIDATION;
import static org.coppipeline.symptom.domain.CtFinding.CAVITATION;
import static org.coppipeline.symptom.domain.CtFinding.CENTRILOBULAR_NODULES;
import static org.coppipeline.symptom.domain.CtFinding.CONSOLIDATION;
import static org.coppipeline.symptom.domain.CtFinding.GROUND_GLASS;
import static org.coppipeline.symptom.domain.CtFinding.HONEYCOMBING;
import static org.coppipeline.symptom.domain.CtFinding.MASS;
import static org.coppipeline.symptom.domain.CtFinding.MIGRATORY_OPACITIES;
import static org.coppipeline.symptom.domain.CtFinding.NODULES;
import static org.coppipeline.symptom.domain.CtFinding.OP_PATTERN;
import static org.coppipeline.symptom.domain.CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION;
import static org.coppipeline.symptom.domain.CtFinding.PERILOBULAR_PATTERN;
import static org.coppipeline.symptom.domain.CtFinding.PERIPHERAL_DISTRIBUTION;
import static org.coppipeline.symptom.domain.CtFinding.REVERSED_HALO;
import static org.coppipeline.symptom.domain.CtFinding.UNILATERAL_CONSOLIDATION;
import static org.coppipeline.symptom.domain.KnowledgeVersion.V1;
import static org.coppipeline.symptom.domain.KnowledgeVersion.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Knowledge v2 (CONTRACT section 9, 4.1 v2), rule by rule and on both sides of each threshold, with v1 beside it. */
class SuspicionScorerV2Test {

    private static final Symptom[] TYPICAL_SYMPTOMS = { Symptom.NONPRODUCTIVE_COUGH, Symptom.DYSPNEA, Symptom.FEVER,
            Symptom.MALAISE, Symptom.FATIGUE, Symptom.WEIGHT_LOSS, Symptom.CRACKLES };

    private final SuspicionScorer scorer = new SuspicionScorer(ScoringThresholds.defaults());

    private SuspicionAssessment v2(CaseBuilder builder) {
        return scorer.assess(builder.build(), V2);
    }

    private SuspicionAssessment v1(CaseBuilder builder) {
        return scorer.assess(builder.build(), V1);
    }

    private static List<String> ruleIds(SuspicionAssessment assessment) {
        return assessment.contributions().stream().map(c -> c.source().ruleId()).toList();
    }

    private static Optional<Contribution> contribution(SuspicionAssessment assessment, KnowledgeRule rule) {
        return assessment.contributions().stream().filter(c -> c.source().equals(rule.source())).findFirst();
    }

    private static boolean fired(SuspicionAssessment assessment, KnowledgeRule rule) {
        return contribution(assessment, rule).isPresent();
    }

    private static List<String> missingFields(SuspicionAssessment assessment) {
        return assessment.missingData().stream().map(MissingData::field).toList();
    }

    private static List<String> warningCodes(SuspicionAssessment assessment) {
        return assessment.warnings().stream().map(Warning::code).toList();
    }

    @Nested
    class Age {

        @ParameterizedTest
        @CsvSource({ "39, false, false", "40, true, true", "70, true, true", "71, true, false", "80, true, false",
                "81, false, false" })
        void ageWindowIs40To80(int age, boolean firesInV2, boolean firesInV1) {
            SuspicionAssessment a = v2(aCase().age(age));
            assertEquals(firesInV2, fired(a, SxRuleV2.AGE_40_80));
            assertEquals(firesInV2 ? 1 : 0, a.score());
            assertFalse(fired(a, SxRule.AGE_40_70), "v2 never cites the v1 age rule");
            assertEquals(firesInV1, fired(v1(aCase().age(age)), SxRule.AGE_40_70));
        }

        @Test
        void ageContributionSaysWhy() {
            Contribution c = contribution(v2(aCase().age(75)), SxRuleV2.AGE_40_80).orElseThrow();
            assertEquals("typical-age", c.finding());
            assertTrue(c.rationale().contains("40..80"), c.rationale());
            assertEquals(List.of("Gudmundsson-2006", "Cordier-2006"), c.source().citations());
        }

        @Test
        void unknownAgeNamesTheV2Window() {
            assertEquals(new MissingData("/patient/ageYears", "an age within 40..80 years would add 1 point"),
                    v2(aCase()).missingData().get(0));
        }

        @ParameterizedTest
        @CsvSource({ "44, false", "45, true", "85, true", "86, false" })
        void v2WindowIsConfiguredApartFromV1s(int age, boolean fires) {
            SuspicionScorer custom = new SuspicionScorer(ScoringThresholds.defaults(),
                    new KnowledgeV2Thresholds(45, 85, 20));
            SuspicionAssessment a = custom.assess(aCase().age(age).build(), V2);
            assertEquals(fires, fired(a, SxRuleV2.AGE_40_80));
            a.contributions().forEach(c -> assertTrue(c.rationale().contains("45..85"), c.rationale()));
            // v1 keeps its own window
            assertEquals(age <= 70, fired(custom.assess(aCase().age(age).build(), V1), SxRule.AGE_40_70));
        }
    }

    @Nested
    class TypicalCt {

        @ParameterizedTest
        @CsvSource({
                "BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION, true",
                "UNILATERAL_CONSOLIDATION, PERIBRONCHOVASCULAR_DISTRIBUTION, true",
                "CONSOLIDATION, PERIPHERAL_DISTRIBUTION, true",
                "CONSOLIDATION, PERIBRONCHOVASCULAR_DISTRIBUTION, true",
                "CONSOLIDATION, GROUND_GLASS, false",
                "CONSOLIDATION, BILATERAL_CONSOLIDATION, false",
                "GROUND_GLASS, PERIPHERAL_DISTRIBUTION, false",
                "PERIPHERAL_DISTRIBUTION, PERIBRONCHOVASCULAR_DISTRIBUTION, false" })
        void consolidationOfAnySideWithATypicalDistribution(CtFinding first, CtFinding second, boolean fires) {
            SuspicionAssessment a = v2(aCase().ct(first, second));
            assertEquals(fires, fired(a, SxRuleV2.CT_TYPICAL));
            assertEquals(fires ? 4 : 0, a.score());
            a.contributions().forEach(c -> assertEquals("typical-ct-consolidation", c.finding()));
        }

        @Test
        void unstatedSideCountsOnlyInV2() {
            assertEquals(0, v1(aCase().ct(CONSOLIDATION, PERIPHERAL_DISTRIBUTION)).score());
            assertEquals(4, v2(aCase().ct(CONSOLIDATION, PERIPHERAL_DISTRIBUTION)).score());
        }

        @Test
        void opPatternGivesTheFourPointsOnItsOwn() {
            SuspicionAssessment a = v2(aCase().ct(OP_PATTERN));
            assertEquals(4, a.score());
            Contribution c = contribution(a, SxRuleV2.CT_TYPICAL).orElseThrow();
            assertEquals("typical-ct-op-pattern", c.finding());
            assertEquals("the radiologist reports a pattern typical of organizing pneumonia", c.rationale());
            assertEquals(0, v1(aCase().ct(OP_PATTERN)).score());
        }

        @ParameterizedTest
        @EnumSource(value = CtFinding.class, names = { "BILATERAL_CONSOLIDATION", "UNILATERAL_CONSOLIDATION",
                "CONSOLIDATION" })
        void opPatternWithTypicalConsolidationIsNeverEight(CtFinding consolidation) {
            SuspicionAssessment a = v2(aCase().ct(OP_PATTERN, consolidation, PERIPHERAL_DISTRIBUTION,
                    PERIBRONCHOVASCULAR_DISTRIBUTION));
            assertEquals(4, a.score());
            assertEquals(List.of("SX-CT-TYPICAL"), ruleIds(a));
            assertTrue(a.contributions().get(0).rationale().contains("counted once"));
        }

        @Test
        void opPatternWithConsolidationButNoTypicalDistributionIsStillFour() {
            SuspicionAssessment a = v2(aCase().ct(OP_PATTERN, BILATERAL_CONSOLIDATION));
            assertEquals(4, a.score());
            assertEquals("typical-ct-op-pattern", a.contributions().get(0).finding());
        }

        @Test
        void citesItsV1SourcesAndTheV2Ones() {
            assertEquals(List.of("KoreanGL-2021", "KoreanGL-2025", "Faria-2015", "Ujita-2004", "Zhang-2020",
                    "Cordier-2006"), contribution(v2(aCase().ct(OP_PATTERN)), SxRuleV2.CT_TYPICAL).orElseThrow()
                            .source().citations());
        }
    }

    @Nested
    class Nodules {

        @Test
        void multipleNodulesAddOne() {
            SuspicionAssessment a = v2(aCase().ct(NODULES));
            assertEquals(1, a.score());
            Contribution c = contribution(a, SxRuleV2.CT_NODULES).orElseThrow();
            assertEquals("nodules", c.finding());
            assertEquals(List.of("Cordier-2000"), c.source().citations());
        }

        @Test
        void centrilobularNodulesAreAnotherFinding() {
            assertEquals(0, v2(aCase().ct(CENTRILOBULAR_NODULES)).score());
        }

        @Test
        void nodulesOfACtNotPerformedAreNotScored() {
            SuspicionAssessment a = v2(aCase().ctNotPerformed(NODULES));
            assertEquals(0, a.score());
            assertEquals(List.of("ct-findings-without-ct"), warningCodes(a));
        }

        @Test
        void nodulesAddToTheTypicalPicture() {
            assertEquals(List.of("SX-CT-TYPICAL", "SX-CT-NODULES", "SX-CT-SIGN"),
                    ruleIds(v2(aCase().ct(OP_PATTERN, NODULES, REVERSED_HALO))));
        }
    }

    @Nested
    class ReversedHalo {

        @Test
        void countsWhenThePatientIsNotKnownToBeImmunocompromised() {
            SuspicionAssessment a = v2(aCase().ct(REVERSED_HALO));
            assertEquals(2, a.score());
            Contribution c = contribution(a, SxRuleV2.CT_SIGN).orElseThrow();
            assertTrue(c.rationale().contains("reversed-halo"), c.rationale());
            assertTrue(c.rationale().contains("does not count in an immunocompromised patient"), c.rationale());
            assertEquals(List.of(), a.warnings());
        }

        @Test
        void reportedImmunocompromisedTakesThePointsAwayAndWarns() {
            SuspicionAssessment a = v2(aCase().ct(REVERSED_HALO).immunocompromised(true));
            assertEquals(0, a.score());
            assertEquals(List.of(), a.contributions());
            assertEquals(List.of(new Warning(WarningLevel.WARNING, "reversed-halo-immunocompromised",
                    "a reversed halo in an immunocompromised patient suggests invasive mould infection (e.g."
                            + " mucormycosis); it adds no points to the suspicion score")), a.warnings());
        }

        @ParameterizedTest
        @EnumSource(Condition.class)
        void eachImmunocompromisingConditionTakesThePointsAway(Condition condition) {
            SuspicionAssessment a = v2(aCase().ct(REVERSED_HALO).immunocompromised(false).conditions(condition));
            assertEquals(condition.immunocompromising() ? 0 : 2, a.score(), condition.code());
            assertEquals(condition.immunocompromising(), warningCodes(a).contains("reversed-halo-immunocompromised"));
        }

        @ParameterizedTest
        @CsvSource({ "0, 2", "19.9, 2", "20, 0", "60, 0" })
        void prednisoneFrom20MgADayTakesThePointsAway(double dose, int score) {
            assertEquals(score, v2(aCase().ct(REVERSED_HALO).prednisoneMgPerDay(dose)).score());
        }

        @ParameterizedTest
        @CsvSource({ "9.5, 2", "10, 0" })
        void prednisoneThresholdIsConfiguration(double dose, int score) {
            SuspicionScorer custom = new SuspicionScorer(ScoringThresholds.defaults(),
                    new KnowledgeV2Thresholds(40, 80, 10));
            assertEquals(score, custom.assess(aCase().ct(REVERSED_HALO).prednisoneMgPerDay(dose).build(), V2).score());
        }

        @Test
        void otherSignsStillCountWithoutTheReversedHalo() {
            SuspicionAssessment a = v2(aCase().ct(MIGRATORY_OPACITIES, REVERSED_HALO, PERILOBULAR_PATTERN)
                    .conditions(Condition.LYMPHOMA));
            assertEquals(2, a.score());
            String rationale = contribution(a, SxRuleV2.CT_SIGN).orElseThrow().rationale();
            assertEquals("suggestive CT sign (migratory-opacities, perilobular-pattern); a reversed halo is not counted:"
                    + " in an immunocompromised patient it suggests invasive mould infection", rationale);
            assertEquals(List.of("reversed-halo-immunocompromised"), warningCodes(a));
        }

        @Test
        void v1StillCountsIt() {
            SuspicionAssessment a = v1(aCase().ct(REVERSED_HALO).immunocompromised(true)
                    .conditions(Condition.HEMATOPOIETIC_STEM_CELL_TRANSPLANT).prednisoneMgPerDay(40));
            assertEquals(2, a.score());
            assertEquals(List.of(), a.warnings());
        }

        @Test
        void unknownImmuneStateIsMissingWhenTheReversedHaloScoresAlone() {
            assertEquals(List.of(new MissingData("/patient/immunocompromised", "the reversed halo does not count in an"
                    + " immunocompromised patient: that would subtract 2 points")),
                    v2(aCase().ct(REVERSED_HALO)).missingData().stream()
                            .filter(m -> m.field().equals("/patient/immunocompromised")).toList());
            // Known either way, or another sign keeps the points anyway, or no halo: nothing to ask.
            assertFalse(missingFields(v2(aCase().ct(REVERSED_HALO).immunocompromised(false)))
                    .contains("/patient/immunocompromised"));
            assertFalse(missingFields(v2(aCase().ct(REVERSED_HALO).immunocompromised(true)))
                    .contains("/patient/immunocompromised"));
            assertFalse(missingFields(v2(aCase().ct(REVERSED_HALO).conditions(Condition.LEUKEMIA)))
                    .contains("/patient/immunocompromised"));
            assertFalse(missingFields(v2(aCase().ct(REVERSED_HALO, MIGRATORY_OPACITIES)))
                    .contains("/patient/immunocompromised"));
            assertFalse(missingFields(v2(aCase().ct(MIGRATORY_OPACITIES))).contains("/patient/immunocompromised"));
            assertFalse(missingFields(v1(aCase().ct(REVERSED_HALO))).contains("/patient/immunocompromised"));
        }
    }

    @Nested
    class Mass {

        @Test
        void aMassSubtractsOne() {
            SuspicionAssessment a = v2(aCase().ct(MASS));
            assertEquals(-1, a.score());
            assertEquals(List.of("mass"), a.counterIndicators());
            assertEquals(List.of("Cordier-1989", "Epler-2001", "Cordier-2000"),
                    contribution(a, SxRuleV2.CI_MASS).orElseThrow().source().citations());
            assertEquals(-3, v1(aCase().ct(MASS)).score());
        }

        @Test
        void honeycombingAndCavitationStillSubtractThree() {
            assertEquals(-7, v2(aCase().ct(HONEYCOMBING, MASS, CAVITATION)).score());
            assertEquals(List.of("honeycombing", "mass", "cavitation"),
                    v2(aCase().ct(HONEYCOMBING, MASS, CAVITATION)).counterIndicators());
        }

        @Test
        void missingCtSaysWhatItCouldChangeInV2() {
            MissingData ct = v2(aCase()).missingData().stream().filter(m -> m.field().equals("/imaging/ct"))
                    .findFirst().orElseThrow();
            assertEquals("no performed CT: its findings could add 7 points at most or subtract 7 points at most",
                    ct.effect());
        }
    }

    @Nested
    class SymptomsOnlyCap {

        private CaseBuilder eightPointsOfSymptomsAndAge() {
            return aCase().present(TYPICAL_SYMPTOMS).age(67);
        }

        @Test
        void highScoreOnSymptomsAloneStopsAtModerate() {
            SuspicionAssessment a = v2(eightPointsOfSymptomsAndAge());
            assertEquals(8, a.score());
            assertEquals(EvidenceLevel.SYMPTOMS_ONLY, a.evidenceLevel());
            assertEquals(Suspicion.MODERATE, a.suspicion());
            assertEquals(SxRuleV2.CAP_SYMPTOMS_ONLY.source(), a.band().source());
            assertEquals("score 8 is 8 or more, but it rests on symptoms and age only: moderate suspicion at most"
                    + " until the clinical course, a CT, BAL or histology is known (unvalidated design band limits)",
                    a.band().text());
        }

        @Test
        void belowTheHighBandNothingIsCapped() {
            SuspicionAssessment a = v2(aCase().present(TYPICAL_SYMPTOMS));
            assertEquals(7, a.score());
            assertEquals(Suspicion.MODERATE, a.suspicion());
            assertEquals(SxRule.BANDS.source(), a.band().source());
        }

        @Test
        void anyCourseValueLiftsTheCapEvenWhenItScoresNothing() {
            SuspicionAssessment a = v2(eightPointsOfSymptomsAndAge().duration(3));
            assertEquals(8, a.score());
            assertEquals(EvidenceLevel.CLINICAL_COURSE, a.evidenceLevel());
            assertEquals(Suspicion.HIGH, a.suspicion());
            assertEquals(SxRule.BANDS.source(), a.band().source());
            assertEquals(Suspicion.HIGH, v2(eightPointsOfSymptomsAndAge().courses(0)).suspicion());
            assertEquals(Suspicion.HIGH, v2(eightPointsOfSymptomsAndAge().response(AntibioticResponse.NONE))
                    .suspicion());
        }

        @Test
        void aPerformedCtOrAScoredBalValueLiftsTheCap() {
            assertEquals(Suspicion.HIGH, v2(eightPointsOfSymptomsAndAge().ct()).suspicion());
            assertEquals(Suspicion.HIGH, v2(eightPointsOfSymptomsAndAge().bal(null, null, 3.0)).suspicion());
        }

        @Test
        void aCtNotPerformedAnEmptyLavageOrANonDiagnosticBiopsyDoNot() {
            assertEquals(Suspicion.MODERATE, v2(eightPointsOfSymptomsAndAge().ctNotPerformed()).suspicion());
            assertEquals(Suspicion.MODERATE, v2(eightPointsOfSymptomsAndAge().bal(null, null, null)).suspicion());
            assertEquals(Suspicion.MODERATE,
                    v2(eightPointsOfSymptomsAndAge().histology(HistologyPattern.NON_DIAGNOSTIC)).suspicion());
            assertEquals(Suspicion.HIGH, v2(eightPointsOfSymptomsAndAge().histology(HistologyPattern.OTHER))
                    .suspicion());
        }

        @Test
        void theCapFollowsTheConfiguredBands() {
            SuspicionScorer custom = new SuspicionScorer(new ScoringThresholds(40, 70, 14, 90, 15, 1, 25, 2, 5));
            SuspicionAssessment a = custom.assess(aCase().present(Symptom.FEVER, Symptom.DYSPNEA, Symptom.MALAISE,
                    Symptom.FATIGUE, Symptom.CRACKLES).build(), V2);
            assertEquals(5, a.score());
            assertEquals(Suspicion.MODERATE, a.suspicion());
            assertTrue(a.band().text().startsWith("score 5 is 5 or more, but"), a.band().text());
            assertEquals(Suspicion.HIGH, custom.assess(aCase().present(Symptom.FEVER, Symptom.DYSPNEA,
                    Symptom.MALAISE, Symptom.FATIGUE, Symptom.CRACKLES).build(), V1).suspicion());
        }
    }

    /** Patterns of published case reports that v1 scores misleadingly (CONTRACT section 9). */
    @Nested
    class PublishedCasePatterns {

        @Test
        void symptomsOnlyCaseWithEightPointsIsModerateNotHigh() {
            CaseBuilder seven = aCase().present(TYPICAL_SYMPTOMS).age(58);
            assertEquals(8, v1(seven).score());
            assertEquals(Suspicion.HIGH, v1(seven).suspicion());
            assertEquals(8, v2(seven).score());
            assertEquals(Suspicion.MODERATE, v2(seven).suspicion());
            assertEquals("SX-CAP-SYMPTOMS-ONLY", v2(seven).band().source().ruleId());
        }

        @Test
        void reversedHaloAfterStemCellTransplantGivesNoReversedHaloPoint() {
            CaseBuilder transplant = aCase().present(Symptom.FEVER, Symptom.DYSPNEA).age(52).duration(20)
                    .ct(REVERSED_HALO, GROUND_GLASS).conditions(Condition.HEMATOPOIETIC_STEM_CELL_TRANSPLANT);
            assertTrue(fired(v1(transplant), SxRule.CT_SIGN));
            assertEquals(1 + 1 + 1 + 2 + 2, v1(transplant).score());
            assertFalse(fired(v2(transplant), SxRuleV2.CT_SIGN));
            assertEquals(1 + 1 + 1 + 2, v2(transplant).score());
            assertEquals(List.of("reversed-halo-immunocompromised"), warningCodes(v2(transplant)));
        }

        @Test
        void ctWithOnlyNodulesGivesOnePoint() {
            assertEquals(0, v1(aCase().ct(NODULES)).score());
            assertEquals(1, v2(aCase().ct(NODULES)).score());
            assertEquals(List.of("SX-CT-NODULES"), ruleIds(v2(aCase().ct(NODULES))));
        }

        @Test
        void massWithOpTypicalFindingsIsNotPushedBelowModerateByTheMass() {
            // Focal OP presenting as a mass: an older patient with a dry cough and a peripheral consolidation.
            CaseBuilder withMass = aCase().present(Symptom.NONPRODUCTIVE_COUGH).age(62)
                    .ct(MASS, UNILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION);
            CaseBuilder withoutMass = aCase().present(Symptom.NONPRODUCTIVE_COUGH).age(62)
                    .ct(UNILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION);
            assertEquals(1 + 1 + 4 - 3, v1(withMass).score());
            assertEquals(Suspicion.LOW, v1(withMass).suspicion());
            assertEquals(1 + 1 + 4 - 1, v2(withMass).score());
            assertEquals(Suspicion.MODERATE, v2(withMass).suspicion());
            assertEquals(v2(withoutMass).suspicion(), v2(withMass).suspicion());
            // The same with the radiologist's OP pattern in place of the consolidation.
            assertEquals(Suspicion.MODERATE, v2(aCase().present(Symptom.NONPRODUCTIVE_COUGH).age(62)
                    .ct(MASS, OP_PATTERN)).suspicion());
        }
    }

    @Test
    void everyScoringRuleFiresInTheV2OrderForACaseWithEverything() {
        SuspicionAssessment a = v2(aCase().present(Symptom.values()).age(75).duration(30).courses(1)
                .response(AntibioticResponse.PARTIAL)
                .ct(CONSOLIDATION, PERIBRONCHOVASCULAR_DISTRIBUTION, NODULES, REVERSED_HALO, HONEYCOMBING, MASS,
                        CAVITATION)
                .bal(40.0, 0.4, 30.0));
        assertEquals(List.of("SX-COUGH-NONPROD", "SX-DYSPNEA", "SX-FEVER", "SX-MALAISE", "SX-FATIGUE",
                "SX-WEIGHT-LOSS", "SX-CRACKLES", "SX-AGE-40-80", "SX-DURATION-SUBACUTE", "SX-ABX-FAILED",
                "SX-CT-TYPICAL", "SX-CT-NODULES", "SX-CT-SIGN", "SX-BAL-LYMPHO", "SX-CI-COUGH-PROD", "SX-CI-HEMOPTYSIS",
                "SX-CI-BAL-EOS", "SX-CI-HONEYCOMB", "SX-CI-MASS", "SX-CI-CAVITATION"), ruleIds(a));
        assertEquals(7 + 1 + 2 + 3 + 4 + 1 + 2 + 2 - 1 - 1 - 3 - 3 - 1 - 3, a.score());
        // The rules v2 replaces are cited with their v2 sources, the others as in v1.
        for (Contribution c : a.contributions()) {
            Optional<SxRuleV2> v2Rule = Arrays.stream(SxRuleV2.values())
                    .filter(r -> r.ruleId().equals(c.source().ruleId())).findFirst();
            RuleSource expected = v2Rule.isPresent() ? v2Rule.get().source() : Arrays.stream(SxRule.values())
                    .filter(r -> r.ruleId().equals(c.source().ruleId())).findFirst().orElseThrow().source();
            assertEquals(expected, c.source());
            assertEquals(v2Rule.isPresent() ? v2Rule.get().points() : c.points(), c.points());
        }
    }

    @Test
    void unchangedRulesGiveTheSameContributionsInBothVersions() {
        CaseBuilder rest = aCase().present(Symptom.values()).duration(30).courses(1)
                .response(AntibioticResponse.PARTIAL).ct(HONEYCOMBING, CAVITATION).bal(40.0, 0.4, 30.0);
        assertEquals(v1(rest).contributions(), v2(rest).contributions());
        // Only the unknown age is described differently: each version names its own window.
        assertEquals(v1(rest).missingData().subList(1, v1(rest).missingData().size()),
                v2(rest).missingData().subList(1, v2(rest).missingData().size()));
        assertEquals("an age within 40..70 years would add 1 point", v1(rest).missingData().get(0).effect());
        assertEquals("an age within 40..80 years would add 1 point", v2(rest).missingData().get(0).effect());
    }

    @Test
    void versionIsRequired() {
        assertThrows(NullPointerException.class, () -> scorer.assess(SuspicionInput.unknown(), null));
        assertThrows(NullPointerException.class, () -> new SuspicionScorer(ScoringThresholds.defaults(), null));
    }
}
