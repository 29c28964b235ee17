package org.coppipeline.symptom.binding;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.symptom.domain.AntibioticResponse;
import org.coppipeline.symptom.domain.BalResult;
import org.coppipeline.symptom.domain.Coded;
import org.coppipeline.symptom.domain.Condition;
import org.coppipeline.symptom.domain.CtFinding;
import org.coppipeline.symptom.domain.CtScan;
import org.coppipeline.symptom.domain.HistologyPattern;
import org.coppipeline.symptom.domain.ImmuneHistory;
import org.coppipeline.symptom.domain.SuspicionInput;
import org.coppipeline.symptom.domain.Symptom;
import org.coppipeline.symptom.domain.SymptomReport;
import org.coppipeline.symptom.messaging.CaseRecords;
import org.coppipeline.symptom.messaging.UnprocessableRecordException;

/**
 * Binds the parts of a case record that the suspicion score reads. An absent or null field stays unknown
 * (an empty Optional), never 0 or false; a field of the wrong JSON type, an unknown code, or an item without
 * its required key ({@code symptoms[].code}, {@code imaging.ct.performed}, {@code histology.pattern}) makes
 * the record unprocessable, named by its JSON Pointer only. The immune state (patient.immunocompromised,
 * history.conditions, treatmentHistory.currentPrednisoneMgPerDay) is bound under every knowledge version, though only
 * v2 reads it: a record does not become unprocessable by being replayed with another version.
 */
public final class SuspicionInputBinder {

    private final ObjectReader reader;

    public SuspicionInputBinder(ObjectMapper mapper) {
        SimpleModule codes = new SimpleModule("contract-codes");
        register(codes, AntibioticResponse.class);
        register(codes, Condition.class);
        register(codes, CtFinding.class);
        register(codes, HistologyPattern.class);
        register(codes, Symptom.class);
        ObjectMapper strict = mapper.copy()
                // The record carries the whole case and other stages' sections: only the scored parts bind.
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .registerModule(codes)
                .registerModule(StrictScalars.module());
        this.reader = strict.readerFor(ScoredParts.class);
    }

    private static <E extends Enum<E> & Coded> void register(SimpleModule module, Class<E> type) {
        module.addDeserializer(type, new CodedEnumDeserializer<>(type));
    }

    public SuspicionInput bind(ObjectNode record) {
        ScoredParts parts;
        try {
            parts = reader.readValue(record);
        } catch (JsonMappingException e) {
            throw CaseRecords.unbindable(e);
        } catch (IOException e) {
            throw new UnprocessableRecordException("cannot bind /");
        }
        return parts.toInput();
    }

    record ScoredParts(Patient patient,
            @NoNullElements List<SymptomEntry> symptoms,
            Course course, Imaging imaging, Bal bal, Histology histology, History history,
            TreatmentHistory treatmentHistory) {

        SuspicionInput toInput() {
            Optional<Course> knownCourse = Optional.ofNullable(course);
            Optional<Patient> knownPatient = Optional.ofNullable(patient);
            return new SuspicionInput(
                    symptoms == null ? List.of() : symptoms.stream().map(SymptomEntry::toReport).toList(),
                    knownPatient.map(Patient::ageYears),
                    knownCourse.map(Course::symptomDurationDays),
                    knownCourse.map(Course::antibioticCourses),
                    knownCourse.map(Course::antibioticResponse),
                    Optional.ofNullable(imaging).map(Imaging::ct).map(Ct::toScan),
                    Optional.ofNullable(bal).map(Bal::toResult),
                    Optional.ofNullable(histology).map(Histology::pattern),
                    new ImmuneHistory(knownPatient.map(Patient::immunocompromised),
                            history == null || history.conditions() == null ? Set.of() : Set.copyOf(history.conditions()),
                            Optional.ofNullable(treatmentHistory).map(TreatmentHistory::currentPrednisoneMgPerDay)));
        }
    }

    record Patient(Integer ageYears, Boolean immunocompromised) {
    }

    record History(@NoNullElements List<Condition> conditions) {
    }

    record TreatmentHistory(Double currentPrednisoneMgPerDay) {
    }

    record SymptomEntry(@Required Symptom code,
            Boolean present) {
        /** "present" defaults to true (CONTRACT section 2). */
        SymptomReport toReport() {
            return new SymptomReport(code, present == null || present);
        }
    }

    record Course(Integer symptomDurationDays, Integer antibioticCourses, AntibioticResponse antibioticResponse) {
    }

    record Imaging(Ct ct) {
    }

    record Ct(@Required Boolean performed,
            @NoNullElements List<CtFinding> findings) {
        CtScan toScan() {
            return new CtScan(performed, findings == null ? Set.of() : Set.copyOf(findings));
        }
    }

    record Bal(Double lymphocytePercent, Double cd4Cd8Ratio, Double eosinophilPercent) {
        BalResult toResult() {
            return new BalResult(Optional.ofNullable(lymphocytePercent), Optional.ofNullable(cd4Cd8Ratio),
                    Optional.ofNullable(eosinophilPercent));
        }
    }

    record Histology(@Required HistologyPattern pattern) {
    }
}
