package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Enum-like values are exactly the contract's spellings, and only those parse. */
class ContractSpellingsTest {

    private static <T> void roundTrip(T[] values, Function<T, String> code, Function<String, Optional<T>> parse, List<String> expected) {
        assertEquals(expected, java.util.Arrays.stream(values).map(code).toList());
        for (T value : values) {
            assertEquals(Optional.of(value), parse.apply(code.apply(value)));
        }
        assertEquals(Optional.empty(), parse.apply("unknown-value"));
        assertEquals(Optional.empty(), parse.apply(expected.get(0).toUpperCase()));
    }

    @Test
    void spellings() {
        roundTrip(Conclusion.values(), Conclusion::code, Conclusion::fromCode,
                List.of("op-unlikely", "suspected-op", "workup-incomplete", "secondary-op", "cop-probable", "cop-confirmed"));
        roundTrip(OpEvidence.values(), OpEvidence::code, OpEvidence::fromCode, List.of("unlikely", "suspected", "probable", "confirmed"));
        roundTrip(CauseCategory.values(), CauseCategory::code, CauseCategory::fromCode, List.of("infection", "drug", "radiation",
                "connective-tissue-disease", "hematologic-malignancy", "inflammatory-bowel-disease", "transplant", "aspiration-exposure"));
        roundTrip(CategoryStatus.values(), CategoryStatus::code, CategoryStatus::fromCode,
                List.of("excluded", "present", "incomplete", "not-assessed"));
        roundTrip(RespiratorySupport.values(), RespiratorySupport::code, RespiratorySupport::fromCode,
                List.of("none", "oxygen", "high-flow", "non-invasive", "invasive"));
        roundTrip(Trajectory.values(), Trajectory::code, Trajectory::fromCode, List.of("improving", "stable", "progressive", "rapidly-progressive"));
        roundTrip(Severity.values(), Severity::code, Severity::fromCode, List.of("mild", "moderate", "severe"));
        roundTrip(WarningLevel.values(), WarningLevel::code, WarningLevel::fromCode, List.of("info", "warning", "critical"));
        roundTrip(Recommendation.values(), Recommendation::code, Recommendation::fromCode, List.of("no-op-treatment", "complete-workup",
                "treat-underlying-cause", "observe", "oral-glucocorticoid", "iv-glucocorticoid", "relapse-regimen"));
        assertEquals(List.of("oral", "iv"), java.util.Arrays.stream(Route.values()).map(Route::code).toList());
        assertEquals(List.of("prednisone", "methylprednisolone", "clarithromycin"),
                java.util.Arrays.stream(Drug.values()).map(Drug::code).toList());
    }
}
