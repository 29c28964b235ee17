package org.coppipeline.treatment.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.coppipeline.treatment.domain.CategoryStatus;
import org.coppipeline.treatment.domain.CauseCategory;
import org.coppipeline.treatment.domain.ClinicalFindings;
import org.coppipeline.treatment.domain.Conclusion;
import org.coppipeline.treatment.domain.KnowledgeVersion;
import org.coppipeline.treatment.domain.OpEvidence;
import org.coppipeline.treatment.domain.RespiratorySupport;
import org.coppipeline.treatment.domain.Trajectory;
import org.coppipeline.treatment.domain.TreatmentInput;
import org.coppipeline.treatment.messaging.UnprocessableRecordException;

class TreatmentInputBinderTest {

    private static final KnowledgeVersion V1 = KnowledgeVersion.V1;
    private static final KnowledgeVersion V2 = KnowledgeVersion.V2;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TreatmentInputBinder binder = new TreatmentInputBinder(MAPPER);

    private static ObjectNode record(String json) throws Exception {
        return (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
    }

    private static final String CAUSES = "'causeAssessment': {'conclusion': 'cop-probable', 'opEvidence': 'probable', 'categories': {"
            + "'infection': {'status': 'excluded', 'evidence': [], 'nextSteps': []},"
            + "'drug': {'status': 'present', 'evidence': ['amiodarone (current)']}}, 'alternativeDiagnoses': []}";

    @Test
    void bindsWhatTheRulesRead() throws Exception {
        TreatmentInput input = binder.bind(record("{'eventId': 'e', 'patient': {'ageYears': 50, 'weightKg': 68.5},"
                + "'course': {'trajectory': 'stable'},"
                + "'measurements': {'spo2RestPercent': 93.5, 'respiratorySupport': 'oxygen', 'crpMgPerL': 12, 'fvcPercentPredicted': 81},"
                + "'history': {'conditions': ['diabetes', 'osteoporosis']},"
                + "'treatmentHistory': {'relapseOnTaper': true, 'currentPrednisoneMgPerDay': 10},"
                + "'symptoms': [{'code': 'fever'}], 'symptomAssessment': {'suspicionScore': 9}, " + CAUSES + "}"), V1);
        ClinicalFindings f = input.findings();
        assertEquals(OptionalDouble.of(93.5), f.spo2RestPercent());
        assertEquals(Optional.of(RespiratorySupport.OXYGEN), f.respiratorySupport());
        assertEquals(OptionalDouble.of(12), f.crpMgPerL());
        assertEquals(OptionalDouble.of(81), f.fvcPercentPredicted());
        assertEquals(Optional.of(Trajectory.STABLE), f.trajectory());
        assertEquals(OptionalDouble.of(68.5), f.weightKg());
        assertTrue(f.diabetes());
        assertTrue(f.relapseOnTaper());
        assertEquals(OptionalDouble.of(10), f.currentPrednisoneMgPerDay());
        assertEquals(Conclusion.COP_PROBABLE, input.causes().conclusion());
        assertEquals(Optional.of(OpEvidence.PROBABLE), input.causes().opEvidence());
        assertEquals(CategoryStatus.EXCLUDED, input.causes().status(CauseCategory.INFECTION));
        assertEquals(CategoryStatus.PRESENT, input.causes().status(CauseCategory.DRUG));
        assertEquals(List.of("amiodarone (current)"), input.causes().finding(CauseCategory.DRUG).evidence());
        // not in the record: unknown, counted as not assessed
        assertEquals(CategoryStatus.NOT_ASSESSED, input.causes().status(CauseCategory.TRANSPLANT));
        assertEquals(6, input.causes().missing().size());
    }

    @Test
    void absentMeansUnknown() throws Exception {
        TreatmentInput input = binder.bind(record("{'eventId': 'e', 'causeAssessment': {'conclusion': 'suspected-op'}}"), V1);
        assertEquals(ClinicalFindings.unknown(), input.findings());
        assertEquals(Optional.empty(), input.causes().opEvidence());
        assertEquals(8, input.causes().missing().size());
    }

    @Test
    void emptySectionsAndNullsAreUnknownToo() throws Exception {
        TreatmentInput input = binder.bind(record("{'patient': {}, 'course': {'trajectory': null}, 'measurements': {'spo2RestPercent': null},"
                + "'history': {'conditionsReviewed': false}, 'treatmentHistory': {}, 'causeAssessment': {'conclusion': 'op-unlikely',"
                + "'opEvidence': null, 'categories': {'drug': {'evidence': ['x']}, 'transplant': null, 'solid-tumour': {'status': 'present'}}}}"), V1);
        assertEquals(ClinicalFindings.unknown(), input.findings());
        assertEquals(8, input.causes().missing().size());
    }

    @Test
    void diabetesOnlyWhenListed() throws Exception {
        assertFalse(binder.bind(record("{'history': {'conditions': ['osteoporosis']}, 'causeAssessment': {'conclusion': 'op-unlikely'}}"), V1)
                .findings().diabetes());
        assertFalse(binder.bind(record("{'treatmentHistory': {'relapseOnTaper': false}, 'causeAssessment': {'conclusion': 'op-unlikely'}}"), V1)
                .findings().relapseOnTaper());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "{'eventId': 'e'}",
            "{'causeAssessment': {}}",
            "{'causeAssessment': {'conclusion': null}}",
            "{'causeAssessment': 'cop-confirmed'}" })
    void missingConclusionIsAnUpstreamFault(String json) throws Exception {
        UnprocessableRecordException e = assertThrows(UnprocessableRecordException.class, () -> binder.bind(record(json), V1));
        assertEquals("missing /causeAssessment/conclusion", e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "{'causeAssessment': {'conclusion': 'cop'}}; cannot bind /causeAssessment/conclusion",
            "{'causeAssessment': {'conclusion': {'a': 1}}}; cannot bind /causeAssessment/conclusion",
            "{'causeAssessment': {'conclusion': 'cop-probable', 'opEvidence': 'likely'}}; cannot bind /causeAssessment/opEvidence",
            "{'causeAssessment': {'conclusion': 'cop-probable', 'categories': {'drug': {'status': 'gone'}}}}; cannot bind /causeAssessment/categories/drug/status",
            "{'causeAssessment': {'conclusion': 'cop-probable', 'categories': ['drug']}}; cannot bind /causeAssessment/categories",
            "{'measurements': {'spo2RestPercent': '93'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements/spo2RestPercent",
            "{'measurements': {'spo2RestPercent': true}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements/spo2RestPercent",
            "{'measurements': {'crpMgPerL': ''}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements/crpMgPerL",
            "{'measurements': {'respiratorySupport': 'cpap'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements/respiratorySupport",
            "{'measurements': [], 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements",
            "{'course': {'trajectory': 'worse'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /course/trajectory",
            "{'patient': {'weightKg': 'heavy'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /patient/weightKg",
            "{'history': {'conditions': 'diabetes'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /history/conditions",
            "{'treatmentHistory': {'relapseOnTaper': 'yes'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /treatmentHistory/relapseOnTaper",
            "{'treatmentHistory': {'relapseOnTaper': 1}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /treatmentHistory/relapseOnTaper",
            "{'treatmentHistory': {'currentPrednisoneMgPerDay': '20'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /treatmentHistory/currentPrednisoneMgPerDay",
            "{'measurements': {'spo2RestPercent': 'NaN'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements/spo2RestPercent",
            "{'measurements': {'crpMgPerL': 'Infinity'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements/crpMgPerL",
            "{'measurements': {'fvcPercentPredicted': 1e400}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /measurements/fvcPercentPredicted",
            "{'patient': {'weightKg': '-Infinity'}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /patient/weightKg",
            "{'treatmentHistory': {'currentPrednisoneMgPerDay': -1e400}, 'causeAssessment': {'conclusion': 'cop-probable'}}; cannot bind /treatmentHistory/currentPrednisoneMgPerDay" })
    void wrongTypesAreUnprocessableWithAPointerAndNoValue(String json, String message) throws Exception {
        UnprocessableRecordException e = assertThrows(UnprocessableRecordException.class, () -> binder.bind(record(json), V1));
        assertEquals(message, e.getMessage());
    }

