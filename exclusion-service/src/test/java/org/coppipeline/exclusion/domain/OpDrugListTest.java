package org.coppipeline.exclusion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.CauseInput.Medication;
import org.coppipeline.exclusion.domain.OpDrugList.MatchedBy;
import org.coppipeline.exclusion.domain.OpDrugList.OpDrug;

class OpDrugListTest {

    private static final String HEADER = "name,atc_prefix,group,source\n";
    private static final String WINDOW_HEADER = "name,atc_prefix,group,source,window_days\n";

    private static Medication med(String name, String atc) {
        return new Medication(name, atc, true, null, null);
    }

    @Test
    void parsesTheSharedListWithEveryRowAndItsWindow() {
        List<OpDrug> drugs = Cases.DRUG_LIST.drugs();
        assertEquals(51, drugs.size());
        assertEquals(new OpDrug("amiodarone", "C01BD01", "cardiovascular", "BMJ-BP", 365), drugs.get(0));
        assertEquals(new OpDrug("cocaine", "", "illicit", "BMJ-BP"), drugs.get(drugs.size() - 2));
        assertEquals(new OpDrug("azacitidine", "L01BC07", "antineoplastic", "Alnimer-2016"), drugs.get(drugs.size() - 1));
        assertTrue(drugs.contains(new OpDrug("ipilimumab", "L01FX04", "immune checkpoint inhibitor", "Radzikowska&Fijolek-2023")));
        assertEquals(List.of("amiodarone"), drugs.stream().filter(d -> d.windowDays() != null).map(OpDrug::name).toList());
    }

    @Test
    void theV1RowsAreTheFiftyDrugsV1KnewWithoutTheRowsOfSourcesAddedInV2() {
        List<OpDrug> v1 = Cases.DRUG_LIST.v1Rows().drugs();
        assertEquals(50, v1.size());
        assertEquals(Cases.DRUG_LIST.drugs().subList(0, 50), v1);
        assertEquals(Optional.empty(), Cases.DRUG_LIST.v1Rows().match(med("Azacitidine", null)));
        assertEquals(Optional.empty(), Cases.DRUG_LIST.v1Rows().match(med("x", "L01BC07")));
        assertEquals("azacitidine", Cases.DRUG_LIST.match(med("Azacitidine", null)).orElseThrow().drug().name());
        assertEquals("azacitidine", Cases.DRUG_LIST.match(med("x", "L01BC07")).orElseThrow().drug().name());
    }

    @Test
    void readsTheV1FileWithoutTheWindowColumnToo() {
        var list = OpDrugList.parse(HEADER + "amiodarone,C01BD01,cardiovascular,BMJ-BP\n");
        assertEquals(List.of(new OpDrug("amiodarone", "C01BD01", "cardiovascular", "BMJ-BP", null)), list.drugs());
    }

    @Test
    void anEmptyWindowIsNoWindowAndABadOneIsRefusedWithItsLine() {
        var list = OpDrugList.parse(WINDOW_HEADER + "a,A01,g,S,\nb,B01,g,S, 30 \n");
        assertEquals(null, list.drugs().get(0).windowDays());
        assertEquals(30, list.drugs().get(1).windowDays());
        var e = assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(WINDOW_HEADER + "a,A01,g,S,-5\n"));
        assertEquals("drug list: line 2 has a window_days that is not a whole number of days", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(WINDOW_HEADER + "a,A01,g,S,1.5\n"));
        assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(WINDOW_HEADER + "a,A01,g,S\n"));
        assertThrows(IllegalArgumentException.class, () -> new OpDrug("a", "", "g", "S", -1));
    }

    @Test
    void toleratesByteOrderMarkWindowsLineEndsBlankLinesAndSurroundingSpaces() {
        var list = OpDrugList.parse("\uFEFF" + "name,atc_prefix,group,source\r\n\r\n amiodarone , c01bd01 ,cardio, BMJ-BP \r\n\n");
        assertEquals(List.of(new OpDrug("amiodarone", "C01BD01", "cardio", "BMJ-BP")), list.drugs());
    }

    @Test
    void refusesAMissingHeader() {
        var e = assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse("amiodarone,C01BD01,cardio,BMJ-BP\n"));
        assertEquals("drug list: line 1 must be the header 'name,atc_prefix,group,source,window_days' (or "
                + "'name,atc_prefix,group,source')", e.getMessage());
    }

    @Test
    void refusesALineWithTheWrongNumberOfFields() {
        var e = assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(HEADER + "a,A01,g,S\nb,B01,g\n"));
        assertEquals("drug list: line 3 has 3 fields, expected 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(HEADER + "a,A01,g,S,extra\n"));
    }

    @Test
    void refusesARowWithoutNameOrSource() {
        var e = assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(HEADER + " ,A01,g,S\n"));
        assertEquals("drug list: line 2 lacks a name or a source", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(HEADER + "a,A01,g, \n"));
    }

    @Test
    void refusesAListWithoutDrugs() {
        var e = assertThrows(IllegalArgumentException.class, () -> OpDrugList.parse(HEADER));
        assertEquals("drug list: no drugs", e.getMessage());
    }

    @Test
    void nameMatchComesBeforeAtcMatch() {
        var list = OpDrugList.parse(HEADER + "alpha,A01,g,S1\nbeta,B01,g,S2\n");
        var match = list.match(med("Beta", "A01XX")).orElseThrow();
        assertEquals("beta", match.drug().name());
        assertEquals(MatchedBy.NAME, match.matchedBy());
    }

    @Test
    void theLongestAtcPrefixWinsThenFileOrder() {
        var list = OpDrugList.parse(HEADER + "short,L03,g,S\nfirst,L03AB,g,S\nsecond,L03AB,g,S\nother,M01,g,S\n");
        assertEquals("first", list.match(med("x", "L03AB07")).orElseThrow().drug().name());
        assertEquals("short", list.match(med("x", "L03AA02")).orElseThrow().drug().name());
        assertEquals(MatchedBy.ATC_PREFIX, list.match(med("x", "L03AA02")).orElseThrow().matchedBy());
    }

    @Test
    void rowsWithoutAtcMatchOnlyByName() {
        var list = OpDrugList.parse(HEADER + "cocaine,,illicit,BMJ-BP\n");
        assertEquals(Optional.empty(), list.match(med("crack", "N01BC01")));
        assertTrue(list.match(med("Cocaine", null)).isPresent());
    }

    @Test
    void atcCodeIsComparedTrimmedAndUpperCase() {
        assertEquals("amiodarone", Cases.DRUG_LIST.match(med("x", " c01bd01 ")).orElseThrow().drug().name());
        assertEquals(Optional.empty(), Cases.DRUG_LIST.match(med("x", "  ")));
        assertEquals(Optional.empty(), Cases.DRUG_LIST.match(med("x", "C01")));
    }
}
