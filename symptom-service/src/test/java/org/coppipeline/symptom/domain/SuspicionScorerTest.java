package org.coppipeline.symptom.domain;

import static org.coppipeline.symptom.domain.AntibioticResponse.NONE;
import static org.coppipeline.symptom.domain.AntibioticResponse.PARTIAL;
import static org.coppipeline.symptom.domain.AntibioticResponse.RESOLVED;
import static org.coppipeline.symptom.domain.CaseBuilder.aCase;
import static org.coppipeline.symptom.domain.CtFinding.BILATERAL_CONSOLIDATION;
import static org.coppipeline.symptom.domain.CtFinding.CAVITATION;
import static org.coppipeline.symptom.domain.CtFinding.GROUND_GLASS;
import static org.coppipeline.symptom.domain.CtFinding.HONEYCOMBING;
import static org.coppipeline.symptom.domain.CtFinding.MASS;
import static org.coppipeline.symptom.domain.CtFinding.MIGRATORY_OPACITIES;
import static org.coppipeline.symptom.domain.CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION;
import static org.coppipeline.symptom.domain.CtFinding.PERILOBULAR_PATTERN;
import static org.coppipeline.symptom.domain.CtFinding.PERIPHERAL_DISTRIBUTION;
import static org.coppipeline.symptom.domain.CtFinding.REVERSED_HALO;
import static org.coppipeline.symptom.domain.CtFinding.UNILATERAL_CONSOLIDATION;
import static org.coppipeline.symptom.domain.KnowledgeVersion.V1;
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

/** Knowledge v1, rule by rule (v2 in {@link SuspicionScorerV2Test}). */
class SuspicionScorerTest {

    private final SuspicionScorer scorer = new SuspicionScorer(ScoringThresholds.defaults());

    private SuspicionAssessment assess(CaseBuilder builder) {
        return scorer.assess(builder.build(), V1);
    }

    private static List<String> ruleIds(SuspicionAssessment assessment) {
        return assessment.contributions().stream().map(c -> c.source().ruleId()).toList();
    }

    private static Optional<Contribution> contribution(SuspicionAssessment assessment, SxRule rule) {
        return assessment.contributions().stream().filter(c -> c.source().equals(rule.source())).findFirst();
    }

    private static boolean fired(SuspicionAssessment assessment, SxRule rule) {
        return contribution(assessment, rule).isPresent();
    }

    private static List<String> missingFields(SuspicionAssessment assessment) {
        return assessment.missingData().stream().map(MissingData::field).toList();
    }

    private static List<String> warningCodes(SuspicionAssessment assessment) {
        return assessment.warnings().stream().map(Warning::code).toList();
    }

    /** Every input that could change the score known, and no rule firing (with no course, no response is asked). */
    private static CaseBuilder fullyKnownQuietCase() {
        return aCase().absent(Symptom.values()).age(30).duration(5).courses(0).ct().bal(5.0, 2.0, 1.0);
    }

    @Test
    void nothingKnownScoresZeroLowSymptomsOnly() {
        SuspicionAssessment a = scorer.assess(SuspicionInput.unknown(), V1);
        assertEquals(0, a.score());
        assertEquals(Suspicion.LOW, a.suspicion());
        assertEquals(EvidenceLevel.SYMPTOMS_ONLY, a.evidenceLevel());
        assertEquals(List.of(), a.contributions());
        assertEquals(List.of(), a.counterIndicators());
        assertEquals(List.of(), a.warnings());
    }

    @Test
    void statementSaysTheScoreIsNotAProbability() {
        SuspicionAssessment a = scorer.assess(SuspicionInput.unknown(), V1);
        assertEquals(SxRule.NOT_VALIDATED.source(), a.statement().source());
        assertEquals(Mark.V, a.statement().source().mark());
        assertTrue(a.statement().text().contains("not a probability"));
        assertTrue(a.statement().text().contains("not been validated"));
    }

    @Nested
    class Symptoms {

