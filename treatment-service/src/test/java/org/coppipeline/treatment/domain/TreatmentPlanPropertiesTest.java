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

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Invariants of CONTRACT 4.3 over every combination of upstream input, including combinations the exclusion
 * service should never produce (a COP conclusion with infection pending, a missing opEvidence, missing categories).
 */
class TreatmentPlanPropertiesTest {

    /** 10,000 generated inputs per property in every test run; only the mutation profile asks for fewer (see the pom). */
    private static final int EXAMPLES = Integer.getInteger("cop.properties.examples", 10_000);
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
                    categories.put(category, new CategoryFinding(CategoryStatus.values()[code], List.of("evidence " + code)));
                }
            }
            return new CauseAssessment(conclusion, evidence, categories);
        });
    }

    static Gen<ClinicalFindings> findings() {
        Gen<ClinicalFindings> measured = tenths(500, 1000).zip(optionalEnum(RespiratorySupport.class), tenths(0, 2000), tenths(50, 2000),
                optionalEnum(Trajectory.class), (spo2, support, crp, fvc, trajectory) -> new ClinicalFindings(spo2, support, crp, fvc,
                        trajectory, OptionalDouble.empty(), false, false, OptionalDouble.empty()));
        return measured.zip(tenths(20, 4000), booleans().all(), booleans().all(), tenths(0, 1000),
                (m, weight, diabetes, relapse, prednisone) -> new ClinicalFindings(m.spo2RestPercent(), m.respiratorySupport(),
                        m.crpMgPerL(), m.fvcPercentPredicted(), m.trajectory(), weight, diabetes, relapse, prednisone));
    }

    private static TreatmentPlan plan(CauseAssessment causes, ClinicalFindings findings) {
        return TreatmentPlanner.plan(new TreatmentInput(causes, findings), DEFAULTS);
    }

    @Test
    void glucocorticoidOnlyWhenInfectionExcluded() {
        qt().withExamples(EXAMPLES).forAll(causes(), findings()).checkAssert((causes, findings) -> {
            TreatmentPlan plan = plan(causes, findings);
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
    }

    @Test
    void infectionNotExcludedWarningExactlyWhenTheContractSaysSo() {
        qt().withExamples(EXAMPLES).forAll(causes(), findings()).checkAssert((causes, findings) -> {
            TreatmentPlan plan = plan(causes, findings);
            boolean infectionOpen = causes.status(CauseCategory.INFECTION) != CategoryStatus.EXCLUDED;
            // a missing opEvidence could be any value, so it counts as OP on the table
            boolean opOnTheTable = causes.opEvidence().map(e -> e != OpEvidence.UNLIKELY).orElse(true);
            List<Warning> critical = plan.warnings().stream().filter(w -> w.code().equals(Warning.INFECTION_NOT_EXCLUDED)).toList();
            assertEquals(infectionOpen && opOnTheTable ? 1 : 0, critical.size());
            critical.forEach(w -> assertEquals(WarningLevel.CRITICAL, w.level()));
        });
    }

    @Test
    void severityFollowsTheContract() {
        qt().withExamples(EXAMPLES).forAll(findings()).checkAssert(findings -> {
            Severity severity = SeverityRules.assess(findings, DEFAULTS).severity();
            boolean severe = findings.spo2RestPercent().isPresent() && findings.spo2RestPercent().getAsDouble() < 90
                    || findings.respiratorySupport().map(s -> s == RespiratorySupport.HIGH_FLOW || s == RespiratorySupport.NON_INVASIVE
                            || s == RespiratorySupport.INVASIVE).orElse(false)
                    || findings.trajectory().equals(Optional.of(Trajectory.RAPIDLY_PROGRESSIVE));
            boolean spo2Mild = findings.spo2RestPercent().isEmpty() || findings.spo2RestPercent().getAsDouble() >= 94;
            boolean courseMild = findings.trajectory().equals(Optional.of(Trajectory.IMPROVING))
                    || findings.trajectory().equals(Optional.of(Trajectory.STABLE)) && findings.crpMgPerL().isPresent()
                            && findings.crpMgPerL().getAsDouble() <= 37.9;
            Severity expected = severe ? Severity.SEVERE : spo2Mild && courseMild ? Severity.MILD : Severity.MODERATE;
            assertEquals(expected, severity);
        });
    }

    @Test
    void planIsAPureFunctionOfItsInput() {
        qt().withExamples(EXAMPLES).forAll(causes(), findings()).checkAssert((causes, findings) -> {
            TreatmentPlan first = plan(causes, findings);
            TreatmentPlan second = plan(causes, findings);
            assertEquals(first, second);
            // and every reason, warning, precaution and follow-up names a rule of the knowledge base
            List<RuleSource> known = Knowledge.all();
            first.reasons().forEach(r -> assertTrue(known.contains(r.source()), r.source().ruleId()));
            first.warnings().forEach(w -> assertTrue(known.contains(w.source()), w.source().ruleId()));
            first.followUp().forEach(f -> assertTrue(known.contains(f.source()), f.source().ruleId()));
            first.precautions().forEach(p -> assertTrue(known.contains(p.source()), p.source().ruleId()));
            assertTrue(!first.severityCriteria().isEmpty());
        });
    }
}
