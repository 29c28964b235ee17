package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Fixtures.DEFAULTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class GlucocorticoidPrecautionsTest {

    private static RegimenStep prednisone(String mgPerDay, int days) {
        return new RegimenStep(Drug.PREDNISONE, Route.ORAL, new Dose.MgPerDay(new BigDecimal(mgPerDay), java.util.Optional.empty()),
                days, Knowledge.TX_ORAL_PRED);
    }

    private static Regimen regimen(RegimenStep... steps) {
        return new Regimen("test", Knowledge.TX_ORAL_PRED, List.of(steps));
    }

    @Test
    void pjpNeeds20MgForFourWeeks() {
        assertTrue(GlucocorticoidPrecautions.pneumocystisProphylaxis(regimen(prednisone("20", 28)), DEFAULTS).isPresent());
        assertTrue(GlucocorticoidPrecautions.pneumocystisProphylaxis(regimen(prednisone("20", 27)), DEFAULTS).isEmpty());
        assertTrue(GlucocorticoidPrecautions.pneumocystisProphylaxis(regimen(prednisone("19.9", 60)), DEFAULTS).isEmpty());
        // two consecutive steps at or above 20 mg add up
        assertTrue(GlucocorticoidPrecautions.pneumocystisProphylaxis(regimen(prednisone("40", 14), prednisone("20", 14)), DEFAULTS)
                .isPresent());
        // but not across a lower step
        assertTrue(GlucocorticoidPrecautions.pneumocystisProphylaxis(
                regimen(prednisone("40", 14), prednisone("10", 7), prednisone("20", 14)), DEFAULTS).isEmpty());
    }

    @Test
    void pjpTextStatesTheComputation() {
        Precaution pjp = GlucocorticoidPrecautions.pneumocystisProphylaxis(Regimens.relapsePrednisone(), DEFAULTS).orElseThrow();
        assertEquals("pneumocystis-prophylaxis", pjp.code());
        assertEquals(Knowledge.PC_PJP, pjp.source());
        assertEquals("Pneumocystis prophylaxis (first line TMP-SMX): the plan gives at least 20 mg/day prednisone equivalent "
                + "for 84 days (threshold: 4 weeks)", pjp.text());
    }

    @Test
    void boneNeeds2point5MgForMoreThanThreeMonths() {
        // 3 months = 91.3 days: 91 days is not more, 92 days is
        assertTrue(GlucocorticoidPrecautions.boneProtection(regimen(prednisone("2.5", 92)), DEFAULTS).isPresent());
        assertTrue(GlucocorticoidPrecautions.boneProtection(regimen(prednisone("2.5", 91)), DEFAULTS).isEmpty());
        assertTrue(GlucocorticoidPrecautions.boneProtection(regimen(prednisone("2.4", 200)), DEFAULTS).isEmpty());
        Precaution bone = GlucocorticoidPrecautions.boneProtection(Regimens.relapsePrednisone(), DEFAULTS).orElseThrow();
        assertEquals("bone-protection", bone.code());
        assertEquals(Knowledge.PC_BONE, bone.source());
        assertTrue(bone.text().contains("for 168 days (threshold: more than 3 months)"), bone.text());
    }

    @Test
    void methylprednisoloneCountsAtItsPrednisoneEquivalent() {
        RegimenStep mp = new RegimenStep(Drug.METHYLPREDNISOLONE, Route.IV, new Dose.MgPerDayRange(new BigDecimal("16"),
                new BigDecimal("16")), 28, Knowledge.TX_IV_MP);
        // 16 mg methylprednisolone = 20 mg prednisone
        assertEquals(28, GlucocorticoidPrecautions.longestRunAtLeast(regimen(mp), BigDecimal.valueOf(20)));
        assertEquals(0, GlucocorticoidPrecautions.longestRunAtLeast(regimen(mp), new BigDecimal("20.1")));
    }

    @Test
    void aDrugThatIsNoGlucocorticoidNeverCounts() {
        RegimenStep clarithromycin = new RegimenStep(Drug.CLARITHROMYCIN, Route.ORAL, new Dose.MgTwiceDaily(BigDecimal.valueOf(500)),
                84, Knowledge.TX_ALT_CLARITHRO);
        assertEquals(0, GlucocorticoidPrecautions.longestRunAtLeast(regimen(clarithromycin), BigDecimal.ONE));
    }

    @Test
    void aPerKgStepWithoutWeightCountsAsReaching() {
        Regimen oral = Regimens.oralPrednisone(OptionalDouble.empty());
        // 0.75 and 0.5 mg/kg (unknown mg) then 20 mg: 12 weeks at or above 20 mg
        assertEquals(84, GlucocorticoidPrecautions.longestRunAtLeast(oral, BigDecimal.valueOf(20)));
    }

    @Test
    void longestRunIsComputedFromTheSteps() {
        assertEquals(84, GlucocorticoidPrecautions.longestRunAtLeast(Regimens.oralPrednisone(OptionalDouble.of(68)), BigDecimal.valueOf(20)));
        assertEquals(168, GlucocorticoidPrecautions.longestRunAtLeast(Regimens.oralPrednisone(OptionalDouble.of(68)), new BigDecimal("2.5")));
        assertEquals(87, GlucocorticoidPrecautions.longestRunAtLeast(Regimens.ivMethylprednisolone(OptionalDouble.of(68)), BigDecimal.valueOf(20)));
        // a longer run later in the regimen wins over a shorter first one
        assertEquals(21, GlucocorticoidPrecautions.longestRunAtLeast(regimen(prednisone("30", 7), prednisone("5", 7),
                prednisone("30", 21)), BigDecimal.valueOf(20)));
    }

    @Test
    void everyGlucocorticoidPlanGetsAllFourPrecautions() {
        for (Regimen regimen : List.of(Regimens.oralPrednisone(OptionalDouble.of(68)), Regimens.oralPrednisone(OptionalDouble.empty()),
                Regimens.ivMethylprednisolone(OptionalDouble.of(68)), Regimens.relapsePrednisone())) {
            List<Precaution> precautions = GlucocorticoidPrecautions.forRegimen(regimen, ClinicalFindings.unknown(), DEFAULTS);
            assertEquals(List.of("pneumocystis-prophylaxis", "bone-protection", "glucose-monitoring", "relapse-surveillance"),
                    precautions.stream().map(Precaution::code).toList(), regimen.name());
        }
    }

    @Test
    void shortLowDoseRegimenGetsOnlyTheGeneralPrecautions() {
        List<Precaution> precautions = GlucocorticoidPrecautions.forRegimen(regimen(prednisone("10", 14)), ClinicalFindings.unknown(),
                DEFAULTS);
        assertEquals(List.of("glucose-monitoring", "relapse-surveillance"), precautions.stream().map(Precaution::code).toList());
    }

    @Test
    void glucoseAndRelapseTexts() {
        assertEquals("monitor blood glucose while on glucocorticoids",
                GlucocorticoidPrecautions.glucoseMonitoring(ClinicalFindings.unknown()).text());
        assertEquals("monitor blood glucose while on glucocorticoids (known diabetes: closely)",
                GlucocorticoidPrecautions.glucoseMonitoring(ClinicalFindings.unknown().withDiabetes(true)).text());
        assertEquals(Knowledge.PC_GLUCOSE, GlucocorticoidPrecautions.glucoseMonitoring(ClinicalFindings.unknown()).source());
        Precaution watch = GlucocorticoidPrecautions.relapseSurveillance(DEFAULTS);
        assertEquals("watch for relapse for 12 months, especially during the taper", watch.text());
        assertEquals(Knowledge.PC_RELAPSE_WATCH, watch.source());
    }

    @Test
    void diabetesWarning() {
        assertTrue(GlucocorticoidPrecautions.diabetesWarning(ClinicalFindings.unknown()).isEmpty());
        Warning warning = GlucocorticoidPrecautions.diabetesWarning(ClinicalFindings.unknown().withDiabetes(true)).orElseThrow();
        assertEquals(WarningLevel.WARNING, warning.level());
        assertEquals("diabetes-glucose-control", warning.code());
        assertEquals(Knowledge.PC_GLUCOSE_DIABETES, warning.source());
    }

    @Test
    void configuredThresholdsAreUsed() {
        TreatmentThresholds pjpAt30For8Weeks = new TreatmentThresholds(90, 94, 37.9, 80, 14, 6, 30, 8, 5, 6, 50, 85, 3);
        Regimen oral = Regimens.oralPrednisone(OptionalDouble.of(68));
        // 50 and 35 mg: 8 weeks at >= 30 mg
        assertTrue(GlucocorticoidPrecautions.pneumocystisProphylaxis(oral, pjpAt30For8Weeks).isPresent());
        assertTrue(GlucocorticoidPrecautions.pneumocystisProphylaxis(Regimens.relapsePrednisone(), pjpAt30For8Weeks).isEmpty());
        // 24 weeks at >= 5 mg is not more than 6 months (182.6 days)
        assertTrue(GlucocorticoidPrecautions.boneProtection(oral, pjpAt30For8Weeks).isEmpty());
        assertEquals("watch for relapse for 6 months, especially during the taper",
                GlucocorticoidPrecautions.relapseSurveillance(pjpAt30For8Weeks).text());
    }
}