        @ParameterizedTest
        @CsvSource({
                "NONPRODUCTIVE_COUGH, nonproductive-cough, 1, SX-COUGH-NONPROD",
                "PRODUCTIVE_COUGH, productive-cough, -1, SX-CI-COUGH-PROD",
                "DYSPNEA, dyspnea, 1, SX-DYSPNEA",
                "FEVER, fever, 1, SX-FEVER",
                "MALAISE, malaise, 1, SX-MALAISE",
                "FATIGUE, fatigue, 1, SX-FATIGUE",
                "WEIGHT_LOSS, weight-loss, 1, SX-WEIGHT-LOSS",
                "HEMOPTYSIS, hemoptysis, -1, SX-CI-HEMOPTYSIS",
                "CRACKLES, crackles, 1, SX-CRACKLES" })
        void presentSymptomFiresItsRule(Symptom symptom, String finding, int points, String ruleId) {
            SuspicionAssessment a = assess(aCase().present(symptom));
            assertEquals(1, a.contributions().size());
            Contribution c = a.contributions().get(0);
            assertEquals(finding, c.finding());
            assertEquals(points, c.points());
            assertEquals(ruleId, c.source().ruleId());
            assertFalse(c.rationale().isBlank());
            assertEquals(points, a.score());
            assertEquals(points < 0 ? List.of(finding) : List.of(), a.counterIndicators());
        }

        @ParameterizedTest
        @EnumSource(Symptom.class)
        void symptomListedTwiceCountsOnceWithAnInfo(Symptom symptom) {
            SuspicionAssessment a = assess(aCase().present(symptom, symptom));
            assertEquals(SxRule.forSymptom(symptom).points(), a.score());
            assertEquals(1, a.contributions().size());
            assertEquals(List.of(new Warning(WarningLevel.INFO, "symptom-repeated",
                    symptom.code() + " is listed 2 times; it is counted once")), a.warnings());
        }

        @ParameterizedTest
        @EnumSource(Symptom.class)
        void absentSymptomIsNotCountedAndNotMissing(Symptom symptom) {
            SuspicionAssessment a = assess(aCase().absent(symptom));
            assertEquals(List.of(), a.contributions());
            assertEquals(0, a.score());
            assertTrue(a.missingData().stream().noneMatch(m -> m.effect().startsWith(symptom.code() + " ")));
            assertEquals(List.of(), a.warnings());
        }

        @ParameterizedTest
        @EnumSource(Symptom.class)
        void unlistedSymptomIsMissingData(Symptom symptom) {
            SuspicionAssessment a = assess(aCase());
            String effect = symptom.code() + " is not listed: if present it would "
                    + Wording.pointsEffect(SxRule.forSymptom(symptom).points());
            assertTrue(a.missingData().contains(new MissingData("/symptoms", effect)), a.missingData()::toString);
        }

        @ParameterizedTest
        @EnumSource(Symptom.class)
        void presentAndAbsentIsNotScoredButWarnedAndMissing(Symptom symptom) {
            SuspicionAssessment a = assess(aCase().present(symptom).absent(symptom).absent(symptom));
            assertEquals(List.of(), a.contributions());
            assertEquals(List.of("symptom-conflicting"), warningCodes(a));
            assertEquals(WarningLevel.WARNING, a.warnings().get(0).level());
            assertTrue(a.warnings().get(0).message().startsWith(symptom.code() + " is listed both"));
            assertTrue(a.missingData().contains(new MissingData("/symptoms", symptom.code()
                    + " is listed both present and absent: if present it would "
                    + Wording.pointsEffect(SxRule.forSymptom(symptom).points()))));
        }

        @Test
        void repeatedAbsentSymptomAlsoGetsTheInfo() {
            SuspicionAssessment a = assess(aCase().absent(Symptom.FEVER, Symptom.FEVER, Symptom.FEVER));
            assertEquals(List.of(new Warning(WarningLevel.INFO, "symptom-repeated",
                    "fever is listed 3 times; it is counted once")), a.warnings());
        }

        @Test
        void allNineSymptomsListedPresentScoreFive() {
            SuspicionAssessment a = assess(aCase().present(Symptom.values()));
            assertEquals(5, a.score()); // 7 typical minus productive cough and hemoptysis
            assertEquals(List.of("productive-cough", "hemoptysis"), a.counterIndicators());
        }
    }

    @Nested
    class AgeAndCourse {

