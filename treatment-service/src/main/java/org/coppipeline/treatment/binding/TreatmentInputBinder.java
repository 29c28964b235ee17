package org.coppipeline.treatment.binding;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.treatment.domain.CategoryFinding;
import org.coppipeline.treatment.domain.CategoryStatus;
import org.coppipeline.treatment.domain.CauseAssessment;
import org.coppipeline.treatment.domain.CauseCategory;
import org.coppipeline.treatment.domain.ClinicalFindings;
import org.coppipeline.treatment.domain.Conclusion;
import org.coppipeline.treatment.domain.KnowledgeVersion;
import org.coppipeline.treatment.domain.OpEvidence;
import org.coppipeline.treatment.domain.RespiratorySupport;
import org.coppipeline.treatment.domain.Trajectory;
import org.coppipeline.treatment.domain.TreatmentInput;
import org.coppipeline.treatment.messaging.CaseRecords;
import org.coppipeline.treatment.messaging.UnprocessableRecordException;

/**
 * Binds the parts of the record the treatment rules read into the domain input. An absent field is unknown
 * (an empty optional), never a default value. A field of the wrong JSON type, or an enum value outside the
 * contract, makes the record unprocessable; the message names the JSON pointer only, never the value.
 * <p>
 * The fields only knowledge v2 reads (DLCO, exertional SpO2 nadir, CT lobes, the drug names of the drug category)
 * are bound as raw JSON and read only under v2: v1 ignores them whatever they hold, as it did before they were read.
 */
public final class TreatmentInputBinder {

    private final ObjectMapper mapper;

    public TreatmentInputBinder(ObjectMapper mapper) {
        // A copy, so the strict scalars do not change the application's shared mapper: "93" for a number, 1 for a
        // boolean, "NaN" or 1e400 for a double are type errors here, not something to guess at.
        this.mapper = mapper.copy().registerModule(StrictScalars.module());
    }

    public TreatmentInput bind(ObjectNode record, KnowledgeVersion version) {
        JsonNode conclusion = record.path("causeAssessment").path("conclusion");
        if (conclusion.isMissingNode() || conclusion.isNull()) {
            // an upstream fault: the exclusion stage always writes it
            throw new UnprocessableRecordException("missing /causeAssessment/conclusion");
        }
        Bound bound;
        try {
            bound = mapper.treeToValue(record, Bound.class);
        } catch (JsonMappingException e) {
            throw CaseRecords.unbindable(e);
        } catch (JsonProcessingException e) {
            throw new UnprocessableRecordException("cannot bind /");
        }
        boolean v2 = version == KnowledgeVersion.V2;
        return new TreatmentInput(causes(bound.causeAssessment(), v2), findings(bound, v2));
    }

    private static CauseAssessment causes(CauseDto dto, boolean v2) {
        Conclusion conclusion = code(dto.conclusion(), Conclusion::fromCode, "/causeAssessment/conclusion");
        Optional<OpEvidence> opEvidence = Optional.ofNullable(dto.opEvidence())
                .map(text -> code(text, OpEvidence::fromCode, "/causeAssessment/opEvidence"));
        Map<CauseCategory, CategoryFinding> categories = new EnumMap<>(CauseCategory.class);
        if (dto.categories() != null) {
            dto.categories().forEach((name, category) -> CauseCategory.fromCode(name).ifPresent(known -> {
                // a category object without a status says nothing: it stays unknown (not assessed)
                if (category != null && category.status() != null) {
                    String at = "/causeAssessment/categories/" + name;
                    CategoryStatus status = code(category.status(), CategoryStatus::fromCode, at + "/status");
                    List<String> evidence = category.evidence() == null ? List.of()
                            : category.evidence().stream().filter(e -> e != null).toList();
                    List<String> drugs = v2 && known == CauseCategory.DRUG ? texts(category.drugs(), at + "/drugs") : List.of();
                    categories.put(known, new CategoryFinding(status, evidence, drugs));
                }
            }));
        }
        return new CauseAssessment(conclusion, opEvidence, categories);
    }

