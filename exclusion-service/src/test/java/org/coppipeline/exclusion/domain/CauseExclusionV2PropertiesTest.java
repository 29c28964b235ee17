package org.coppipeline.exclusion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;

/**
 * Knowledge v2 against a second, literal reading of CONTRACT section 9 over generated inputs (10,000 examples per
 * property and run; a failure prints the seed to replay it with -DQT_SEED).
 */
class CauseExclusionV2PropertiesTest {

    private static final int EXAMPLES = Integer.getInteger("exclusion.propertyExamples", 10_000);
    private static final int COVERAGE_EXAMPLES = 10_000;
    private static final Set<MicrobiologyTest> ONE_MORE = EnumSet.of(MicrobiologyTest.BLOOD_CULTURE,
            MicrobiologyTest.RESPIRATORY_PCR_PANEL, MicrobiologyTest.ATYPICAL_SEROLOGY, MicrobiologyTest.URINARY_ANTIGENS,
            MicrobiologyTest.BAL_STAINS);

    private static boolean immunocompromised(CauseInput input) {
        List<Condition> c = input.history().conditions();
        Double prednisone = input.host().currentPrednisoneMgPerDay();
        return Boolean.TRUE.equals(input.host().reportedImmunocompromised())
                || c.contains(Condition.HEMATOPOIETIC_STEM_CELL_TRANSPLANT) || c.contains(Condition.SOLID_ORGAN_TRANSPLANT)
                || c.contains(Condition.LEUKEMIA) || c.contains(Condition.LYMPHOMA)
                || c.contains(Condition.MYELODYSPLASTIC_SYNDROME) || (prednisone != null && prednisone >= 20);
    }

    private static boolean negative(List<MicrobiologyResult> results, Set<MicrobiologyTest> tests) {
        return results.stream().anyMatch(r -> r.result() == TestResult.NEGATIVE && tests.contains(r.test()));
    }

    private static CategoryStatus expectedInfection(CauseInput input) {
        List<MicrobiologyResult> r = input.tests().microbiology();
        if (r.stream().anyMatch(x -> x.result() == TestResult.POSITIVE)) {
            return CategoryStatus.PRESENT;
        }
        if (r.stream().anyMatch(x -> x.result() == TestResult.PENDING)) {
            return CategoryStatus.INCOMPLETE;
        }
        boolean excluded = negative(r, EnumSet.of(MicrobiologyTest.SPUTUM_CULTURE, MicrobiologyTest.BAL_CULTURE))
                && negative(r, ONE_MORE)
                && (!immunocompromised(input) || negative(r, EnumSet.of(MicrobiologyTest.BAL_PNEUMOCYSTIS))
                        && negative(r, EnumSet.of(MicrobiologyTest.FUNGAL_MARKERS)));
        if (excluded) {
            return CategoryStatus.EXCLUDED;
        }
        return r.isEmpty() ? CategoryStatus.NOT_ASSESSED : CategoryStatus.INCOMPLETE;
    }

    private static OpEvidence expectedOpEvidence(CauseInput input) {
        List<CtFinding> f = input.ct().findings();
        if (input.histology() == HistologyPattern.ORGANIZING_PNEUMONIA) {
            boolean smallBiopsyOfALesion = input.histologyMethod() == BiopsyMethod.TRANSBRONCHIAL
                    && (f.contains(CtFinding.MASS) || f.contains(CtFinding.CAVITATION));
            return smallBiopsyOfALesion ? OpEvidence.PROBABLE : OpEvidence.CONFIRMED;
        }
        Double eos = input.bal().eosinophilPercent();
        if (input.histology() == HistologyPattern.OTHER || (eos != null && eos > 25) || f.contains(CtFinding.HONEYCOMBING)
                || f.contains(CtFinding.CAVITATION) || input.antibioticResponse() == AntibioticResponse.RESOLVED) {
            return OpEvidence.UNLIKELY;
        }
        boolean opacity = f.contains(CtFinding.BILATERAL_CONSOLIDATION) || f.contains(CtFinding.UNILATERAL_CONSOLIDATION)
                || f.contains(CtFinding.CONSOLIDATION) || f.contains(CtFinding.GROUND_GLASS) || f.contains(CtFinding.NODULES);
        boolean sign = f.contains(CtFinding.PERIPHERAL_DISTRIBUTION) || f.contains(CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION)
                || f.contains(CtFinding.MIGRATORY_OPACITIES) || f.contains(CtFinding.PERILOBULAR_PATTERN)
                || (f.contains(CtFinding.REVERSED_HALO) && !immunocompromised(input));
        if (input.ct().performed() && (f.contains(CtFinding.OP_PATTERN) || opacity && sign)) {
            return OpEvidence.PROBABLE;
        }
        if (input.suspicion() == Suspicion.MODERATE || input.suspicion() == Suspicion.HIGH) {
            return OpEvidence.SUSPECTED;
        }
        return OpEvidence.UNLIKELY;
    }

