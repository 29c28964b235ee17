package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.core.Gen;

/**
 * Invariants of CONTRACT 4.3 (and 9 "4.3 v2") over every combination of upstream input, including combinations the
 * exclusion service should never produce (a COP conclusion with infection pending, a missing opEvidence, missing
 * categories), under both knowledge versions. The findings always carry the v2-only measurements, so the v1
 * properties also show that v1 ignores them.
 */
class TreatmentPlanPropertiesTest {

    /** 10,000 generated inputs per property in every test run; only the mutation profile asks for fewer (see the pom). */
    private static final int EXAMPLES = Integer.getInteger("cop.properties.examples", 10_000);
    /** The safety invariant gets 100,000 per version; the mutation profile asks for fewer (see the pom). */
    private static final int SAFETY_EXAMPLES = Integer.getInteger("cop.properties.safety.examples", 100_000);
    private static final TreatmentThresholds DEFAULTS = TreatmentThresholds.defaults();

    /** Decimal values on a 0.1 grid, so thresholds such as 89.9 / 90 and 37.9 / 38.0 are hit exactly. */
    private static Gen<OptionalDouble> tenths(int fromTenths, int toTenths) {
        return integers().between(0, 5).zip(integers().between(fromTenths, toTenths),
                (absent, value) -> absent == 0 ? OptionalDouble.empty() : OptionalDouble.of(value / 10.0));
    }

    private static <T extends Enum<T>> Gen<Optional<T>> optionalEnum(Class<T> type) {
        return integers().between(0, 5).zip(arbitrary().enumValues(type), (absent, value) -> absent == 0 ? Optional.empty() : Optional.of(value));
    }

    static Gen<CauseAssessment> causes() {
        Gen<List<Integer>> statuses = lists().of(integers().between(0, CategoryStatus.values().length)).ofSize(CauseCategory.values().length);
        return arbitrary().enumValues(Conclusion.class).zip(optionalEnum(OpEvidence.class), statuses, (conclusion, evidence, codes) -> {
            Map<CauseCategory, CategoryFinding> categories = new EnumMap<>(CauseCategory.class);
            for (CauseCategory category : CauseCategory.values()) {
                int code = codes.get(category.ordinal());
                // one value past the statuses: the record does not carry the category
                if (code < CategoryStatus.values().length) {
                    // drug names as exclusion v2 writes them, on some findings only (and on some it should not write them)
                    List<String> drugs = category == CauseCategory.DRUG && code % 2 == 1 ? List.of("amiodarone") : List.of();
                    categories.put(category, new CategoryFinding(CategoryStatus.values()[code], List.of("evidence " + code), drugs));
                }
            }
            return new CauseAssessment(conclusion, evidence, categories);
        });
    }

    static Gen<ClinicalFindings> findings() {
        Gen<ClinicalFindings> measured = tenths(500, 1000).zip(optionalEnum(RespiratorySupport.class), tenths(0, 2000), tenths(50, 2000),
                optionalEnum(Trajectory.class), (spo2, support, crp, fvc, trajectory) -> new ClinicalFindings(spo2, support, crp, fvc,
                        trajectory, OptionalDouble.empty(), false, false, OptionalDouble.empty(), OptionalDouble.empty(),
                        OptionalDouble.empty(), OptionalInt.empty()));
        Gen<ClinicalFindings> treated = measured.zip(tenths(20, 4000), booleans().all(), booleans().all(), tenths(0, 1000),
                (m, weight, diabetes, relapse, prednisone) -> new ClinicalFindings(m.spo2RestPercent(), m.respiratorySupport(),
                        m.crpMgPerL(), m.fvcPercentPredicted(), m.trajectory(), weight, diabetes, relapse, prednisone,
                        OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()));
        Gen<OptionalInt> lobes = integers().between(0, 5).zip(integers().between(0, 5),
                (absent, value) -> absent == 0 ? OptionalInt.empty() : OptionalInt.of(value));
        return treated.zip(tenths(50, 2000), tenths(500, 1000), lobes, (t, dlco, nadir, lobesInvolved) -> new ClinicalFindings(
                t.spo2RestPercent(), t.respiratorySupport(), t.crpMgPerL(), t.fvcPercentPredicted(), t.trajectory(), t.weightKg(),
                t.diabetes(), t.relapseOnTaper(), t.currentPrednisoneMgPerDay(), dlco, nadir, lobesInvolved));
    }

    private static TreatmentPlan plan(CauseAssessment causes, ClinicalFindings findings, KnowledgeVersion version) {
        return TreatmentPlanner.plan(new TreatmentInput(causes, findings), DEFAULTS, version);
    }

    /** The safety invariant (TX-GATE-INFECTION): glucocorticoidRecommended implies infection excluded, in both versions. */
    @ParameterizedTest
    @EnumSource(KnowledgeVersion.class)
    void glucocorticoidOnlyWhenInfectionExcluded(KnowledgeVersion version) {
        AtomicInteger checked = new AtomicInteger();
        // QuickTheories skips a generated input it has already checked (a few in 100,000): ask for 1 % more
        qt().withExamples(SAFETY_EXAMPLES + SAFETY_EXAMPLES / 100).forAll(causes(), findings()).checkAssert((causes, findings) -> {
            checked.incrementAndGet();
            TreatmentPlan plan = plan(causes, findings, version);
            if (plan.glucocorticoidRecommended() || plan.recommendation().startsGlucocorticoid() || plan.regimen().isPresent()) {
                assertEquals(CategoryStatus.EXCLUDED, causes.status(CauseCategory.INFECTION));
            }
            assertEquals(plan.recommendation().startsGlucocorticoid(), plan.glucocorticoidRecommended());
            assertEquals(plan.glucocorticoidRecommended(), plan.regimen().isPresent());
            if (!plan.alternatives().isEmpty()) {
                assertTrue(causes.infectionExcluded());
                assertTrue(plan.severity() != Severity.SEVERE);
            }
        });
        assertTrue(checked.get() >= SAFETY_EXAMPLES, "generated cases checked: " + checked.get());
    }