        @ParameterizedTest
        @CsvSource({ "39, false", "40, true", "55, true", "70, true", "71, false", "0, false", "120, false" })
        void ageBand(int age, boolean fires) {
            SuspicionAssessment a = assess(aCase().age(age));
            assertEquals(fires, fired(a, SxRule.AGE_40_70));
            assertEquals(fires ? 1 : 0, a.score());
            assertFalse(missingFields(a).contains("/patient/ageYears"));
        }

        @Test
        void ageContributionSaysWhy() {
            Contribution c = contribution(assess(aCase().age(40)), SxRule.AGE_40_70).orElseThrow();
            assertEquals("typical-age", c.finding());
            assertEquals(1, c.points());
            assertTrue(c.rationale().contains("40..70"), c.rationale());
        }

        @Test
        void unknownAgeIsMissingData() {
            assertEquals(new MissingData("/patient/ageYears", "an age within 40..70 years would add 1 point"),
                    assess(aCase()).missingData().get(0));
        }

        @ParameterizedTest
        @CsvSource({ "13, false", "14, true", "49, true", "90, true", "91, false", "0, false" })
        void subacuteDuration(int days, boolean fires) {
            SuspicionAssessment a = assess(aCase().duration(days));
            assertEquals(fires, fired(a, SxRule.DURATION_SUBACUTE));
            assertEquals(fires ? 2 : 0, a.score());
            assertEquals(EvidenceLevel.CLINICAL_COURSE, a.evidenceLevel());
            assertFalse(missingFields(a).contains("/course/symptomDurationDays"));
        }

        @Test
        void durationContributionSaysWhy() {
            Contribution c = contribution(assess(aCase().duration(14)), SxRule.DURATION_SUBACUTE).orElseThrow();
            assertEquals("subacute-duration", c.finding());
            assertTrue(c.rationale().contains("14..90"), c.rationale());
        }

        @ParameterizedTest
        @CsvSource({
                "0, NONE, 0", "1, NONE, 3", "1, PARTIAL, 3", "2, NONE, 3", "1, RESOLVED, -3", "0, RESOLVED, -3",
                "0, PARTIAL, 0", "-1, NONE, 0" })
        void antibioticHistory(int courses, AntibioticResponse response, int points) {
            SuspicionAssessment a = assess(aCase().courses(courses).response(response));
            assertEquals(points, a.score());
            assertEquals(points == 3, fired(a, SxRule.ABX_FAILED));
            assertEquals(points == -3, fired(a, SxRule.CI_ABX_RESOLVED));
        }

        @Test
        void antibioticFailureNeedsBothCourseAndResponse() {
            assertFalse(fired(assess(aCase().courses(1)), SxRule.ABX_FAILED));
            assertFalse(fired(assess(aCase().response(NONE)), SxRule.ABX_FAILED));
            assertFalse(fired(assess(aCase().response(PARTIAL)), SxRule.ABX_FAILED));
            Contribution c = contribution(assess(aCase().courses(1).response(PARTIAL)), SxRule.ABX_FAILED)
                    .orElseThrow();
            assertEquals("antibiotic-failure", c.finding());
        }

        @Test
        void resolvedOnAntibioticsIsACounterIndicatorWhateverTheCourses() {
            SuspicionAssessment a = assess(aCase().response(RESOLVED));
            assertEquals(-3, a.score());
            assertEquals(List.of("antibiotic-response-resolved"), a.counterIndicators());
        }

        @Test
        void responseWithoutAnyCourseIsWarned() {
            assertEquals(List.of("antibiotic-response-without-course"),
                    warningCodes(assess(aCase().courses(0).response(PARTIAL))));
            assertEquals(List.of(), warningCodes(assess(aCase().courses(1).response(PARTIAL))));
            assertEquals(List.of(), warningCodes(assess(aCase().courses(0))));
            assertEquals(List.of(), warningCodes(assess(aCase().response(RESOLVED))));
        }
    }

    @Nested
    class Imaging {

        @ParameterizedTest
        @CsvSource({
                "BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION, true",
                "UNILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION, true",
                "BILATERAL_CONSOLIDATION, PERIBRONCHOVASCULAR_DISTRIBUTION, true",
                "UNILATERAL_CONSOLIDATION, PERIBRONCHOVASCULAR_DISTRIBUTION, true",
                "BILATERAL_CONSOLIDATION, GROUND_GLASS, false",
                "GROUND_GLASS, PERIPHERAL_DISTRIBUTION, false",
                "PERIPHERAL_DISTRIBUTION, PERIBRONCHOVASCULAR_DISTRIBUTION, false",
                "BILATERAL_CONSOLIDATION, UNILATERAL_CONSOLIDATION, false" })
        void typicalConsolidationNeedsConsolidationAndDistribution(CtFinding first, CtFinding second, boolean fires) {
            SuspicionAssessment a = assess(aCase().ct(first, second));
            assertEquals(fires, fired(a, SxRule.CT_TYPICAL));
            assertEquals(fires ? 4 : 0, a.score());
        }