    private static final String V2_FIELDS = "'measurements': {'dlcoPercentPredicted': 41.5, 'spo2ExertionNadirPercent': 84},"
            + "'imaging': {'ct': {'performed': true, 'lobesInvolved': 3, 'findings': ['op-pattern']}},"
            + "'causeAssessment': {'conclusion': 'suspected-op', 'categories': {"
            + "'drug': {'status': 'present', 'evidence': ['Cordarone (current)'], 'drugs': ['amiodarone', 'nitrofurantoin']},"
            + "'radiation': {'status': 'present', 'drugs': ['not read outside the drug category']}}}";

    @Test
    void v2BindsExtentAndDrugNames() throws Exception {
        TreatmentInput input = binder.bind(record("{" + V2_FIELDS + "}"), V2);
        assertEquals(OptionalDouble.of(41.5), input.findings().dlcoPercentPredicted());
        assertEquals(OptionalDouble.of(84), input.findings().spo2ExertionNadirPercent());
        assertEquals(OptionalInt.of(3), input.findings().lobesInvolved());
        assertEquals(List.of("amiodarone", "nitrofurantoin"), input.causes().finding(CauseCategory.DRUG).drugs());
        assertEquals(List.of("Cordarone (current)"), input.causes().finding(CauseCategory.DRUG).evidence());
        assertEquals(List.of(), input.causes().finding(CauseCategory.RADIATION).drugs());
    }

