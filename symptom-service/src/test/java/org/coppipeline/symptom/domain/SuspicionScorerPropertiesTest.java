package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.core.Gen;

/**
 * Invariants of the score over generated inputs (values out of schema range and the v1.2 additions included) and
 * thresholds: the v1 ones, and the safety invariants of both versions over 100,000 cases each.
 */
class SuspicionScorerPropertiesTest {

    private static final int EXAMPLES = 10_000;
    private static final int SAFETY_EXAMPLES = 100_000;

    private static final Gen<SymptomReport> SYMPTOM_REPORTS = arbitrary().enumValues(Symptom.class)
            .zip(booleans().all(), SymptomReport::new);

    /** A number near the interesting cut-offs most of the time, anywhere in (and beyond) the schema range otherwise. */
    private static Gen<Optional<Double>> percent() {
        return doubles().between(-1, 101).mix(integers().between(13, 28).map(Integer::doubleValue), 50)
                .toOptionals(25);
    }

    private static Gen<Optional<Integer>> whole(int min, int max) {
        return integers().between(min, max).toOptionals(25);
    }

    private static final Gen<Set<CtFinding>> CT_FINDINGS = lists().of(arbitrary().enumValues(CtFinding.class))
            .ofSizeBetween(0, 6).map(list -> list.isEmpty() ? EnumSet.noneOf(CtFinding.class) : EnumSet.copyOf(list));

    private static final Gen<Optional<CtScan>> CT = booleans().all().zip(CT_FINDINGS, CtScan::new).toOptionals(25);

    private static final Gen<Optional<BalResult>> BAL = percent()
            .zip(doubles().between(-0.5, 21).mix(doubles().between(0.9, 1.1), 50).toOptionals(25), percent(),
                    BalResult::new)
            .toOptionals(30);

    private static final Gen<ImmuneHistory> IMMUNE_HISTORY = booleans().all().toOptionals(40)
            .zip(lists().of(arbitrary().enumValues(Condition.class)).ofSizeBetween(0, 3).map(list -> Set.copyOf(list)),
                    doubles().between(0, 60).mix(doubles().between(19, 21), 50).toOptionals(40), ImmuneHistory::new)
            .mix(random -> ImmuneHistory.unknown(), 30);

    static final Gen<SuspicionInput> INPUTS = random -> new SuspicionInput(
            lists().of(SYMPTOM_REPORTS).ofSizeBetween(0, 14).generate(random),
            whole(-5, 130).generate(random),
            whole(-5, 4000).mix(whole(10, 95), 50).generate(random),
            whole(-2, 60).mix(whole(0, 2), 50).generate(random),
            arbitrary().enumValues(AntibioticResponse.class).toOptionals(25).generate(random),
            CT.generate(random),
            BAL.generate(random),
            arbitrary().enumValues(HistologyPattern.class).toOptionals(60).generate(random),
            IMMUNE_HISTORY.generate(random));

    /** Valid thresholds of every shape, the contract's defaults among them. */
    static final Gen<ScoringThresholds> THRESHOLDS = random -> {
        int ageMin = integers().between(0, 90).generate(random);
        int durationMin = integers().between(0, 200).generate(random);
        int moderate = integers().between(-10, 15).generate(random);
        return new ScoringThresholds(ageMin, ageMin + integers().between(0, 40).generate(random), durationMin,
                durationMin + integers().between(0, 200).generate(random),
                doubles().between(0, 100).generate(random), doubles().between(0.01, 20).generate(random),
                doubles().between(0, 100).generate(random), moderate,
                moderate + integers().between(1, 12).generate(random));
    };

    private static final Gen<ScoringThresholds> ANY_THRESHOLDS =
            THRESHOLDS.mix(random -> ScoringThresholds.defaults(), 50);

