package org.coppipeline.exclusion.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.coppipeline.exclusion.domain.AntibioticResponse;
import org.coppipeline.exclusion.domain.BiopsyMethod;
import org.coppipeline.exclusion.domain.BloodCount;
import org.coppipeline.exclusion.domain.CauseInput;
import org.coppipeline.exclusion.domain.Condition;
import org.coppipeline.exclusion.domain.CtFinding;
import org.coppipeline.exclusion.domain.HistologyPattern;
import org.coppipeline.exclusion.domain.MicrobiologyTest;
import org.coppipeline.exclusion.domain.RadiotherapySite;
import org.coppipeline.exclusion.domain.Suspicion;
import org.coppipeline.exclusion.domain.TestResult;
import org.coppipeline.exclusion.messaging.UnprocessableRecordException;

class CauseInputBinderTest {

    private static final CauseInputBinder BINDER = new CauseInputBinder();
    private static final String IDS = "\"eventId\":\"90f27ca6-e3fc-56bb-a09e-1a93fc7f445f\",\"caseId\":\"C-1\",\"hospitalId\":\"h\"";

    private static ObjectNode record(String fields) {
        try {
            return (ObjectNode) Examples.JSON.readTree("{" + IDS + (fields.isEmpty() ? "" : "," + fields) + "}");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static CauseInput bind(String fields) {
        return BINDER.bind(record(fields));
    }

    private static String unbindable(String fields) {
        return assertThrows(UnprocessableRecordException.class, () -> bind(fields)).getMessage();
    }

    @Test
    void absentSectionsAreUnknown() {
        assertEquals(new CauseInput(null, null, null, null, null, null, null), bind(""));
        assertEquals(new CauseInput(null, null, null, null, null, null, null),
                bind("\"tests\":{},\"history\":{},\"imaging\":{},\"course\":{},\"symptomAssessment\":{}"));
    }

    @Test
    void explicitNullsOfOptionalFieldsAreUnknownToo() {
        var input = bind("\"tests\":{\"autoimmunePanel\":null,\"bloodCount\":null,\"microbiology\":null},"
                + "\"history\":null,\"bal\":{\"eosinophilPercent\":null,\"malignantCells\":null},\"symptomAssessment\":null");
        assertEquals(new CauseInput(null, null, null, new CauseInput.Bal(null, false), null, null, null), input);
    }

    @Test
    void bindsEverythingTheRulesRead() {
        var input = bind("""
                "course":{"symptomDurationDays":3,"antibioticResponse":"partial"},
                "imaging":{"ct":{"performed":true,"lobesInvolved":2,"findings":["ground-glass","reversed-halo"]}},
                "bal":{"eosinophilPercent":26,"malignantCells":true,"lymphocytePercent":40},
                "histology":{"method":"surgical","pattern":"non-diagnostic"},
                "tests":{"microbiology":[{"test":"bal-culture","result":"positive","organism":"Aspergillus"}],
                         "autoimmunePanel":"pending","bloodCount":"abnormal"},
                "history":{"medicationsReviewed":true,"medications":[{"name":"Cordarone","atcCode":"C01BD01","current":false,
                           "startedDaysAgo":200,"stoppedDaysAgo":30}],
                           "radiotherapyReviewed":true,"radiotherapy":[{"site":"thorax","endedDaysAgo":100}],
                           "conditionsReviewed":false,"exposuresReviewed":true,"conditions":["lymphoma","aspiration-risk"]},
                "symptomAssessment":{"suspicionScore":9,"suspicion":"high","contributions":[]},
                "patient":{"ageYears":60}
                """);
        assertEquals(new CauseInput(
                new CauseInput.Tests(List.of(new CauseInput.MicrobiologyResult(MicrobiologyTest.BAL_CULTURE, TestResult.POSITIVE,
                        "Aspergillus")), TestResult.PENDING, BloodCount.ABNORMAL),
                new CauseInput.History(true, List.of(new CauseInput.Medication("Cordarone", "C01BD01", false, 200, 30)), true,
                        List.of(new CauseInput.Radiotherapy(RadiotherapySite.THORAX, 100)), false, true,
                        List.of(Condition.LYMPHOMA, Condition.ASPIRATION_RISK)),
                new CauseInput.ChestCt(true, List.of(CtFinding.GROUND_GLASS, CtFinding.REVERSED_HALO)),
                new CauseInput.Bal(26.0, true),
                HistologyPattern.NON_DIAGNOSTIC, AntibioticResponse.PARTIAL, Suspicion.HIGH, BiopsyMethod.SURGICAL,
                CauseInput.Host.NOTHING_KNOWN), input);
    }

    @Test
    void bindsTheV12AdditionsInEitherVersionsInput() {
        var input = bind("""
                "patient":{"ageYears":60,"immunocompromised":true},
                "treatmentHistory":{"relapseOnTaper":false,"currentPrednisoneMgPerDay":22.5},
                "imaging":{"ct":{"performed":true,"findings":["nodules","consolidation","op-pattern"]}},
                "histology":{"method":"transbronchial","pattern":"organizing-pneumonia"},
                "tests":{"microbiology":[{"test":"atypical-serology","result":"negative"},{"test":"bal-stains","result":"pending"}]}
                """);
        assertEquals(new CauseInput.Host(true, 22.5), input.host());
        assertEquals(BiopsyMethod.TRANSBRONCHIAL, input.histologyMethod());
        assertEquals(List.of(CtFinding.NODULES, CtFinding.CONSOLIDATION, CtFinding.OP_PATTERN), input.ct().findings());
        assertEquals(List.of(MicrobiologyTest.ATYPICAL_SEROLOGY, MicrobiologyTest.BAL_STAINS),
                input.tests().microbiology().stream().map(CauseInput.MicrobiologyResult::test).toList());
        assertEquals(new CauseInput.Host(false, null), bind("\"patient\":{\"ageYears\":60,\"immunocompromised\":false}").host());
        assertEquals(CauseInput.Host.NOTHING_KNOWN, bind("\"patient\":{\"ageYears\":60},\"treatmentHistory\":{}").host());
    }

    @Test
    void reviewFlagsCountOnlyWhenTrue() {
        var history = bind("\"history\":{\"medicationsReviewed\":false,\"conditionsReviewed\":true}").history();
        assertFalse(history.medicationsReviewed());
        assertFalse(history.radiotherapyReviewed());
        assertEquals(true, history.conditionsReviewed());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"history\":\"secret\"|cannot bind /history",
            "\"history\":{\"medications\":[{\"name\":\"a\",\"current\":\"yes\"}]}|cannot bind /history/medications/0/current",
            "\"history\":{\"medications\":[{\"name\":\"a\",\"current\":true,\"stoppedDaysAgo\":\"90\"}]}|cannot bind /history/medications/0/stoppedDaysAgo",
            "\"history\":{\"medications\":[{\"name\":\"a\",\"current\":true,\"stoppedDaysAgo\":90.5}]}|cannot bind /history/medications/0/stoppedDaysAgo",
            "\"history\":{\"medications\":[{\"name\":42,\"current\":true}]}|cannot bind /history/medications/0/name",
            "\"history\":{\"medications\":[{\"name\":\"a\",\"current\":null}]}|cannot bind /history/medications/0/current",
            "\"history\":{\"medicationsReviewed\":\"true\"}|cannot bind /history/medicationsReviewed",
            "\"history\":{\"conditions\":[\"gout\"]}|cannot bind /history/conditions/0",
            "\"history\":{\"conditions\":[null]}|cannot bind /history/conditions/0",
            "\"history\":{\"radiotherapy\":[{\"site\":\"brain\",\"endedDaysAgo\":1}]}|cannot bind /history/radiotherapy/0/site",
            "\"tests\":{\"microbiology\":[{\"test\":\"blood-culture\",\"result\":\"maybe\"}]}|cannot bind /tests/microbiology/0/result",
            "\"tests\":{\"microbiology\":[{\"test\":\"blood-culture\",\"result\":null}]}|cannot bind /tests/microbiology/0/result",
            "\"tests\":{\"microbiology\":[null]}|cannot bind /tests/microbiology/0",
            "\"tests\":{\"autoimmunePanel\":true}|cannot bind /tests/autoimmunePanel",
            "\"imaging\":{\"ct\":{\"performed\":true,\"findings\":\"mass\"}}|cannot bind /imaging/ct/findings",
            "\"bal\":{\"eosinophilPercent\":\"high\"}|cannot bind /bal/eosinophilPercent",
            "\"histology\":{\"pattern\":\"UIP\"}|cannot bind /histology/pattern",
            "\"histology\":{\"pattern\":\"other\",\"method\":\"needle\"}|cannot bind /histology/method",
            "\"patient\":{\"ageYears\":60,\"immunocompromised\":\"yes\"}|cannot bind /patient/immunocompromised",
            "\"treatmentHistory\":{\"currentPrednisoneMgPerDay\":\"20\"}|cannot bind /treatmentHistory/currentPrednisoneMgPerDay",
            "\"tests\":{\"microbiology\":[{\"test\":\"atypical-pcr\",\"result\":\"negative\"}]}|cannot bind /tests/microbiology/0/test",
            "\"symptomAssessment\":{\"suspicion\":\"very-high\"}|cannot bind /symptomAssessment/suspicion" })
    void typeErrorsAreUnbindableByPointerWithoutTheValue(String fields, String message) {
        assertEquals(message, unbindable(fields));
    }

    /**
     * JSON Schema's "integer" counts 3.0 as 3, so a record from any producer that writes it so binds as that integer
     * (the gateway itself publishes 3); a fraction stays no integer.
     */
    @Test
    void anIntegralDecimalInAnIntegerFieldBindsAsThatInteger() {
        String integers = "\"history\":{\"medications\":[{\"name\":\"a\",\"current\":false,\"startedDaysAgo\":%s,"
                + "\"stoppedDaysAgo\":%s}],\"radiotherapy\":[{\"site\":\"breast\",\"endedDaysAgo\":%s}]}";
        CauseInput.History history = bind(String.format(integers, "3.0", "1e1", "100.00")).history();
        assertEquals(new CauseInput.Medication("a", null, false, 3, 10), history.medications().get(0));
        assertEquals(new CauseInput.Radiotherapy(RadiotherapySite.BREAST, 100), history.radiotherapy().get(0));
        assertEquals(bind(String.format(integers, "3", "10", "100")), bind(String.format(integers, "3.0", "1e1", "100.00")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"history\":{\"medications\":[{\"name\":\"a\",\"current\":true,\"startedDaysAgo\":3.5}]}|cannot bind /history/medications/0/startedDaysAgo",
            "\"history\":{\"medications\":[{\"name\":\"a\",\"current\":true,\"startedDaysAgo\":1e10}]}|cannot bind /history/medications/0/startedDaysAgo",
            "\"history\":{\"radiotherapy\":[{\"site\":\"breast\",\"endedDaysAgo\":2.5}]}|cannot bind /history/radiotherapy/0/endedDaysAgo",
            "\"history\":{\"radiotherapy\":[{\"site\":\"breast\",\"endedDaysAgo\":null}]}|cannot bind /history/radiotherapy/0/endedDaysAgo",
            "\"bal\":{\"eosinophilPercent\":\"NaN\"}|cannot bind /bal/eosinophilPercent",
            "\"bal\":{\"eosinophilPercent\":\"Infinity\"}|cannot bind /bal/eosinophilPercent",
            "\"bal\":{\"eosinophilPercent\":1e400}|cannot bind /bal/eosinophilPercent",
            "\"treatmentHistory\":{\"currentPrednisoneMgPerDay\":\"NaN\"}|cannot bind /treatmentHistory/currentPrednisoneMgPerDay",
            "\"treatmentHistory\":{\"currentPrednisoneMgPerDay\":\"-Infinity\"}|cannot bind /treatmentHistory/currentPrednisoneMgPerDay",
            "\"treatmentHistory\":{\"currentPrednisoneMgPerDay\":-1e400}|cannot bind /treatmentHistory/currentPrednisoneMgPerDay" })
    void aFractionForAnIntegerOrNoFiniteNumberForADoubleIsUnbindableByPointer(String fields, String message) {
        assertEquals(message, unbindable(fields));
    }

    @Test
    void missingRequiredFieldsAreUnbindable() {
        assertEquals("cannot bind /history/medications/0/current",
                unbindable("\"history\":{\"medications\":[{\"name\":\"a\"}]}"));
        assertEquals("cannot bind /imaging/ct/performed", unbindable("\"imaging\":{\"ct\":{\"findings\":[]}}"));
        assertEquals("cannot bind /histology/pattern", unbindable("\"histology\":{\"method\":\"surgical\"}"));
        assertEquals("cannot bind /history/radiotherapy/0/endedDaysAgo",
                unbindable("\"history\":{\"radiotherapy\":[{\"site\":\"breast\"}]}"));
    }

    @Test
    void missingSuspicionIsUnknownNotAnError() {
        assertEquals(null, bind("\"symptomAssessment\":{\"suspicionScore\":3}").suspicion());
        assertEquals(null, bind("").suspicion());
    }

    @Test
    void fieldsTheRulesDoNotReadMayHoldAnything() {
        var input = bind("\"patient\":{\"ageYears\":\"not checked here\"},\"treatmentPlan\":[1,2],"
                + "\"history\":{\"unknownFlag\":1,\"medicationsReviewed\":true}");
        assertEquals(true, input.history().medicationsReviewed());
    }
}
