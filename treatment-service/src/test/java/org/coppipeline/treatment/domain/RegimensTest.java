package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegimensTest {

    private static List<String> doses(Regimen regimen) {
        return regimen.steps().stream().map(s -> s.dose().text().replaceAll(" \\(.*\\)", "")).toList();
    }

    private static List<Integer> days(Regimen regimen) {
        return regimen.steps().stream().map(RegimenStep::days).toList();
    }

    @ParameterizedTest(name = "{0} mg -> {1} mg")
    @CsvSource({ "50, 50", "51, 50", "52.4, 50", "52.49, 50", "52.5, 55", "52.6, 55", "57.5, 60", "34, 35", "32.5, 35",
            "32.4, 30", "2.5, 5", "7.49, 5", "300, 300" })
    void roundsToTheNearest5MgWithHalfwayUp(String exact, int expected) {
        assertEquals(Optional.of(BigDecimal.valueOf(expected)), DoseRounding.toNearestStep(new BigDecimal(exact))
                .map(BigDecimal::stripTrailingZeros).map(b -> b.setScale(0)));
    }

    @Test
    void aDoseThatRoundsToZeroHasNoMgValue() {
        assertTrue(DoseRounding.toNearestStep(new BigDecimal("2.49")).isEmpty());
        assertTrue(DoseRounding.toNearestStep(BigDecimal.ZERO).isEmpty());
    }

    @Test
    void oralTaperWithWeight() {
        Regimen oral = Regimens.oralPrednisone(OptionalDouble.of(68));
        assertEquals("oral-prednisone-taper", oral.name());
        assertEquals(Knowledge.TX_ORAL_PRED, oral.source());
        assertEquals(List.of("50 mg/day", "35 mg/day", "20 mg/day", "10 mg/day", "5 mg/day"), doses(oral));
        assertEquals(List.of(28, 28, 28, 42, 42), days(oral));
        assertEquals(24 * 7, oral.totalDays());
        assertTrue(oral.steps().stream().allMatch(s -> s.drug() == Drug.PREDNISONE && s.route() == Route.ORAL
                && s.source().equals(Knowledge.TX_ORAL_PRED)));
        assertEquals("50 mg/day (0.75 mg/kg/day x 68 kg = 51 mg, rounded to the nearest 5 mg)", oral.steps().get(0).dose().text());
        assertTrue(oral.hasWeightBasedDoses());
        assertFalse(oral.hasDosesPerKg());
    }

    @Test
    void halfwayDoseRoundsUp() {
        // 70 kg x 0.75 = 52.5 mg exactly: 55 mg
        Regimen oral = Regimens.oralPrednisone(OptionalDouble.of(70));
        assertEquals(List.of("55 mg/day", "35 mg/day", "20 mg/day", "10 mg/day", "5 mg/day"), doses(oral));
        Dose.MgPerDay first = (Dose.MgPerDay) oral.steps().get(0).dose();
        assertEquals(0, new BigDecimal("52.5").compareTo(first.fromWeight().orElseThrow().exactMgPerDay()));
        assertEquals(0, new BigDecimal("0.75").compareTo(first.fromWeight().orElseThrow().amountPerKg()));
        assertEquals(0, new BigDecimal("70").compareTo(first.fromWeight().orElseThrow().weightKg()));
    }

    @Test
    void withoutWeightTheWeightBasedStepsStayPerKg() {
        Regimen oral = Regimens.oralPrednisone(OptionalDouble.empty());
        assertEquals(List.of("0.75 mg/kg/day", "0.5 mg/kg/day", "20 mg/day", "10 mg/day", "5 mg/day"), doses(oral));
        assertTrue(oral.hasDosesPerKg());
        assertFalse(oral.hasWeightBasedDoses());
    }

    @Test
    void aWeightSoLowThatRoundingGivesZeroStaysPerKg() {
        Regimen oral = Regimens.oralPrednisone(OptionalDouble.of(3));
        // 3 x 0.75 = 2.25 -> 0 mg: per kg; 3 x 0.5 = 1.5 -> 0 mg: per kg
        assertEquals(List.of("0.75 mg/kg/day", "0.5 mg/kg/day", "20 mg/day", "10 mg/day", "5 mg/day"), doses(oral));
        Regimen four = Regimens.oralPrednisone(OptionalDouble.of(4));
        // 4 x 0.75 = 3 -> 5 mg; 4 x 0.5 = 2 -> 0 mg
        assertEquals(List.of("5 mg/day", "0.5 mg/kg/day", "20 mg/day", "10 mg/day", "5 mg/day"), doses(four));
    }

    @Test
    void ivPulseThenTheOralTaper() {
        Regimen iv = Regimens.ivMethylprednisolone(OptionalDouble.of(68));
        assertEquals("iv-methylprednisolone-then-oral-prednisone", iv.name());
        assertEquals(Knowledge.TX_IV_MP, iv.source());
        RegimenStep pulse = iv.steps().get(0);
        assertEquals(Drug.METHYLPREDNISOLONE, pulse.drug());
        assertEquals(Route.IV, pulse.route());
        assertEquals(3, pulse.days());
        assertEquals(new Dose.MgPerDayRange(BigDecimal.valueOf(500), BigDecimal.valueOf(1000)), pulse.dose());
        assertEquals("500-1000 mg/day", pulse.dose().text());
        assertEquals("methylprednisolone 500-1000 mg/day iv for 3 days", pulse.text());
        assertEquals(Knowledge.TX_IV_MP, pulse.source());
        assertEquals(Regimens.oralPrednisone(OptionalDouble.of(68)).steps(), iv.steps().subList(1, 6));
        assertEquals(List.of(Knowledge.TX_IV_MP, Knowledge.TX_ORAL_PRED), iv.sources());
        assertEquals(0, new BigDecimal("0.43").compareTo(pulse.weeks()));
    }

    @Test
    void relapseRegimen() {
        Regimen relapse = Regimens.relapsePrednisone();
        assertEquals("relapse-prednisone-taper", relapse.name());
        assertEquals(Knowledge.TX_RELAPSE_PRED, relapse.source());
        assertEquals(List.of("20 mg/day", "10 mg/day", "5 mg/day"), doses(relapse));
        assertEquals(List.of(84, 42, 42), days(relapse));
        assertEquals("prednisone 20 mg/day oral for 12 weeks", relapse.steps().get(0).text());
        assertEquals(0, BigDecimal.valueOf(12).compareTo(relapse.steps().get(0).weeks()));
        assertFalse(relapse.hasDosesPerKg());
        assertFalse(relapse.hasWeightBasedDoses());
    }

    @Test
    void reviewLabelFollowsTheRuleLineMark() {
        Regimen oral = Regimens.oralPrednisone(OptionalDouble.of(68));
        assertTrue(oral.requiresClinicalReview());
        assertEquals("requires clinical review: TX-ORAL-PRED marked [U] in the knowledge base "
                + "(schedule or dose not verified in a source, or a design choice)", oral.clinicalReviewText());
        assertTrue(Regimens.ivMethylprednisolone(OptionalDouble.of(68)).clinicalReviewText().contains("TX-IV-MP, TX-ORAL-PRED"));
        // a regimen resting only on [V] lines needs no review label
        RuleSource verified = Knowledge.TX_REC_ORAL;
        Regimen onVerified = new Regimen("test", verified,
                List.of(new RegimenStep(Drug.PREDNISONE, Route.ORAL, Dose.MgPerDay.of(10), 7, verified)));
        assertFalse(onVerified.requiresClinicalReview());
        assertEquals("", onVerified.clinicalReviewText());
        // one [U] step is enough
        Regimen mixed = new Regimen("test", verified,
                List.of(new RegimenStep(Drug.PREDNISONE, Route.ORAL, Dose.MgPerDay.of(10), 7, Knowledge.TX_RELAPSE_PRED)));
        assertTrue(mixed.requiresClinicalReview());
    }

    @Test
    void shapesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Regimen("empty", Knowledge.TX_ORAL_PRED, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RegimenStep(Drug.PREDNISONE, Route.ORAL, Dose.MgPerDay.of(5), 0, Knowledge.TX_ORAL_PRED));
        assertEquals(1, new RegimenStep(Drug.PREDNISONE, Route.ORAL, Dose.MgPerDay.of(5), 1, Knowledge.TX_ORAL_PRED).days());
        assertThrows(IllegalArgumentException.class,
                () -> new Dose.MgPerDayRange(BigDecimal.TEN, BigDecimal.ONE));
        assertEquals("10-10 mg/day", new Dose.MgPerDayRange(BigDecimal.TEN, BigDecimal.TEN).text());
    }

    @Test
    void minimumDailyDoses() {
        assertEquals(Optional.of(BigDecimal.valueOf(20)), Dose.MgPerDay.of(20).minimumMgPerDay());
        assertEquals(Optional.empty(), new Dose.MgPerKgPerDay(BigDecimal.ONE).minimumMgPerDay());
        assertEquals(Optional.of(BigDecimal.valueOf(500)),
                new Dose.MgPerDayRange(BigDecimal.valueOf(500), BigDecimal.valueOf(1000)).minimumMgPerDay());
        assertEquals(Optional.of(BigDecimal.valueOf(1000)), new Dose.MgTwiceDaily(BigDecimal.valueOf(500)).minimumMgPerDay());
        assertEquals("500 mg twice daily", new Dose.MgTwiceDaily(BigDecimal.valueOf(500)).text());
    }

    @Test
    void stepTextInDaysWhenNotWholeWeeks() {
        assertEquals("prednisone 5 mg/day oral for 10 days",
                new RegimenStep(Drug.PREDNISONE, Route.ORAL, Dose.MgPerDay.of(5), 10, Knowledge.TX_ORAL_PRED).text());
        assertEquals("prednisone 5 mg/day oral for 2 weeks",
                new RegimenStep(Drug.PREDNISONE, Route.ORAL, Dose.MgPerDay.of(5), 14, Knowledge.TX_ORAL_PRED).text());
    }
}