    private static ClinicalFindings findings(Bound bound, boolean v2) {
        MeasurementsDto m = bound.measurements() == null ? MeasurementsDto.NONE : bound.measurements();
        CourseDto course = bound.course() == null ? CourseDto.NONE : bound.course();
        PatientDto patient = bound.patient() == null ? PatientDto.NONE : bound.patient();
        HistoryDto history = bound.history() == null ? HistoryDto.NONE : bound.history();
        TreatmentHistoryDto treatment = bound.treatmentHistory() == null ? TreatmentHistoryDto.NONE : bound.treatmentHistory();
        JsonNode lobes = bound.imaging() == null ? null : bound.imaging().path("ct").path("lobesInvolved");
        return new ClinicalFindings(
                optional(m.spo2RestPercent()),
                Optional.ofNullable(m.respiratorySupport())
                        .map(text -> code(text, RespiratorySupport::fromCode, "/measurements/respiratorySupport")),
                optional(m.crpMgPerL()),
                optional(m.fvcPercentPredicted()),
                Optional.ofNullable(course.trajectory()).map(text -> code(text, Trajectory::fromCode, "/course/trajectory")),
                optional(patient.weightKg()),
                history.conditions() != null && history.conditions().contains("diabetes"),
                Boolean.TRUE.equals(treatment.relapseOnTaper()),
                optional(treatment.currentPrednisoneMgPerDay()),
                v2 ? number(m.dlcoPercentPredicted(), "/measurements/dlcoPercentPredicted") : OptionalDouble.empty(),
                v2 ? number(m.spo2ExertionNadirPercent(), "/measurements/spo2ExertionNadirPercent") : OptionalDouble.empty(),
                v2 ? count(lobes, "/imaging/ct/lobesInvolved") : OptionalInt.empty());
    }

    /**
     * A number, as the mapper binds a Double: a finite JSON number only (no text, no boolean, not 1e400); null or
     * absent is unknown.
     */
    private static OptionalDouble number(JsonNode node, String pointer) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new UnprocessableRecordException("cannot bind " + pointer);
        }
        return OptionalDouble.of(node.doubleValue());
    }

    /** A count: a JSON number with no fraction (3 or 3.0) that fits an int; null or absent is unknown. */
    private static OptionalInt count(JsonNode node, String pointer) {
        OptionalDouble value = number(node, pointer);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        double d = value.getAsDouble();
        // canConvertToExactIntegral judges an exact literal (CaseRecords keeps 1E-400 as such, not as the double 0).
        if (!node.canConvertToExactIntegral() || d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new UnprocessableRecordException("cannot bind " + pointer);
        }
        return OptionalInt.of((int) d);
    }

    /** An array of texts, in order; null or absent is none. Anything else is an upstream fault. */
    private static List<String> texts(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new UnprocessableRecordException("cannot bind " + pointer);
        }
        List<String> texts = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new UnprocessableRecordException("cannot bind " + pointer);
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    private static <T> T code(String text, Function<String, Optional<T>> parse, String pointer) {
        return parse.apply(text).orElseThrow(() -> new UnprocessableRecordException("cannot bind " + pointer));
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** imaging stays raw JSON: any shape binds, and only v2 reads imaging.ct.lobesInvolved from it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bound(PatientDto patient, CourseDto course, MeasurementsDto measurements, JsonNode imaging, HistoryDto history,
            TreatmentHistoryDto treatmentHistory, CauseDto causeAssessment) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PatientDto(Double weightKg) {
        static final PatientDto NONE = new PatientDto(null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CourseDto(String trajectory) {
        static final CourseDto NONE = new CourseDto(null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MeasurementsDto(Double spo2RestPercent, String respiratorySupport, Double crpMgPerL, Double fvcPercentPredicted,
            JsonNode dlcoPercentPredicted, JsonNode spo2ExertionNadirPercent) {
        static final MeasurementsDto NONE = new MeasurementsDto(null, null, null, null, null, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HistoryDto(List<String> conditions) {
        static final HistoryDto NONE = new HistoryDto(null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TreatmentHistoryDto(Boolean relapseOnTaper, Double currentPrednisoneMgPerDay) {
        static final TreatmentHistoryDto NONE = new TreatmentHistoryDto(null, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CauseDto(String conclusion, String opEvidence, Map<String, CategoryDto> categories) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CategoryDto(String status, List<String> evidence, JsonNode drugs) {
    }
}
