package org.coppipeline.exclusion.domain;

import static org.coppipeline.exclusion.domain.Cases.negative;
import static org.coppipeline.exclusion.domain.Cases.pending;
import static org.coppipeline.exclusion.domain.Cases.positive;
import static org.coppipeline.exclusion.domain.Cases.workedUp;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.ATYPICAL_SEROLOGY;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.BAL_CULTURE;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.BAL_PNEUMOCYSTIS;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.BAL_STAINS;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.BLOOD_CULTURE;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.FUNGAL_MARKERS;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.RESPIRATORY_PCR_PANEL;
import static org.coppipeline.exclusion.domain.MicrobiologyTest.SPUTUM_CULTURE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;

/** EX-INF-EXCLUDED in its v2 meaning, and the v2 infection lines around it (CONTRACT section 9). */
class InfectionRulesV2Test {

    private static final String ONE_MORE =
            "one more of blood-culture, respiratory-pcr-panel, atypical-serology, urinary-antigens, bal-stains";

    private static CategoryAssessment v2(MicrobiologyResult... results) {
        return InfectionRules.assess(List.of(results), InfectionRules.Panel.v2(Optional.empty()));
    }

    private static CategoryAssessment immunocompromised(MicrobiologyResult... results) {
        return InfectionRules.assess(List.of(results), InfectionRules.Panel.v2(Optional.of("immunocompromised: leukemia")));
    }

    private static CategoryAssessment infection(CauseAssessment a) {
        return a.categories().get(CauseCategory.INFECTION);
    }

    @ParameterizedTest
    @EnumSource(value = MicrobiologyTest.class, names = { "BLOOD_CULTURE", "RESPIRATORY_PCR_PANEL", "ATYPICAL_SEROLOGY",
            "URINARY_ANTIGENS", "BAL_STAINS" })
    void aLowerAirwayCulturePlusAnyOneMoreListedNegativeExcludes(MicrobiologyTest second) {
        for (MicrobiologyTest culture : List.of(SPUTUM_CULTURE, BAL_CULTURE)) {
            var a = v2(negative(culture), negative(second));
            assertEquals(CategoryStatus.EXCLUDED, a.status(), culture + " + " + second);
            assertEquals(CauseRule.EX_INF_EXCLUDED_V2, a.source());
            assertEquals(List.of(), a.nextSteps());
        }
    }

    @ParameterizedTest
    @EnumSource(value = MicrobiologyTest.class, names = { "SARS_COV_2_PCR", "BAL_MYCOBACTERIA", "HIV_SEROLOGY",
            "BAL_PNEUMOCYSTIS", "FUNGAL_MARKERS", "SPUTUM_CULTURE", "BAL_CULTURE" })
    void aNegativeOutsideTheSecondListIsNotTheOneMore(MicrobiologyTest other) {
        var a = v2(negative(SPUTUM_CULTURE), negative(other));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(CauseRule.EX_INF_INCOMPLETE, a.source());
        assertEquals(List.of(ONE_MORE), a.nextSteps());
    }

    @Test
    void withoutALowerAirwayCultureNothingExcludesAndTheCultureIsNamed() {
        var a = v2(negative(BLOOD_CULTURE), negative(RESPIRATORY_PCR_PANEL), negative(ATYPICAL_SEROLOGY),
                negative(BAL_STAINS));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(List.of("sputum-culture or bal-culture"), a.nextSteps());
    }

    @Test
    void theExcludedReasonAndEvidenceSayWhatWasSeen() {
        var a = v2(negative(BAL_CULTURE), negative(BAL_STAINS));
        assertEquals(List.of("bal-culture negative", "bal-stains negative"), a.evidence());
        assertEquals("sputum-culture or bal-culture negative and " + ONE_MORE + " negative, none pending",
                a.reasons().get(0).text());
    }