        @ParameterizedTest
        @EnumSource(value = CtFinding.class, names = { "MIGRATORY_OPACITIES", "REVERSED_HALO", "PERILOBULAR_PATTERN" })
        void eachSuggestiveSignAddsTwo(CtFinding sign) {
            SuspicionAssessment a = assess(aCase().ct(sign));
            assertEquals(2, a.score());
            Contribution c = contribution(a, SxRule.CT_SIGN).orElseThrow();
            assertEquals("suggestive-ct-sign", c.finding());
            assertTrue(c.rationale().contains(sign.code()), c.rationale());
        }

        @Test
        void severalSuggestiveSignsStillAddTwoOnce() {
            SuspicionAssessment a = assess(aCase().ct(MIGRATORY_OPACITIES, REVERSED_HALO, PERILOBULAR_PATTERN));
            assertEquals(2, a.score());
            assertEquals(List.of("SX-CT-SIGN"), ruleIds(a));
            assertTrue(a.contributions().get(0).rationale()
                    .contains("migratory-opacities, reversed-halo, perilobular-pattern"));
        }

        @ParameterizedTest
        @CsvSource({ "HONEYCOMBING, SX-CI-HONEYCOMB", "MASS, SX-CI-MASS", "CAVITATION, SX-CI-CAVITATION" })
        void eachCounterIndicatingFindingSubtractsThree(CtFinding finding, String ruleId) {
            SuspicionAssessment a = assess(aCase().ct(finding));
            assertEquals(-3, a.score());
            assertEquals(List.of(ruleId), ruleIds(a));
            assertEquals(List.of(finding.code()), a.counterIndicators());
        }

        @Test
        void allThreeCounterIndicatingFindingsSubtractNine() {
            SuspicionAssessment a = assess(aCase().ct(HONEYCOMBING, MASS, CAVITATION));
            assertEquals(-9, a.score());
            assertEquals(List.of("honeycombing", "mass", "cavitation"), a.counterIndicators());
        }

        @Test
        void otherFindingsAddNothing() {
            SuspicionAssessment a = assess(aCase().ct(GROUND_GLASS, CtFinding.PLEURAL_EFFUSION,
                    CtFinding.LYMPHADENOPATHY, CtFinding.SOLITARY_OPACITY, CtFinding.CENTRILOBULAR_NODULES));
            assertEquals(0, a.score());
            assertEquals(EvidenceLevel.IMAGING, a.evidenceLevel());
        }

        @Test
        void findingsOfACtMarkedNotPerformedAreWarnedAndNotScored() {
            SuspicionAssessment a = assess(aCase().ctNotPerformed(BILATERAL_CONSOLIDATION, PERIPHERAL_DISTRIBUTION,
                    MASS));
            assertEquals(0, a.score());
            assertEquals(List.of(), a.contributions());
            assertEquals(List.of("ct-findings-without-ct"), warningCodes(a));
            assertEquals(EvidenceLevel.SYMPTOMS_ONLY, a.evidenceLevel());
            assertTrue(missingFields(a).contains("/imaging/ct"));
        }

        @Test
        void ctNotPerformedWithoutFindingsIsNotOdd() {
            SuspicionAssessment a = assess(aCase().ctNotPerformed());
            assertEquals(List.of(), a.warnings());
            assertTrue(missingFields(a).contains("/imaging/ct"));
        }

        @Test
        void performedCtWithNoFindingIsKnownData() {
            SuspicionAssessment a = assess(aCase().ct());
            assertFalse(missingFields(a).contains("/imaging/ct"));
            assertEquals(EvidenceLevel.IMAGING, a.evidenceLevel());
            assertEquals("the score uses chest CT data", a.evidenceLevelWhy().text());
        }

