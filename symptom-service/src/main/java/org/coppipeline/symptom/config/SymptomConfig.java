package org.coppipeline.symptom.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.symptom.domain.KnowledgeV2Thresholds;
import org.coppipeline.symptom.domain.ScoringThresholds;

/**
 * The suspicion score's thresholds (CONTRACT 4.1 and section 9), defaulting to the contract's values. The age window
 * under {@code cop.symptom.age} is knowledge v1's; v2's own numbers are under {@code cop.symptom.v2}; every other
 * number applies to both versions. Single values are
 * checked by the constraints below; combinations (an inverted window or band) by {@link ScoringThresholds},
 * which {@code SymptomStage} builds at start, so a bad configuration stops the service with a clear message.
 */
@ConfigMapping(prefix = "cop.symptom")
public interface SymptomConfig {

    AgeWindow age();

    DurationWindow duration();

    BalCutoffs bal();

    Bands band();

    KnowledgeV2 v2();

    interface AgeWindow {
        /** cop.symptom.age.min-years */
        @WithDefault("40")
        @PositiveOrZero
        int minYears();

        /** cop.symptom.age.max-years */
        @WithDefault("70")
        @PositiveOrZero
        int maxYears();
    }

    interface DurationWindow {
        /** cop.symptom.duration.min-days */
        @WithDefault("14")
        @PositiveOrZero
        int minDays();

        /** cop.symptom.duration.max-days */
        @WithDefault("90")
        @PositiveOrZero
        int maxDays();
    }

    interface BalCutoffs {
        /** cop.symptom.bal.lymphocyte-percent-above: strictly above counts. */
        @WithDefault("15")
        @DecimalMin("0")
        @DecimalMax("100")
        double lymphocytePercentAbove();

        /** cop.symptom.bal.cd4-cd8-ratio-below: strictly below counts. */
        @WithDefault("1")
        @DecimalMin(value = "0", inclusive = false)
        double cd4Cd8RatioBelow();

        /** cop.symptom.bal.eosinophil-percent-above: strictly above counts. */
        @WithDefault("25")
        @DecimalMin("0")
        @DecimalMax("100")
        double eosinophilPercentAbove();
    }

    interface Bands {
        /** cop.symptom.band.moderate-from: lowest score of the moderate band. */
        @WithDefault("4")
        int moderateFrom();

        /** cop.symptom.band.high-from: lowest score of the high band. */
        @WithDefault("8")
        int highFrom();
    }

    interface KnowledgeV2 {
        V2AgeWindow age();

        Immunocompromised immunocompromised();
    }

    interface V2AgeWindow {
        /** cop.symptom.v2.age.min-years (SX-AGE-40-80) */
        @WithDefault("40")
        @PositiveOrZero
        int minYears();

        /** cop.symptom.v2.age.max-years (SX-AGE-40-80) */
        @WithDefault("80")
        @PositiveOrZero
        int maxYears();
    }

    interface Immunocompromised {
        /** cop.symptom.v2.immunocompromised.prednisone-mg-per-day-from: a current dose from this one counts. */
        @WithDefault("20")
        @DecimalMin("0")
        double prednisoneMgPerDayFrom();
    }

    /** Knowledge v2's own thresholds; throws IllegalArgumentException naming the problem when they do not fit together. */
    default KnowledgeV2Thresholds v2Thresholds() {
        return new KnowledgeV2Thresholds(v2().age().minYears(), v2().age().maxYears(),
                v2().immunocompromised().prednisoneMgPerDayFrom());
    }

    /** The domain's thresholds; throws IllegalArgumentException naming the problem when they do not fit together. */
    default ScoringThresholds thresholds() {
        return new ScoringThresholds(age().minYears(), age().maxYears(), duration().minDays(), duration().maxDays(),
                bal().lymphocytePercentAbove(), bal().cd4Cd8RatioBelow(), bal().eosinophilPercentAbove(),
                band().moderateFrom(), band().highFrom());
    }
}
