package org.coppipeline.exclusion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Invariants over generated schema-valid inputs (QuickTheories, 10,000 examples per property and run;
 * a failure prints the seed to replay it with -DQT_SEED).
 */
class CauseExclusionPropertiesTest {

    /**
     * 10,000 in every normal run. The mutation profile lowers it (-Dexclusion.propertyExamples) because each
     * surviving mutant re-runs these properties under instrumentation; the generator-coverage check keeps 10,000.
     */
    private static final int EXAMPLES = Integer.getInteger("exclusion.propertyExamples", 10_000);
    private static final int COVERAGE_EXAMPLES = 10_000;
    private static final Set<CtFinding> UNLIKELY_ON_CT = Set.of(CtFinding.HONEYCOMBING, CtFinding.MASS, CtFinding.CAVITATION);

    @Test
    void neverACopConclusionWhileACategoryIsNotExcluded() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).check(input -> {
            CauseAssessment a = Cases.EXCLUSION.assess(input);
            boolean allExcluded = a.categories().all().stream().allMatch(c -> c.status() == CategoryStatus.EXCLUDED);
            return !a.conclusion().conclusion().isCop() || allExcluded;
        });
    }

    @Test
    void assessIsAPureFunctionOfItsInput() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).check(input -> {
            CauseInput copy = new CauseInput(input.tests(), input.history(), input.ct(), input.bal(), input.histology(),
                    input.antibioticResponse(), input.suspicion(), input.histologyMethod(), input.host());
            var fresh = new CauseExclusion(OpDrugList.of(Cases.DRUG_LIST.drugs()), ExclusionThresholds.defaults());
            CauseAssessment first = Cases.EXCLUSION.assess(input);
            return first.equals(Cases.EXCLUSION.assess(input)) && first.equals(fresh.assess(copy)) && copy.equals(input);
        });
    }

    @Test
    void noExceptionForAnySchemaValidInputAndEveryDecisionHasItsReason() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).check(input -> {
            CauseAssessment a = Cases.EXCLUSION.assess(input);
            List<CauseRule> fired = a.reasons().stream().map(Reason::rule).toList();
            boolean categoriesExplained = a.categories().all().stream().allMatch(c -> fired.containsAll(
                    c.reasons().stream().map(Reason::rule).toList()));
            return a.categories().all().size() == 8 && categoriesExplained
                    && fired.contains(a.opEvidence().reason().rule())
                    && fired.get(fired.size() - a.conclusion().reasons().size()) == a.conclusion().source()
                    && (input.suspicion() != null || a.warnings().stream().anyMatch(w -> w.code().equals("suspicion-unknown")));
        });
    }

    @Test
    void confirmedExactlyWhenHistologyShowsOpAndNoUnlikelyLineApplies() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).check(input -> {
            CauseAssessment a = Cases.EXCLUSION.assess(input);
            boolean confirmed = a.opEvidence().evidence() == OpEvidence.CONFIRMED;
            return confirmed == (input.histology() == HistologyPattern.ORGANIZING_PNEUMONIA && !unlikelyLineApplies(input));
        });
    }

    @Test
    void opEvidenceAndConclusionFollowTheContractText() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).checkAssert(input -> {
            CauseAssessment a = Cases.EXCLUSION.assess(input);
            OpEvidence expectedOp = expectedOpEvidence(input);
            assertEquals(expectedOp, a.opEvidence().evidence());
            assertEquals(expectedConclusion(expectedOp, a.categories().all().stream().map(CategoryAssessment::status).toList()),
                    a.conclusion().conclusion());
            assertEquals(a.alternativeDiagnoses().isEmpty(), !unlikelyLineApplies(input));
        });
    }

    /** Guards the properties above against a generator that stops reaching some outcome. */
    @Test
    void theGeneratorReachesEveryConclusionAndEveryStatusOfEveryCategory() {
        Set<Conclusion> conclusions = EnumSet.noneOf(Conclusion.class);
        Set<OpEvidence> evidence = EnumSet.noneOf(OpEvidence.class);
        Set<String> statuses = new HashSet<>();
        qt().withExamples(COVERAGE_EXAMPLES).forAll(Generators.v12Inputs()).check(input -> {
            CauseAssessment a = Cases.EXCLUSION.assess(input);
            conclusions.add(a.conclusion().conclusion());
            evidence.add(a.opEvidence().evidence());
            a.categories().all().forEach(c -> statuses.add(c.category().code() + "=" + c.status().code()));
            return true;
        });
        assertEquals(EnumSet.allOf(Conclusion.class), conclusions);
        assertEquals(EnumSet.allOf(OpEvidence.class), evidence);
        // infection, drug (undated listed drug), CTD and heme reach all four statuses; radiation, IBD, transplant
        // and aspiration have no "incomplete" line
        assertEquals(4 * 4 + 4 * 3, statuses.size(), statuses.toString());
    }

    /** A second, literal reading of the "unlikely" lines of CONTRACT 4.2. */
    private static boolean unlikelyLineApplies(CauseInput input) {
        Double eos = input.bal().eosinophilPercent();
        return input.histology() == HistologyPattern.OTHER
                || input.antibioticResponse() == AntibioticResponse.RESOLVED
                || (eos != null && eos > 25)
                || input.ct().findings().stream().anyMatch(UNLIKELY_ON_CT::contains);
    }

    private static OpEvidence expectedOpEvidence(CauseInput input) {
        if (unlikelyLineApplies(input)) {
            return OpEvidence.UNLIKELY;
        }
        if (input.histology() == HistologyPattern.ORGANIZING_PNEUMONIA) {
            return OpEvidence.CONFIRMED;
        }
        List<CtFinding> f = input.ct().findings();
        boolean opacity = f.contains(CtFinding.BILATERAL_CONSOLIDATION) || f.contains(CtFinding.UNILATERAL_CONSOLIDATION)
                || f.contains(CtFinding.GROUND_GLASS);
        boolean typical = f.contains(CtFinding.PERIPHERAL_DISTRIBUTION) || f.contains(CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION)
                || f.contains(CtFinding.MIGRATORY_OPACITIES) || f.contains(CtFinding.REVERSED_HALO)
                || f.contains(CtFinding.PERILOBULAR_PATTERN);
        if (input.ct().performed() && opacity && typical) {
            return OpEvidence.PROBABLE;
        }
        if (!input.ct().performed() && (input.suspicion() == Suspicion.MODERATE || input.suspicion() == Suspicion.HIGH)) {
            return OpEvidence.SUSPECTED;
        }
        return OpEvidence.UNLIKELY;
    }

    private static Conclusion expectedConclusion(OpEvidence op, List<CategoryStatus> statuses) {
        if (op == OpEvidence.UNLIKELY) {
            return Conclusion.OP_UNLIKELY;
        }
        if (op == OpEvidence.SUSPECTED) {
            return Conclusion.SUSPECTED_OP;
        }
        if (statuses.contains(CategoryStatus.PRESENT)) {
            return Conclusion.SECONDARY_OP;
        }
        if (statuses.stream().allMatch(s -> s == CategoryStatus.EXCLUDED)) {
            return op == OpEvidence.CONFIRMED ? Conclusion.COP_CONFIRMED : Conclusion.COP_PROBABLE;
        }
        return Conclusion.WORKUP_INCOMPLETE;
    }
}