    @Test
    void v1IgnoresWhatOnlyV2Reads() throws Exception {
        TreatmentInput input = binder.bind(record("{" + V2_FIELDS + "}"), V1);
        assertEquals(OptionalDouble.empty(), input.findings().dlcoPercentPredicted());
        assertEquals(OptionalDouble.empty(), input.findings().spo2ExertionNadirPercent());
        assertEquals(OptionalInt.empty(), input.findings().lobesInvolved());
        assertEquals(List.of(), input.causes().finding(CauseCategory.DRUG).drugs());
    }

    @Test
    void v2LeavesAbsentOrNullExtentUnknown() throws Exception {
        TreatmentInput input = binder.bind(record("{'measurements': {'dlcoPercentPredicted': null}, 'imaging': {'ct': {'performed': false}},"
                + "'causeAssessment': {'conclusion': 'op-unlikely', 'categories': {'drug': {'status': 'present', 'drugs': null}}}}"), V2);
        assertEquals(ClinicalFindings.unknown(), input.findings());
        assertEquals(List.of(), input.causes().finding(CauseCategory.DRUG).drugs());
        assertEquals(ClinicalFindings.unknown(), binder.bind(record("{'imaging': 'none', 'causeAssessment': {'conclusion': 'op-unlikely'}}"),
                V2).findings());
    }

    @Test
    void aWholeNumberOfLobesMayBeWrittenWithAFraction() throws Exception {
        assertEquals(OptionalInt.of(4), binder.bind(record("{'imaging': {'ct': {'lobesInvolved': 4.0}},"
                + "'causeAssessment': {'conclusion': 'op-unlikely'}}"), V2).findings().lobesInvolved());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "{'measurements': {'dlcoPercentPredicted': '40'}}; cannot bind /measurements/dlcoPercentPredicted",
            "{'measurements': {'dlcoPercentPredicted': true}}; cannot bind /measurements/dlcoPercentPredicted",
            "{'measurements': {'spo2ExertionNadirPercent': [84]}}; cannot bind /measurements/spo2ExertionNadirPercent",
            "{'imaging': {'ct': {'lobesInvolved': 'three'}}}; cannot bind /imaging/ct/lobesInvolved",
            "{'imaging': {'ct': {'lobesInvolved': 2.5}}}; cannot bind /imaging/ct/lobesInvolved",
            "{'imaging': {'ct': {'lobesInvolved': 1e12}}}; cannot bind /imaging/ct/lobesInvolved",
            "{'imaging': {'ct': {'lobesInvolved': 1e400}}}; cannot bind /imaging/ct/lobesInvolved",
            "{'measurements': {'dlcoPercentPredicted': 1e400}}; cannot bind /measurements/dlcoPercentPredicted",
            "{'measurements': {'spo2ExertionNadirPercent': -1e400}}; cannot bind /measurements/spo2ExertionNadirPercent",
            "{'causeAssessment': {'categories': {'drug': {'status': 'present', 'drugs': 'amiodarone'}}}}; cannot bind /causeAssessment/categories/drug/drugs",
            "{'causeAssessment': {'categories': {'drug': {'status': 'present', 'drugs': [7]}}}}; cannot bind /causeAssessment/categories/drug/drugs" })
    void v2WrongTypesAreUnprocessableAndV1DoesNotReadThem(String json, String message) throws Exception {
        ObjectNode record = record(json);
        ObjectNode cause = record.has("causeAssessment") ? (ObjectNode) record.get("causeAssessment") : record.putObject("causeAssessment");
        cause.put("conclusion", "cop-probable");
        UnprocessableRecordException e = assertThrows(UnprocessableRecordException.class, () -> binder.bind(record, V2));
        assertEquals(message, e.getMessage());
        // the record v1 would have planned before v2 existed is still planned under v1
        assertEquals(ClinicalFindings.unknown(), binder.bind(record, V1).findings());
    }

    @Test
    void theSharedMapperIsNotMadeStrict() throws Exception {
        ObjectMapper shared = new ObjectMapper();
        new TreatmentInputBinder(shared);
        assertEquals(93.0, shared.readValue("\"93\"", Double.class));
    }
}
