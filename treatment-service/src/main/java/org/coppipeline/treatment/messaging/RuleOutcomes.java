package org.coppipeline.treatment.messaging;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import org.coppipeline.treatment.domain.Recommendation;
import org.coppipeline.treatment.domain.Severity;

/**
 * Counts what this stage recommends and how severe it rates the cases: cop_treatment_recommendation_total{recommendation}
 * and cop_treatment_severity_total{severity}. Tags take only the contract's spellings (one counter per enum value,
 * registered at start so that every value shows, at 0 too): no identifier and nothing of the case goes into a metric.
 */
@Startup
@ApplicationScoped
public class RuleOutcomes {

    static final String RECOMMENDATION_METRIC = "cop.treatment.recommendation";
    static final String SEVERITY_METRIC = "cop.treatment.severity";

    private final Map<Recommendation, Counter> recommendations = new EnumMap<>(Recommendation.class);
    private final Map<Severity, Counter> severities = new EnumMap<>(Severity.class);

    public RuleOutcomes(MeterRegistry meters) {
        for (Recommendation recommendation : Recommendation.values()) {
            recommendations.put(recommendation, Counter.builder(RECOMMENDATION_METRIC)
                    .description("Treatment plans by recommendation")
                    .tag("recommendation", recommendation.code()).register(meters));
        }
        for (Severity severity : Severity.values()) {
            severities.put(severity, Counter.builder(SEVERITY_METRIC).description("Treatment plans by severity")
                    .tag("severity", severity.code()).register(meters));
        }
    }

    /** Counts the recommendation and severity of a rendered treatmentPlan section and returns the section unchanged. */
    public JsonNode count(JsonNode section) {
        Recommendation.fromCode(section.path("recommendation").asText()).map(recommendations::get)
                .ifPresent(Counter::increment);
        Severity.fromCode(section.path("severity").asText()).map(severities::get).ifPresent(Counter::increment);
        return section;
    }
}
