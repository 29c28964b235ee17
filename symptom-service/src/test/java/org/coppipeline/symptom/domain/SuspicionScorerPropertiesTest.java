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
import org.quicktheories.core.Gen;

/** Invariants of the score over generated inputs (values out of schema range included) and thresholds. */
class SuspicionScorerPropertiesTest {

    private static final int EXAMPLES = 10_000;

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

    static final Gen<SuspicionInput> INPUTS = random -> new SuspicionInput(
            lists().of(SYMPTOM_REPORTS).ofSizeBetween(0, 14).generate(random),
            whole(-5, 130).generate(random),
            whole(-5, 4000).mix(whole(10, 95), 50).generate(random),
            whole(-2, 60).mix(whole(0, 2), 50).generate(random),
            arbitrary().enumValues(AntibioticResponse.class).toOptionals(25).generate(random),
            CT.generate(random),
            BAL.generate(random),
            arbitrary().enumValues(HistologyPattern.class).toOptionals(60).generate(random));

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
            SuspicionAssessment first = new SuspicionScorer(thresholds).assess(input);
            SuspicionAssessment second = new SuspicionScorer(thresholds).assess(input);
            assertEquals(first, second);
        });
    }

    @Test
    void scoreIsTheSumOfTheContributions() {
        qt().withExamples(EXAMPLES).forAll(ANY_THRESHOLDS, INPUTS).checkAssert((thresholds, input) -> {
            SuspicionAssessment a = new SuspicionScorer(thresholds).assess(input);
            assertEquals(a.contributions().stream().mapToInt(Contribution::points).sum(), a.score());
        });
    }

    @Test
    void bandIsConsistentWithTheScore() {
        qt().withExamples(EXAMPLES).forAll(ANY_THRESHOLDS, INPUTS).checkAssert((thresholds, input) -> {
            SuspicionAssessment a = new SuspicionScorer(thresholds).assess(input);
            Suspicion expected = a.score() >= thresholds.highFrom() ? Suspicion.HIGH
                    : a.score() >= thresholds.moderateFrom() ? Suspicion.MODERATE : Suspicion.LOW;
            assertEquals(expected, a.suspicion());
            assertEquals(SxRule.BANDS.source(), a.band().source());
        });
    }

    @Test
    void everyContributionCarriesAnSxRuleWithACitation() {
        qt().withExamples(EXAMPLES).forAll(INPUTS).checkAssert(input -> {
            SuspicionAssessment a = new SuspicionScorer(ScoringThresholds.defaults()).assess(input);
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
            SuspicionAssessment a = new SuspicionScorer(ScoringThresholds.defaults()).assess(input);
            List<String> negative = a.contributions().stream().filter(c -> c.points() < 0)
                    .map(Contribution::finding).toList();
            assertEquals(negative, a.counterIndicators());
            assertEquals(SxRule.NOT_VALIDATED.source(), a.statement().source());
            a.missingData().forEach(m -> assertTrue(m.field().startsWith("/"), m.field()));
        });
    }
}
