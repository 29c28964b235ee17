package org.coppipeline.exclusion.binding;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import org.coppipeline.exclusion.domain.AntibioticResponse;
import org.coppipeline.exclusion.domain.BiopsyMethod;
import org.coppipeline.exclusion.domain.BloodCount;
import org.coppipeline.exclusion.domain.CauseInput;
import org.coppipeline.exclusion.domain.Coded;
import org.coppipeline.exclusion.domain.Condition;
import org.coppipeline.exclusion.domain.CtFinding;
import org.coppipeline.exclusion.domain.HistologyPattern;
import org.coppipeline.exclusion.domain.MicrobiologyTest;
import org.coppipeline.exclusion.domain.RadiotherapySite;
import org.coppipeline.exclusion.domain.Suspicion;
import org.coppipeline.exclusion.domain.TestResult;
import org.coppipeline.exclusion.messaging.CaseRecords;
import org.coppipeline.exclusion.messaging.UnprocessableRecordException;

/**
 * Binds the parts of a case record the exclusion rules read. Absent (or null) optional fields mean
 * unknown; a wrong JSON type, a code outside the contract or a missing required field makes the record
 * unbindable, reported by JSON pointer only (values may be PHI). Everything else in the record is ignored
 * here and passes through untouched.
 */
public final class CauseInputBinder {

    private final ObjectMapper mapper;

    public CauseInputBinder() {
        SimpleModule codes = new SimpleModule("contract-codes");
        register(codes, AntibioticResponse.class);
        register(codes, BiopsyMethod.class);
        register(codes, BloodCount.class);
        register(codes, Condition.class);
        register(codes, CtFinding.class);
        register(codes, HistologyPattern.class);
        register(codes, MicrobiologyTest.class);
        register(codes, RadiotherapySite.class);
        register(codes, Suspicion.class);
        register(codes, TestResult.class);
        JsonMapper strict = JsonMapper.builder()
                .addModule(codes)
                // Integers and doubles as JSON Schema reads them: 3.0 is the integer 3, 3.5 none; "NaN" and 1e400 no number.
                .addModule(StrictScalars.module())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // A number or boolean where the schema has a string is a type error, not something to stringify.
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper = strict;
    }

    private static <E extends Enum<E> & Coded> void register(SimpleModule module, Class<E> type) {
        module.addDeserializer(type, new CodedEnumDeserializer<>(type));
    }

    public CauseInput bind(ObjectNode record) {
        RecordView view;
        try {
            view = mapper.treeToValue(record, RecordView.class);
        } catch (JsonMappingException e) {
            throw CaseRecords.unbindable(e);
        } catch (JsonProcessingException e) {
            throw new UnprocessableRecordException("cannot bind /");
        }
        return view.toInput();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordView(PatientView patient, CourseView course, ImagingView imaging, BalView bal, HistologyView histology,
            TestsView tests, HistoryView history, TreatmentHistoryView treatmentHistory,
            SymptomAssessmentView symptomAssessment) {

        CauseInput toInput() {
            return new CauseInput(
                    tests == null ? null : tests.toTests(),
                    history == null ? null : history.toHistory(),
                    imaging == null || imaging.ct() == null ? null : imaging.ct().toCt(),
                    bal == null ? null : new CauseInput.Bal(bal.eosinophilPercent(), Boolean.TRUE.equals(bal.malignantCells())),
                    histology == null ? null : histology.pattern(),
                    course == null ? null : course.antibioticResponse(),
                    symptomAssessment == null ? null : symptomAssessment.suspicion(),
                    histology == null ? null : histology.method(),
                    new CauseInput.Host(patient == null ? null : patient.immunocompromised(),
                            treatmentHistory == null ? null : treatmentHistory.currentPrednisoneMgPerDay()));
        }
    }

    /** v1.2: read by knowledge v2 only (CONTRACT section 9, "immunocompromised"). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PatientView(Boolean immunocompromised) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TreatmentHistoryView(Double currentPrednisoneMgPerDay) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CourseView(AntibioticResponse antibioticResponse) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImagingView(CtView ct) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CtView(@Required boolean performed, @NoNullElements List<CtFinding> findings) {
        CauseInput.ChestCt toCt() {
            return new CauseInput.ChestCt(performed, findings);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BalView(Double eosinophilPercent, Boolean malignantCells) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HistologyView(@Required HistologyPattern pattern, BiopsyMethod method) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TestsView(@NoNullElements List<MicrobiologyView> microbiology, TestResult autoimmunePanel, BloodCount bloodCount) {
        CauseInput.Tests toTests() {
            return new CauseInput.Tests(
                    microbiology == null ? null : microbiology.stream().map(MicrobiologyView::toResult).toList(),
                    autoimmunePanel, bloodCount);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MicrobiologyView(@Required MicrobiologyTest test, @Required TestResult result, String organism) {
        CauseInput.MicrobiologyResult toResult() {
            return new CauseInput.MicrobiologyResult(test, result, organism);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HistoryView(Boolean medicationsReviewed, @NoNullElements List<MedicationView> medications, Boolean radiotherapyReviewed,
            @NoNullElements List<RadiotherapyView> radiotherapy, Boolean conditionsReviewed, Boolean exposuresReviewed,
            @NoNullElements List<Condition> conditions) {

        CauseInput.History toHistory() {
            // "reviewed only when its ...Reviewed flag is true": absent and false read the same.
            return new CauseInput.History(
                    Boolean.TRUE.equals(medicationsReviewed),
                    medications == null ? null : medications.stream().map(MedicationView::toMedication).toList(),
                    Boolean.TRUE.equals(radiotherapyReviewed),
                    radiotherapy == null ? null : radiotherapy.stream().map(RadiotherapyView::toRadiotherapy).toList(),
                    Boolean.TRUE.equals(conditionsReviewed),
                    Boolean.TRUE.equals(exposuresReviewed),
                    conditions);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MedicationView(@Required String name, String atcCode, @Required boolean current, Integer startedDaysAgo,
            Integer stoppedDaysAgo) {
        CauseInput.Medication toMedication() {
            return new CauseInput.Medication(name, atcCode, current, startedDaysAgo, stoppedDaysAgo);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RadiotherapyView(@Required RadiotherapySite site, @Required Integer endedDaysAgo) {
        CauseInput.Radiotherapy toRadiotherapy() {
            return new CauseInput.Radiotherapy(site, endedDaysAgo);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SymptomAssessmentView(Suspicion suspicion) {
    }
}