    @Test
    void infectionAndOpEvidenceFollowSection9AndTheConclusionRulesAreUnchanged() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).checkAssert(input -> {
            CauseAssessment a = Cases.EXCLUSION_V2.assess(input);
            assertEquals(expectedInfection(input), a.categories().get(CauseCategory.INFECTION).status());
            OpEvidence op = expectedOpEvidence(input);
            assertEquals(op, a.opEvidence().evidence());
            List<CategoryStatus> statuses = a.categories().all().stream().map(CategoryAssessment::status).toList();
            Conclusion expected = switch (op) {
                case UNLIKELY -> Conclusion.OP_UNLIKELY;
                case SUSPECTED -> Conclusion.SUSPECTED_OP;
                default -> statuses.contains(CategoryStatus.PRESENT) ? Conclusion.SECONDARY_OP
                        : statuses.stream().allMatch(s -> s == CategoryStatus.EXCLUDED)
                                ? (op == OpEvidence.CONFIRMED ? Conclusion.COP_CONFIRMED : Conclusion.COP_PROBABLE)
                                : Conclusion.WORKUP_INCOMPLETE;
            };
            assertEquals(expected, a.conclusion().conclusion());
            if (op == OpEvidence.SUSPECTED) {
                assertEquals(List.of(input.ct().performed() ? "biopsy" : "chest CT"), a.conclusion().nextSteps());
            }
        });
    }

    @Test
    void alternativesAndWarningsFollowSection9() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).checkAssert(input -> {
            CauseAssessment a = Cases.EXCLUSION_V2.assess(input);
            List<CtFinding> f = input.ct().findings();
            List<String> diagnoses = a.alternativeDiagnoses().stream().map(AlternativeDiagnosis::diagnosis).toList();
            boolean largeSampleShowsOp = input.histology() == HistologyPattern.ORGANIZING_PNEUMONIA
                    && (input.histologyMethod() == BiopsyMethod.SURGICAL || input.histologyMethod() == BiopsyMethod.CRYOBIOPSY);
            assertEquals(f.contains(CtFinding.MASS) && !largeSampleShowsOp, diagnoses.contains("malignancy"));
            boolean fungal = f.contains(CtFinding.REVERSED_HALO) && immunocompromised(input);
            assertEquals(fungal, diagnoses.contains("invasive fungal infection (e.g. mucormycosis)"));
            List<String> warnings = a.warnings().stream().map(Warning::code).toList();
            assertEquals(fungal, warnings.contains("reversed-halo-immunocompromised"));
            assertEquals(a.opEvidence().reason().rule() == CauseRule.OP_HISTOLOGY_SMALL_BIOPSY,
                    warnings.contains("small-biopsy-of-a-mass"));
        });
    }

    @Test
    void aPresentDrugCategoryAndOnlyThatNamesItsDrugs() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).checkAssert(input -> {
            CauseAssessment a = Cases.EXCLUSION_V2.assess(input);
            for (CategoryAssessment c : a.categories().all()) {
                boolean presentDrug = c.category() == CauseCategory.DRUG && c.status() == CategoryStatus.PRESENT;
                assertEquals(presentDrug, !c.drugs().isEmpty(), c.toString());
                assertEquals(c.drugs().stream().distinct().toList(), c.drugs());
            }
            for (CategoryAssessment c : Cases.EXCLUSION.assess(input).categories().all()) {
                assertEquals(List.of(), c.drugs(), "v1 names no drugs");
            }
        });
    }

    /** Guards the properties above against a generator that stops reaching some outcome under v2. */
    @Test
    void theGeneratorReachesEveryV2LadderLineAndConclusion() {
        Set<Conclusion> conclusions = EnumSet.noneOf(Conclusion.class);
        Set<CauseRule> opRules = EnumSet.noneOf(CauseRule.class);
        Set<String> infection = new HashSet<>();
        qt().withExamples(COVERAGE_EXAMPLES).forAll(Generators.v12Inputs()).check(input -> {
            CauseAssessment a = Cases.EXCLUSION_V2.assess(input);
            conclusions.add(a.conclusion().conclusion());
            a.reasons().stream().map(Reason::rule).filter(r -> r.id().startsWith("OP-")).forEach(opRules::add);
            CategoryAssessment inf = a.categories().get(CauseCategory.INFECTION);
            infection.add(inf.status().code() + (inf.evidence().stream().anyMatch(e -> e.startsWith("immunocompromised")) ? "+ic" : ""));
            return true;
        });
        assertEquals(EnumSet.allOf(Conclusion.class), conclusions);
        Set<CauseRule> v2Ladder = EnumSet.of(CauseRule.OP_CONFIRMED_HISTOLOGY, CauseRule.OP_HISTOLOGY_SMALL_BIOPSY,
                CauseRule.OP_UNLIKELY_HISTOLOGY, CauseRule.OP_UNLIKELY_BAL_EOS, CauseRule.OP_UNLIKELY_HONEYCOMB,
                CauseRule.OP_UNLIKELY_CAVITATION, CauseRule.OP_UNLIKELY_ABX, CauseRule.OP_PROBABLE_CT,
                CauseRule.OP_SUSPECTED_NO_CT, CauseRule.OP_CT_ATYPICAL_NOT_AGAINST, CauseRule.OP_UNLIKELY_DEFAULT,
                CauseRule.OP_ALT_MALIGNANCY, CauseRule.OP_REVERSED_HALO_IMMUNOCOMPROMISED);
        assertEquals(v2Ladder, opRules);
        // a positive result's evidence is the positives alone, so "present" carries no immunocompromised line
        assertEquals(Set.of("present", "incomplete", "excluded", "not-assessed", "incomplete+ic", "excluded+ic",
                "not-assessed+ic"), infection);
    }
}