        @Test
        void missingCtSaysWhatItCouldChange() {
            MissingData ct = assess(aCase()).missingData().stream().filter(m -> m.field().equals("/imaging/ct"))
                    .findFirst().orElseThrow();
            assertEquals("no performed CT: its findings could add 6 points at most or subtract 9 points at most",
                    ct.effect());
        }
    }

    @Nested
    class Lavage {

        @ParameterizedTest
        @CsvSource({
                "15, 0.99, false", "16, 0.99, true", "15.01, 0.5, true", "16, 1, false", "15, 1, false",
                "38, 0.5, true", "100, 0, true" })
        void lymphocyticLavageWithLowRatio(double lymphocytes, double ratio, boolean fires) {
            SuspicionAssessment a = assess(aCase().bal(lymphocytes, ratio, null));
            assertEquals(fires, fired(a, SxRule.BAL_LYMPHO));
            assertEquals(fires ? 2 : 0, a.score());
            assertEquals(EvidenceLevel.IMAGING, a.evidenceLevel());
        }

        @Test
        void lymphocyteRuleNeedsBothValues() {
            assertFalse(fired(assess(aCase().bal(40.0, null, null)), SxRule.BAL_LYMPHO));
            assertFalse(fired(assess(aCase().bal(null, 0.3, null)), SxRule.BAL_LYMPHO));
            Contribution c = contribution(assess(aCase().bal(40.0, 0.3, null)), SxRule.BAL_LYMPHO).orElseThrow();
            assertEquals("lymphocytic-bal-low-cd4-cd8", c.finding());
            assertTrue(c.rationale().contains("above 15 % with CD4/CD8 below 1"), c.rationale());
        }

        @ParameterizedTest
        @CsvSource({ "25, false", "25.5, true", "26, true", "3, false" })
        void eosinophilicLavage(double eosinophils, boolean fires) {
            SuspicionAssessment a = assess(aCase().bal(null, null, eosinophils));
            assertEquals(fires, fired(a, SxRule.CI_BAL_EOS));
            assertEquals(fires ? -3 : 0, a.score());
            assertEquals(fires ? List.of("bal-eosinophilia") : List.of(), a.counterIndicators());
        }

        @Test
        void eosinophilRationaleNamesTheCutOff() {
            Contribution c = contribution(assess(aCase().bal(null, null, 30.0)), SxRule.CI_BAL_EOS).orElseThrow();
            assertTrue(c.rationale().contains("above 25 %"), c.rationale());
        }
    }

    @Nested
    class Bands {

        @ParameterizedTest
        @CsvSource({ "-17, LOW", "0, LOW", "3, LOW", "4, MODERATE", "7, MODERATE", "8, HIGH", "27, HIGH" })
        void bandLimits(int score, Suspicion expected) {
            assertEquals(expected, scorer.band(score));
        }

        @ParameterizedTest
        @CsvSource({ "3, LOW", "4, MODERATE", "7, MODERATE", "8, HIGH" })
        void scoredCasesAtTheBandEdges(int typicalSymptoms, Suspicion expected) {
            Symptom[] typical = { Symptom.NONPRODUCTIVE_COUGH, Symptom.DYSPNEA, Symptom.FEVER, Symptom.MALAISE,
                    Symptom.FATIGUE, Symptom.WEIGHT_LOSS, Symptom.CRACKLES };
            CaseBuilder builder = aCase().present(Arrays.copyOf(typical, Math.min(7, typicalSymptoms)));
            if (typicalSymptoms == 8) {
                builder.age(55);
            }
            SuspicionAssessment a = assess(builder);
            assertEquals(typicalSymptoms, a.score());
            assertEquals(expected, a.suspicion());
            assertEquals(SxRule.BANDS.source(), a.band().source());
        }

        @Test
        void bandReasonNamesTheLimits() {
            assertEquals("score 3 is below 4: low suspicion (unvalidated design band limits)",
                    assess(aCase().present(Symptom.FEVER, Symptom.DYSPNEA, Symptom.MALAISE)).band().text());
            assertEquals("score 4 is within 4..7: moderate suspicion (unvalidated design band limits)",
                    assess(aCase().present(Symptom.FEVER, Symptom.DYSPNEA, Symptom.MALAISE, Symptom.FATIGUE))
                            .band().text());
            assertEquals("score 8 is 8 or more: high suspicion (unvalidated design band limits)",
                    assess(aCase().present(Symptom.FEVER).age(50).duration(20).courses(1).response(NONE)
                            .present(Symptom.CRACKLES)).band().text());
        }
    }