    @ParameterizedTest
    @EnumSource(KnowledgeVersion.class)
    void infectionNotExcludedWarningExactlyWhenTheContractSaysSo(KnowledgeVersion version) {
        qt().withExamples(EXAMPLES).forAll(causes(), findings()).checkAssert((causes, findings) -> {
            TreatmentPlan plan = plan(causes, findings, version);
            boolean infectionOpen = causes.status(CauseCategory.INFECTION) != CategoryStatus.EXCLUDED;
            // a missing opEvidence could be any value, so it counts as OP on the table
            boolean opOnTheTable = causes.opEvidence().map(e -> e != OpEvidence.UNLIKELY).orElse(true);
            List<Warning> critical = plan.warnings().stream().filter(w -> w.code().equals(Warning.INFECTION_NOT_EXCLUDED)).toList();
            assertEquals(infectionOpen && opOnTheTable ? 1 : 0, critical.size());
            critical.forEach(w -> assertEquals(WarningLevel.CRITICAL, w.level()));
        });
    }

    @ParameterizedTest
    @EnumSource(KnowledgeVersion.class)
    void severityFollowsTheContract(KnowledgeVersion version) {
        qt().withExamples(EXAMPLES).forAll(findings()).checkAssert(findings -> {
            Severity severity = SeverityRules.assess(findings, DEFAULTS, RuleSet.of(version).moderateFloors()).severity();
            boolean severe = findings.spo2RestPercent().isPresent() && findings.spo2RestPercent().getAsDouble() < 90
                    || findings.respiratorySupport().map(s -> s == RespiratorySupport.HIGH_FLOW || s == RespiratorySupport.NON_INVASIVE
                            || s == RespiratorySupport.INVASIVE).orElse(false)
                    || findings.trajectory().equals(Optional.of(Trajectory.RAPIDLY_PROGRESSIVE));
            boolean spo2Mild = findings.spo2RestPercent().isEmpty() || findings.spo2RestPercent().getAsDouble() >= 94;
            boolean courseMild = findings.trajectory().equals(Optional.of(Trajectory.IMPROVING))
                    || findings.trajectory().equals(Optional.of(Trajectory.STABLE)) && findings.crpMgPerL().isPresent()
                            && findings.crpMgPerL().getAsDouble() <= 37.9;
            // v2 (SV-EXTENT): DLCO < 50, exertional nadir < 85 or >= 3 lobes keep a case from being mild
            boolean extent = findings.dlcoPercentPredicted().isPresent() && findings.dlcoPercentPredicted().getAsDouble() < 50
                    || findings.spo2ExertionNadirPercent().isPresent() && findings.spo2ExertionNadirPercent().getAsDouble() < 85
                    || findings.lobesInvolved().isPresent() && findings.lobesInvolved().getAsInt() >= 3;
            boolean mild = spo2Mild && courseMild && !(version == KnowledgeVersion.V2 && extent);
            Severity expected = severe ? Severity.SEVERE : mild ? Severity.MILD : Severity.MODERATE;
            assertEquals(expected, severity);
        });
    }

    /** TX-CAUSE-ACTIONS: v2 plans carry exactly one action per present category, in contract order; v1 plans none. */
    @ParameterizedTest
    @EnumSource(KnowledgeVersion.class)
    void causeActionsExactlyForThePresentCategories(KnowledgeVersion version) {
        qt().withExamples(EXAMPLES).forAll(causes(), findings()).checkAssert((causes, findings) -> {
            TreatmentPlan plan = plan(causes, findings, version);
            if (version == KnowledgeVersion.V1) {
                assertTrue(plan.causeActions().isEmpty());
                return;
            }
            List<CauseAction> actions = plan.causeActions().orElseThrow();
            assertEquals(causes.withStatus(CategoryStatus.PRESENT), actions.stream().map(CauseAction::category).toList());
            actions.forEach(a -> assertEquals(Knowledge.TX_CAUSE_ACTIONS, a.source()));
        });
    }

    @ParameterizedTest
    @EnumSource(KnowledgeVersion.class)
    void planIsAPureFunctionOfItsInput(KnowledgeVersion version) {
        qt().withExamples(EXAMPLES).forAll(causes(), findings()).checkAssert((causes, findings) -> {
            TreatmentPlan first = plan(causes, findings, version);
            TreatmentPlan second = plan(causes, findings, version);
            assertEquals(first, second);
            assertEquals(version, first.knowledgeVersion());
            // and every reason, warning, precaution and follow-up names a rule of the knowledge base, of this version
            List<RuleSource> known = Knowledge.citableUnder(version);
            first.reasons().forEach(r -> assertTrue(known.contains(r.source()), r.source().ruleId()));
            first.warnings().forEach(w -> assertTrue(known.contains(w.source()), w.source().ruleId()));
            first.followUp().forEach(f -> assertTrue(known.contains(f.source()), f.source().ruleId()));
            first.precautions().forEach(p -> assertTrue(known.contains(p.source()), p.source().ruleId()));
            assertTrue(!first.severityCriteria().isEmpty());
        });
    }
}
