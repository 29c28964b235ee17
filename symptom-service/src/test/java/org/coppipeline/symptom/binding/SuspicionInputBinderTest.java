package org.coppipeline.symptom.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.symptom.domain.AntibioticResponse;
import org.coppipeline.symptom.domain.BalResult;
import org.coppipeline.symptom.domain.Condition;
import org.coppipeline.symptom.domain.CtFinding;
import org.coppipeline.symptom.domain.CtScan;
import org.coppipeline.symptom.domain.HistologyPattern;
import org.coppipeline.symptom.domain.ImmuneHistory;
import org.coppipeline.symptom.domain.SuspicionInput;
import org.coppipeline.symptom.domain.Symptom;
import org.coppipeline.symptom.domain.SymptomReport;
import org.coppipeline.symptom.messaging.UnprocessableRecordException;

class SuspicionInputBinderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SuspicionInputBinder binder = new SuspicionInputBinder(MAPPER);

    private static ObjectNode record(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private SuspicionInput bind(String json) {
        return binder.bind(record(json));
    }

    @Test
    void absentPartsAreUnknownNeverZeroOrFalse() {
        assertEquals(SuspicionInput.unknown(), bind("{'eventId':'e','patient':{}}"));
        assertEquals(SuspicionInput.unknown(), bind("{'course':{},'imaging':{},'bal':null,'symptoms':null}"));
        assertEquals(SuspicionInput.unknown(), bind("{'patient':{'immunocompromised':null},'history':{'conditions':null},"
                + "'treatmentHistory':{'relapseOnTaper':true}}"));
    }

    @Test
    void theImmuneStateBinds() {
        SuspicionInput input = bind("""
                {'patient':{'ageYears':61,'immunocompromised':false},
                 'history':{'conditionsReviewed':true,'conditions':['diabetes','solid-organ-transplant'],
                            'medications':[{'name':'tacrolimus','current':true}]},
                 'treatmentHistory':{'relapseOnTaper':false,'currentPrednisoneMgPerDay':7.5}}
                """);
        assertEquals(new ImmuneHistory(Optional.of(false), Set.of(Condition.DIABETES, Condition.SOLID_ORGAN_TRANSPLANT),
                Optional.of(7.5)), input.immuneHistory());
        assertEquals(Optional.of(61), input.ageYears());
    }

    @Test
    void theV12CtFindingsBind() {
        assertEquals(Optional.of(new CtScan(true, Set.of(CtFinding.NODULES, CtFinding.CONSOLIDATION,
                CtFinding.OP_PATTERN))),
                bind("{'imaging':{'ct':{'performed':true,'findings':['nodules','consolidation','op-pattern']}}}").ct());
    }

    @Test
    void everyScoredFieldBinds() {
        SuspicionInput input = bind("""
                {'eventId':'e','caseId':'c','hospitalId':'h','occurredAt':'2026-11-01T09:30:00Z',
                 'patient':{'ageYears':55,'sex':'female','weightKg':68.0},
                 'symptoms':[{'code':'fever'},{'code':'hemoptysis','present':false},{'code':'dyspnea','present':true}],
                 'course':{'symptomDurationDays':49,'trajectory':'progressive','antibioticCourses':2,
                           'antibioticResponse':'partial'},
                 'imaging':{'ct':{'performed':true,'lobesInvolved':3,'findings':['bilateral-consolidation','mass']}},
                 'bal':{'lymphocytePercent':38,'neutrophilPercent':10,'eosinophilPercent':3.5,'cd4Cd8Ratio':0.5},
                 'histology':{'method':'cryobiopsy','pattern':'organizing-pneumonia'},
                 'tests':{'autoimmunePanel':'negative'},
                 'causeAssessment':{'conclusion':'secondary-op'}}
                """);
        assertEquals(new SuspicionInput(
                List.of(new SymptomReport(Symptom.FEVER, true), new SymptomReport(Symptom.HEMOPTYSIS, false),
                        new SymptomReport(Symptom.DYSPNEA, true)),
                Optional.of(55), Optional.of(49), Optional.of(2), Optional.of(AntibioticResponse.PARTIAL),
                Optional.of(new CtScan(true, Set.of(CtFinding.BILATERAL_CONSOLIDATION, CtFinding.MASS))),
                Optional.of(new BalResult(Optional.of(38.0), Optional.of(0.5), Optional.of(3.5))),
                Optional.of(HistologyPattern.ORGANIZING_PNEUMONIA)), input);
    }

    @Test
    void presentDefaultsToTrueAlsoWhenNull() {
        assertEquals(List.of(new SymptomReport(Symptom.CRACKLES, true)),
                bind("{'symptoms':[{'code':'crackles','present':null}]}").symptoms());
    }

    @Test
    void ctWithoutFindingsHasNone() {
        assertEquals(Optional.of(new CtScan(false, Set.of())),
                bind("{'imaging':{'ct':{'performed':false}}}").ct());
    }

    @Test
    void partialBalKeepsTheRestUnknown() {
        assertEquals(Optional.of(new BalResult(Optional.empty(), Optional.of(0.4), Optional.empty())),
                bind("{'bal':{'cd4Cd8Ratio':0.4,'malignantCells':true}}").bal());
    }

    @Test
    void integralDecimalIsAWholeNumber() {
        assertEquals(Optional.of(55), bind("{'patient':{'ageYears':55.0}}").ageYears());
        assertEquals(Optional.of(3), bind("{'course':{'symptomDurationDays':3.0}}").symptomDurationDays());
        assertEquals(Optional.of(10), bind("{'course':{'antibioticCourses':1e1}}").antibioticCourses());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'patient':{'ageYears':'55'}}                     | cannot bind /patient/ageYears",
            "{'patient':{'ageYears':55.5}}                     | cannot bind /patient/ageYears",
            "{'patient':{'ageYears':1e40}}                     | cannot bind /patient/ageYears",
            "{'patient':{'ageYears':true}}                     | cannot bind /patient/ageYears",
            "{'patient':7}                                     | cannot bind /patient",
            "{'symptoms':'fever'}                              | cannot bind /symptoms",
            "{'symptoms':[null]}                               | cannot bind /symptoms/0",
            "{'symptoms':[{'code':'fever'},{'present':true}]}  | cannot bind /symptoms/1/code",
            "{'symptoms':[{'code':null}]}                      | cannot bind /symptoms/0/code",
            "{'symptoms':[{'code':'sneezing'}]}                | cannot bind /symptoms/0/code",
            "{'symptoms':[{'code':3}]}                         | cannot bind /symptoms/0/code",
            "{'symptoms':[{'code':'fever','present':'yes'}]}   | cannot bind /symptoms/0/present",
            "{'symptoms':[{'code':'fever','present':1}]}       | cannot bind /symptoms/0/present",
            "{'course':{'symptomDurationDays':[]}}             | cannot bind /course/symptomDurationDays",
            "{'course':{'antibioticCourses':'2'}}              | cannot bind /course/antibioticCourses",
            "{'course':{'antibioticResponse':'RESOLVED'}}      | cannot bind /course/antibioticResponse",
            "{'imaging':{'ct':{'findings':[]}}}                | cannot bind /imaging/ct/performed",
            "{'imaging':{'ct':{'performed':'true'}}}           | cannot bind /imaging/ct/performed",
            "{'imaging':{'ct':{'performed':true,'findings':['halo']}}} | cannot bind /imaging/ct/findings/0",
            "{'imaging':{'ct':{'performed':true,'findings':[null]}}}   | cannot bind /imaging/ct/findings/0",
            "{'bal':{'lymphocytePercent':'NaN'}}               | cannot bind /bal/lymphocytePercent",
            "{'bal':{'cd4Cd8Ratio':1e400}}                     | cannot bind /bal/cd4Cd8Ratio",
            "{'bal':{'eosinophilPercent':false}}               | cannot bind /bal/eosinophilPercent",
            "{'histology':{'method':'surgical'}}               | cannot bind /histology/pattern",
            "{'histology':{'pattern':'op'}}                    | cannot bind /histology/pattern",
            "{'patient':{'immunocompromised':'yes'}}           | cannot bind /patient/immunocompromised",
            "{'patient':{'immunocompromised':1}}               | cannot bind /patient/immunocompromised",
            "{'history':{'conditions':'leukemia'}}             | cannot bind /history/conditions",
            "{'history':{'conditions':['flu']}}                | cannot bind /history/conditions/0",
            "{'history':{'conditions':['lymphoma',null]}}      | cannot bind /history/conditions/1",
            "{'history':7}                                     | cannot bind /history",
            "{'treatmentHistory':{'currentPrednisoneMgPerDay':'20'}} | cannot bind /treatmentHistory/currentPrednisoneMgPerDay",
            "{'course':{'symptomDurationDays':3.5}}            | cannot bind /course/symptomDurationDays",
            "{'bal':{'eosinophilPercent':'Infinity'}}          | cannot bind /bal/eosinophilPercent",
            "{'treatmentHistory':{'currentPrednisoneMgPerDay':-1e400}} | cannot bind /treatmentHistory/currentPrednisoneMgPerDay" })
    void wrongTypesAndUnknownCodesAreUnprocessableNamedByPointerOnly(String json, String message) {
        UnprocessableRecordException e = assertThrows(UnprocessableRecordException.class, () -> bind(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void messageNeverQuotesTheValue() {
        UnprocessableRecordException e = assertThrows(UnprocessableRecordException.class,
                () -> bind("{'patient':{'ageYears':'fifty-five years, Jane Doe'}}"));
        assertFalse(e.getMessage().contains("Jane"));
        assertFalse(e.getMessage().contains("fifty"));
    }
}