    @Test
    void anyPendingResultKeepsInfectionIncompleteAndIsNamed() {
        var a = v2(negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE), pending(ATYPICAL_SEROLOGY));
        assertEquals(CategoryStatus.INCOMPLETE, a.status());
        assertEquals(List.of("atypical-serology (result pending)"), a.nextSteps());
        var pendingCulture = v2(pending(BAL_CULTURE), negative(BAL_STAINS));
        assertEquals(List.of("bal-culture (result pending)"), pendingCulture.nextSteps());
    }

    @Test
    void anyPositiveResultIsPresentEvenANewTest() {
        var a = v2(negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE), positive(ATYPICAL_SEROLOGY, "Mycoplasma pneumoniae"));
        assertEquals(CategoryStatus.PRESENT, a.status());
        assertEquals(List.of("atypical-serology positive (Mycoplasma pneumoniae)"), a.evidence());
    }

    @Test
    void noMicrobiologyIsNotAssessedNamingTheV2Set() {
        var a = v2();
        assertEquals(CategoryStatus.NOT_ASSESSED, a.status());
        assertEquals(List.of("sputum-culture or bal-culture", ONE_MORE), a.nextSteps());
        var b = immunocompromised();
        assertEquals(List.of("sputum-culture or bal-culture", ONE_MORE, "bal-pneumocystis", "fungal-markers"), b.nextSteps());
        assertEquals(List.of("no microbiology results",
                "immunocompromised: leukemia (bal-pneumocystis and fungal-markers needed to exclude infection)"), b.evidence());
    }

    @Test
    void anImmunocompromisedPatientAlsoNeedsPneumocystisAndFungalMarkers() {
        var without = immunocompromised(negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE));
        assertEquals(CategoryStatus.INCOMPLETE, without.status());
        assertEquals(List.of("bal-pneumocystis", "fungal-markers"), without.nextSteps());
        var onlyPneumocystis = immunocompromised(negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE), negative(BAL_PNEUMOCYSTIS));
        assertEquals(List.of("fungal-markers"), onlyPneumocystis.nextSteps());
        var both = immunocompromised(negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE), negative(BAL_PNEUMOCYSTIS),
                negative(FUNGAL_MARKERS));
        assertEquals(CategoryStatus.EXCLUDED, both.status());
        assertEquals(List.of("sputum-culture negative", "blood-culture negative", "bal-pneumocystis negative",
                "fungal-markers negative",
                "immunocompromised: leukemia (bal-pneumocystis and fungal-markers needed to exclude infection)"), both.evidence());
    }

    @Test
    void theCoreDecidesImmunocompromisedFromTheFlagTheConditionsOrThePrednisoneDose() {
        var cultures = new MicrobiologyResult[] { negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE) };
        assertEquals(CategoryStatus.EXCLUDED, infection(workedUp().microbiology(cultures).assessV2()).status());
        assertEquals(CategoryStatus.EXCLUDED, infection(workedUp().microbiology(cultures).immunocompromised(false).assessV2()).status());
        assertEquals(CategoryStatus.INCOMPLETE, infection(workedUp().microbiology(cultures).immunocompromised(true).assessV2()).status());
        for (Condition condition : List.of(Condition.HEMATOPOIETIC_STEM_CELL_TRANSPLANT, Condition.SOLID_ORGAN_TRANSPLANT,
                Condition.LEUKEMIA, Condition.LYMPHOMA, Condition.MYELODYSPLASTIC_SYNDROME)) {
            // a listed condition counts even when the history is not marked reviewed
            var a = workedUp().microbiology(cultures).conditionsReviewed(false).conditions(condition).assessV2();
            assertEquals(CategoryStatus.INCOMPLETE, infection(a).status(), condition.code());
        }
        for (Condition condition : List.of(Condition.RHEUMATOID_ARTHRITIS, Condition.DIABETES, Condition.CROHN_DISEASE)) {
            assertEquals(CategoryStatus.EXCLUDED, infection(workedUp().microbiology(cultures).conditions(condition).assessV2())
                    .status(), condition.code());
        }
    }

    @ParameterizedTest
    @CsvSource({ "19.9,excluded", "20,incomplete", "20.0,incomplete", "60,incomplete", "0,excluded" })
    void prednisoneFromTwentyMilligramsADayIsImmunosuppressive(double mgPerDay, String status) {
        var a = workedUp().microbiology(negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE)).prednisone(mgPerDay).assessV2();
        assertEquals(status, infection(a).status().code());
    }

    @Test
    void thePrednisoneThresholdIsConfigurable() {
        var exclusion = new CauseExclusion(Cases.DRUG_LIST, new ExclusionThresholds(180, 365, 25, 10), KnowledgeVersion.V2);
        var input = workedUp().microbiology(negative(SPUTUM_CULTURE), negative(BLOOD_CULTURE)).prednisone(10.0).build();
        assertEquals(CategoryStatus.INCOMPLETE, infection(exclusion.assess(input)).status());
        assertEquals("immunocompromised: prednisone 10 mg/day (>= 10)", Immunocompromised.why(input, 10).orElseThrow());
        assertEquals(Optional.empty(), Immunocompromised.why(input, 10.5));
    }

    @Test
    void v1IgnoresTheHostAndTheNewTests() {
        var b = workedUp().microbiology(negative(BAL_CULTURE), negative(BAL_STAINS)).immunocompromised(true);
        assertEquals(CategoryStatus.INCOMPLETE, infection(b.assess()).status());
        assertEquals(CauseRule.EX_INF_EXCLUDED, infection(workedUp().immunocompromised(true).assess()).source());
        assertEquals(CategoryStatus.EXCLUDED, infection(workedUp().immunocompromised(true).assess()).status());
    }
}