    @Nested
    class EvidenceLevels {

        @Test
        void symptomsAndAgeAreSymptomsOnly() {
            SuspicionAssessment a = assess(aCase().present(Symptom.FEVER).age(50));
            assertEquals(EvidenceLevel.SYMPTOMS_ONLY, a.evidenceLevel());
            assertEquals("the score uses symptoms and age only", a.evidenceLevelWhy().text());
            assertEquals(SxRule.EVIDENCE_LEVEL.source(), a.evidenceLevelWhy().source());
        }

        @Test
        void anyCourseValueIsClinicalCourse() {
            assertEquals(EvidenceLevel.CLINICAL_COURSE, assess(aCase().duration(3)).evidenceLevel());
            assertEquals(EvidenceLevel.CLINICAL_COURSE, assess(aCase().courses(0)).evidenceLevel());
            assertEquals(EvidenceLevel.CLINICAL_COURSE, assess(aCase().response(NONE)).evidenceLevel());
            assertEquals("the score uses the clinical course but no CT, BAL or histology",
                    assess(aCase().duration(3)).evidenceLevelWhy().text());
        }

        @Test
        void balIsImagingLevelOnlyWhenItHasAScoredValue() {
            assertEquals(EvidenceLevel.IMAGING, assess(aCase().bal(null, null, 2.0)).evidenceLevel());
            assertEquals(EvidenceLevel.IMAGING, assess(aCase().bal(null, 3.0, null)).evidenceLevel());
            assertEquals(EvidenceLevel.IMAGING, assess(aCase().bal(10.0, null, null)).evidenceLevel());
            assertEquals("the score uses BAL data", assess(aCase().bal(10.0, null, null)).evidenceLevelWhy().text());
            assertEquals(EvidenceLevel.CLINICAL_COURSE, assess(aCase().duration(3).bal(null, null, null))
                    .evidenceLevel());
        }

        @Test
        void ctAndBalTogether() {
            SuspicionAssessment a = assess(aCase().duration(3).ct().bal(10.0, null, null));
            assertEquals(EvidenceLevel.IMAGING, a.evidenceLevel());
            assertEquals("the score uses chest CT and BAL data", a.evidenceLevelWhy().text());
        }

        @ParameterizedTest
        @CsvSource({ "ORGANIZING_PNEUMONIA, HISTOLOGY", "OTHER, HISTOLOGY", "NON_DIAGNOSTIC, IMAGING" })
        void diagnosticHistologyIsHighest(HistologyPattern pattern, EvidenceLevel expected) {
            SuspicionAssessment a = assess(aCase().ct().histology(pattern));
            assertEquals(expected, a.evidenceLevel());
            assertEquals(0, a.score());
        }

        @Test
        void histologyReasonSaysItAddsNoPoints() {
            assertEquals("a diagnostic histology pattern is reported (it adds no points to the score)",
                    assess(aCase().histology(HistologyPattern.OTHER)).evidenceLevelWhy().text());
        }
    }

    @Nested
    class Missing {

        @Test
        void fullyKnownCaseMissesNothing() {
            SuspicionAssessment a = assess(fullyKnownQuietCase());
            assertEquals(List.of(), a.missingData());
            assertEquals(0, a.score());
            assertEquals(List.of(), a.warnings());
        }

        @Test
        void nothingKnownListsEveryGroupInOrder() {
            List<String> fields = missingFields(assess(aCase()));
            List<String> expected = new java.util.ArrayList<>(List.of("/patient/ageYears"));
            for (int i = 0; i < Symptom.values().length; i++) {
                expected.add("/symptoms");
            }
            expected.addAll(List.of("/course/symptomDurationDays", "/course/antibioticCourses",
                    "/course/antibioticResponse", "/imaging/ct", "/bal"));
            assertEquals(expected, fields);
        }

