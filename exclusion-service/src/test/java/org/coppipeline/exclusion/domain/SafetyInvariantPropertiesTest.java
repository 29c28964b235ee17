package org.coppipeline.exclusion.domain;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;

/**
 * The safety invariants this stage can see, over 100,000 generated schema-valid inputs (v1.2 additions included)
 * for each knowledge version: no COP conclusion while a cause is not excluded (CX-NEVER-COP-UNEXCLUDED), and
 * infection never excluded while a microbiology result is positive or pending, which is what the treatment stage's
 * "no glucocorticoid unless infection is excluded" rests on. A failure prints the seed (-DQT_SEED replays it).
 */
class SafetyInvariantPropertiesTest {

    /** 100,000 in every normal run; the mutation profile lowers it (-Dexclusion.propertyExamples). */
    private static final int EXAMPLES = Math.max(Integer.getInteger("exclusion.propertyExamples", 10_000) * 10, 1_000);

    private static boolean safe(CauseAssessment a, CauseInput input) {
        boolean allExcluded = a.categories().all().stream().allMatch(CategoryAssessment::isExcluded);
        boolean copOnlyWhenAllExcluded = !a.conclusion().conclusion().isCop() || allExcluded;
        boolean openResult = input.tests().microbiology().stream()
                .map(MicrobiologyResult::result).anyMatch(r -> r != TestResult.NEGATIVE);
        boolean infectionExcluded = a.categories().get(CauseCategory.INFECTION).isExcluded();
        return copOnlyWhenAllExcluded && !(infectionExcluded && openResult);
    }

    @Test
    void v1NeverNamesCopWithAnOpenCauseNorExcludesInfectionWithAnOpenResult() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).check(input -> safe(Cases.EXCLUSION.assess(input), input));
    }

    @Test
    void v2NeverNamesCopWithAnOpenCauseNorExcludesInfectionWithAnOpenResult() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).check(input -> safe(Cases.EXCLUSION_V2.assess(input), input));
    }

    /** v2 also asks BAL Pneumocystis and fungal markers of an immunocompromised patient before excluding infection. */
    @Test
    void v2ExcludesInfectionInAnImmunocompromisedPatientOnlyWithPneumocystisAndFungalMarkersNegative() {
        qt().withExamples(EXAMPLES).forAll(Generators.v12Inputs()).check(input -> {
            CauseAssessment a = Cases.EXCLUSION_V2.assess(input);
            boolean immunocompromised = Immunocompromised.why(input, 20).isPresent();
            if (!immunocompromised || !a.categories().get(CauseCategory.INFECTION).isExcluded()) {
                return true;
            }
            return negative(input, MicrobiologyTest.BAL_PNEUMOCYSTIS) && negative(input, MicrobiologyTest.FUNGAL_MARKERS);
        });
    }

    private static boolean negative(CauseInput input, MicrobiologyTest test) {
        return input.tests().microbiology().stream().anyMatch(r -> r.test() == test && r.result() == TestResult.NEGATIVE);
    }
}