    @Test
    void sameInputGivesAnEqualResultAndNeverThrows() {
        qt().withExamples(EXAMPLES).forAll(ANY_THRESHOLDS, INPUTS).checkAssert((thresholds, input) -> {
            SuspicionAssessment first = new SuspicionScorer(thresholds).assess(input, KnowledgeVersion.V1);
            SuspicionAssessment second = new SuspicionScorer(thresholds).assess(input, KnowledgeVersion.V1);
            assertEquals(first, second);
        });
    }

    @Test
    void scoreIsTheSumOfTheContributions() {
        qt().withExamples(EXAMPLES).forAll(ANY_THRESHOLDS, INPUTS).checkAssert((thresholds, input) -> {
            SuspicionAssessment a = new SuspicionScorer(thresholds).assess(input, KnowledgeVersion.V1);
            assertEquals(a.contributions().stream().mapToInt(Contribution::points).sum(), a.score());
        });
    }

    @Test
    void bandIsConsistentWithTheScore() {
        qt().withExamples(EXAMPLES).forAll(ANY_THRESHOLDS, INPUTS).checkAssert((thresholds, input) -> {
            SuspicionAssessment a = new SuspicionScorer(thresholds).assess(input, KnowledgeVersion.V1);
            Suspicion expected = a.score() >= thresholds.highFrom() ? Suspicion.HIGH
                    : a.score() >= thresholds.moderateFrom() ? Suspicion.MODERATE : Suspicion.LOW;
            assertEquals(expected, a.suspicion());
            assertEquals(SxRule.BANDS.source(), a.band().source());
        });
    }

    @Test
    void everyContributionCarriesAnSxRuleWithACitation() {
        qt().withExamples(EXAMPLES).forAll(INPUTS).checkAssert(input -> {
            SuspicionAssessment a = new SuspicionScorer(ScoringThresholds.defaults()).assess(input, KnowledgeVersion.V1);
            Set<String> seen = new HashSet<>();
            for (Contribution c : a.contributions()) {
                assertTrue(c.source().ruleId().startsWith("SX-"), c.source().ruleId());
                assertFalse(c.source().citations().isEmpty(), c.source().ruleId());
                assertTrue(c.source().mark() != null, c.source().ruleId());
                assertTrue(c.points() != 0, c.source().ruleId());
                assertFalse(c.rationale().isBlank(), c.source().ruleId());
                assertTrue(seen.add(c.source().ruleId()), "rule counted twice: " + c.source().ruleId());
            }
        });
    }

    @Test
    void counterIndicatorsAreExactlyTheNegativeContributions() {
        qt().withExamples(EXAMPLES).forAll(INPUTS).checkAssert(input -> {
            SuspicionAssessment a = new SuspicionScorer(ScoringThresholds.defaults()).assess(input, KnowledgeVersion.V1);
            List<String> negative = a.contributions().stream().filter(c -> c.points() < 0)
                    .map(Contribution::finding).toList();
            assertEquals(negative, a.counterIndicators());
            assertEquals(SxRule.NOT_VALIDATED.source(), a.statement().source());
            a.missingData().forEach(m -> assertTrue(m.field().startsWith("/"), m.field()));
        });
    }