        @Test
        void unknownCourseValuesSayWhatTheyCouldChange() {
            List<MissingData> missing = assess(aCase()).missingData();
            assertTrue(missing.contains(new MissingData("/course/symptomDurationDays",
                    "a duration within 14..90 days would add 2 points")));
            assertTrue(missing.contains(new MissingData("/course/antibioticCourses",
                    "at least one course with response none or partial would add 3 points")));
            assertTrue(missing.contains(new MissingData("/course/antibioticResponse",
                    "none or partial after a course would add 3 points; resolved would subtract 3 points")));
            assertTrue(missing.contains(new MissingData("/bal", "lymphocytes above 15 % with CD4/CD8 below 1"
                    + " would add 2 points; eosinophils above 25 % would subtract 3 points")));
        }

        @Test
        void coursesDoNotMatterOnceResolved() {
            assertFalse(missingFields(assess(aCase().response(RESOLVED))).contains("/course/antibioticCourses"));
            assertTrue(missingFields(assess(aCase().response(NONE))).contains("/course/antibioticCourses"));
            assertTrue(missingFields(assess(aCase().response(PARTIAL))).contains("/course/antibioticCourses"));
        }

        @ParameterizedTest
        @CsvSource({ "0, false", "1, true", "3, true" })
        void responseMattersOnlyAfterACourse(int courses, boolean listed) {
            assertEquals(listed, missingFields(assess(aCase().courses(courses))).contains("/course/antibioticResponse"));
        }

        @ParameterizedTest
        @CsvSource({ "0.99, true", "1, false", "5, false" })
        void unknownLymphocytesMatterOnlyWithALowRatio(double ratio, boolean listed) {
            List<String> fields = missingFields(assess(aCase().bal(null, ratio, 1.0)));
            assertEquals(listed, fields.contains("/bal/lymphocytePercent"));
            assertFalse(fields.contains("/bal/cd4Cd8Ratio"));
            assertFalse(fields.contains("/bal"));
        }

        @ParameterizedTest
        @CsvSource({ "16, true", "15, false", "5, false" })
        void unknownRatioMattersOnlyWithManyLymphocytes(double lymphocytes, boolean listed) {
            List<String> fields = missingFields(assess(aCase().bal(lymphocytes, null, 1.0)));
            assertEquals(listed, fields.contains("/bal/cd4Cd8Ratio"));
            assertFalse(fields.contains("/bal/lymphocytePercent"));
        }

        @Test
        void emptyLavageListsEachValue() {
            List<MissingData> missing = assess(aCase().bal(null, null, null)).missingData();
            assertTrue(missing.contains(new MissingData("/bal/lymphocytePercent",
                    "lymphocytes above 15 % (with CD4/CD8 below 1) would add 2 points")));
            assertTrue(missing.contains(new MissingData("/bal/cd4Cd8Ratio",
                    "CD4/CD8 below 1 (with lymphocytes above 15 %) would add 2 points")));
            assertTrue(missing.contains(new MissingData("/bal/eosinophilPercent",
                    "eosinophils above 25 % would subtract 3 points")));
            assertFalse(missingFields(assess(aCase().bal(null, null, null))).contains("/bal"));
        }
    }

    @Test
    void everyScoringRuleFiresInOrderForACaseWithEverything() {
        SuspicionAssessment a = assess(aCase().present(Symptom.values()).age(55).duration(30).courses(1)
                .response(PARTIAL).ct(UNILATERAL_CONSOLIDATION, PERIBRONCHOVASCULAR_DISTRIBUTION, REVERSED_HALO,
                        HONEYCOMBING, MASS, CAVITATION)
                .bal(40.0, 0.4, 30.0));
        List<String> expected = Arrays.stream(SxRule.values()).filter(r -> r.points() != 0)
                .filter(r -> r != SxRule.CI_ABX_RESOLVED).map(SxRule::ruleId).toList();
        assertEquals(expected, ruleIds(a));
        assertEquals(7 + 1 + 2 + 3 + 4 + 2 + 2 - 1 - 1 - 3 - 3 - 3 - 3, a.score());
        assertEquals(List.of("productive-cough", "hemoptysis", "bal-eosinophilia", "honeycombing", "mass",
                "cavitation"), a.counterIndicators());
    }

    @Test
    void sameInputGivesAnEqualResult() {
        SuspicionInput input = aCase().present(Symptom.FEVER).age(50).ct(MASS).bal(20.0, 0.5, 1.0).build();
        assertEquals(scorer.assess(input, V1), new SuspicionScorer(ScoringThresholds.defaults()).assess(input, V1));
    }

    @Nested
    class ConfiguredThresholds {

        private final SuspicionScorer custom = new SuspicionScorer(new ScoringThresholds(45, 75, 7, 30, 20, 0.8, 30,
                3, 6));

        @ParameterizedTest
        @CsvSource({ "44, false", "45, true", "75, true", "76, false" })
        void ageWindowFollowsConfiguration(int age, boolean fires) {
            SuspicionAssessment a = custom.assess(aCase().age(age).build(), V1);
            assertEquals(fires, fired(a, SxRule.AGE_40_70));
            a.contributions().forEach(c -> assertTrue(c.rationale().contains("45..75"), c.rationale()));
        }

        @ParameterizedTest
        @CsvSource({ "6, false", "7, true", "30, true", "31, false" })
        void durationWindowFollowsConfiguration(int days, boolean fires) {
            assertEquals(fires, fired(custom.assess(aCase().duration(days).build(), V1), SxRule.DURATION_SUBACUTE));
        }

        @ParameterizedTest
        @CsvSource({ "20, 0.5, false", "21, 0.79, true", "21, 0.8, false", "30, 0, true" })
        void lavageCutOffsFollowConfiguration(double lymphocytes, double ratio, boolean fires) {
            assertEquals(fires, fired(custom.assess(aCase().bal(lymphocytes, ratio, null).build(), V1),
                    SxRule.BAL_LYMPHO));
        }

        @ParameterizedTest
        @CsvSource({ "30, false", "30.5, true" })
        void eosinophilCutOffFollowsConfiguration(double eosinophils, boolean fires) {
            assertEquals(fires, fired(custom.assess(aCase().bal(null, null, eosinophils).build(), V1),
                    SxRule.CI_BAL_EOS));
        }

        @ParameterizedTest
        @CsvSource({ "2, LOW", "3, MODERATE", "5, MODERATE", "6, HIGH" })
        void bandsFollowConfiguration(int score, Suspicion expected) {
            assertEquals(expected, custom.band(score));
        }

        @Test
        void textsUseTheConfiguredNumbers() {
            SuspicionAssessment a = custom.assess(aCase().present(Symptom.FEVER, Symptom.DYSPNEA, Symptom.MALAISE)
                    .build(), V1);
            assertEquals("score 3 is within 3..5: moderate suspicion (unvalidated design band limits)",
                    a.band().text());
            assertTrue(a.missingData().contains(new MissingData("/patient/ageYears",
                    "an age within 45..75 years would add 1 point")));
            assertTrue(a.missingData().contains(new MissingData("/course/symptomDurationDays",
                    "a duration within 7..30 days would add 2 points")));
            assertTrue(a.missingData().contains(new MissingData("/bal", "lymphocytes above 20 % with CD4/CD8 below"
                    + " 0.8 would add 2 points; eosinophils above 30 % would subtract 3 points")));
        }
    }

    /** The v1.2 input additions are accepted by v1 and change nothing in what it says. */
    @Nested
    class V12Additions {

        @Test
        void newCtFindingsScoreNothingButTheCtIsStillRead() {
            SuspicionAssessment a = assess(aCase().ct(CtFinding.NODULES, CtFinding.CONSOLIDATION,
                    PERIPHERAL_DISTRIBUTION, CtFinding.OP_PATTERN));
            assertEquals(0, a.score());
            assertEquals(List.of(), a.contributions());
            assertEquals(EvidenceLevel.IMAGING, a.evidenceLevel());
            assertEquals(List.of(), a.warnings());
        }

        @Test
        void immuneStateChangesNothing() {
            CaseBuilder halo = aCase().present(Symptom.FEVER).ct(REVERSED_HALO);
            SuspicionAssessment unknown = assess(halo);
            SuspicionAssessment compromised = assess(aCase().present(Symptom.FEVER).ct(REVERSED_HALO)
                    .immunocompromised(true).conditions(Condition.SOLID_ORGAN_TRANSPLANT).prednisoneMgPerDay(30));
            assertEquals(unknown, compromised);
            assertEquals(3, compromised.score());
        }
    }

    @Test
    void scorerNeedsThresholds() {
        assertThrows(NullPointerException.class, () -> new SuspicionScorer(null));
    }
}