    /**
     * What a reader must be able to rely on whatever the input, in both versions: a result (never an exception),
     * the statement that the score is not a probability, a score that is the sum of its reasons, each reason with
     * its rule and sources, and a band that follows the score (v2: never high on symptoms-only evidence).
     */
    @ParameterizedTest
    @EnumSource(KnowledgeVersion.class)
    void safetyInvariants(KnowledgeVersion version) {
        SuspicionScorer defaults = new SuspicionScorer(ScoringThresholds.defaults());
        qt().withExamples(SAFETY_EXAMPLES).forAll(ANY_THRESHOLDS, INPUTS).checkAssert((thresholds, input) -> {
            SuspicionScorer scorer = thresholds.equals(ScoringThresholds.defaults()) ? defaults
                    : new SuspicionScorer(thresholds);
            SuspicionAssessment a = scorer.assess(input, version);
            assertEquals(SxRule.NOT_VALIDATED.source(), a.statement().source());
            assertTrue(a.statement().text().contains("not a probability"));
            assertEquals(a.contributions().stream().mapToInt(Contribution::points).sum(), a.score());
            Set<String> seen = new HashSet<>();
            for (Contribution c : a.contributions()) {
                assertTrue(c.source().ruleId().startsWith("SX-"), c.source().ruleId());
                assertFalse(c.source().citations().isEmpty(), c.source().ruleId());
                assertTrue(seen.add(c.source().ruleId()), "rule counted twice: " + c.source().ruleId());
            }
            Suspicion byScore = scorer.band(a.score());
            boolean capped = version == KnowledgeVersion.V2 && a.evidenceLevel() == EvidenceLevel.SYMPTOMS_ONLY
                    && byScore == Suspicion.HIGH;
            assertEquals(capped ? Suspicion.MODERATE : byScore, a.suspicion());
            assertEquals(capped ? SxRuleV2.CAP_SYMPTOMS_ONLY.source() : SxRule.BANDS.source(), a.band().source());
            if (version == KnowledgeVersion.V2) {
                assertFalse(a.evidenceLevel() == EvidenceLevel.SYMPTOMS_ONLY && a.suspicion() == Suspicion.HIGH);
            }
        });
    }

    /** v2: a reversed halo never adds to the score of an immunocompromised patient (CONTRACT section 9). */
    @Test
    void v2GivesAnImmunocompromisedPatientNothingForAReversedHalo() {
        SuspicionScorer scorer = new SuspicionScorer(ScoringThresholds.defaults());
        qt().withExamples(SAFETY_EXAMPLES).forAll(INPUTS).checkAssert(input -> {
            if (!input.immuneHistory().immunocompromised(20)) {
                return;
            }
            SuspicionAssessment a = scorer.assess(input, KnowledgeVersion.V2);
            SuspicionAssessment withoutHalo = scorer.assess(withCt(input, input.ct().map(ct -> new CtScan(
                    ct.performed(), ct.findings().stream().filter(f -> f != CtFinding.REVERSED_HALO)
                            .collect(java.util.stream.Collectors.toSet())))), KnowledgeVersion.V2);
            assertEquals(withoutHalo.score(), a.score());
            assertEquals(withoutHalo.suspicion(), a.suspicion());
        });
    }

    /** v1 accepts the v1.2 additions and uses none of them: the same result as without them. */
    @Test
    void v1IgnoresTheV12Additions() {
        SuspicionScorer scorer = new SuspicionScorer(ScoringThresholds.defaults());
        Set<CtFinding> added = EnumSet.of(CtFinding.NODULES, CtFinding.CONSOLIDATION, CtFinding.OP_PATTERN);
        qt().withExamples(SAFETY_EXAMPLES).forAll(INPUTS).checkAssert(input -> {
            // Findings of a CT marked not performed stay: listing any is what the v1 warning is about.
            Optional<CtScan> v1Ct = input.ct().map(ct -> ct.performed() ? new CtScan(true, ct.findings().stream()
                    .filter(f -> !added.contains(f)).collect(java.util.stream.Collectors.toSet())) : ct);
            SuspicionInput v1Only = new SuspicionInput(input.symptoms(), input.ageYears(), input.symptomDurationDays(),
                    input.antibioticCourses(), input.antibioticResponse(), v1Ct, input.bal(), input.histology());
            assertEquals(scorer.assess(v1Only, KnowledgeVersion.V1), scorer.assess(input, KnowledgeVersion.V1));
        });
    }

    private static SuspicionInput withCt(SuspicionInput input, Optional<CtScan> ct) {
        return new SuspicionInput(input.symptoms(), input.ageYears(), input.symptomDurationDays(),
                input.antibioticCourses(), input.antibioticResponse(), ct, input.bal(), input.histology(),
                input.immuneHistory());
    }
}
