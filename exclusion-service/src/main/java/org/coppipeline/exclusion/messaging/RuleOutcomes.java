package org.coppipeline.exclusion.messaging;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import org.coppipeline.exclusion.domain.Conclusion;

/**
 * Counts the conclusions this stage reaches: cop_exclusion_conclusion_total{conclusion}. The tag takes only the
 * contract's conclusion spellings (one counter per {@link Conclusion}, registered at start so that every conclusion
 * shows, at 0 too): no identifier and nothing of the case goes into a metric.
 */
@Startup
@ApplicationScoped
public class RuleOutcomes {

    static final String METRIC = "cop.exclusion.conclusion";

    private final Map<Conclusion, Counter> conclusions = new EnumMap<>(Conclusion.class);

    public RuleOutcomes(MeterRegistry meters) {
        for (Conclusion conclusion : Conclusion.values()) {
            conclusions.put(conclusion, Counter.builder(METRIC).description("Cause assessments by conclusion")
                    .tag("conclusion", conclusion.code()).register(meters));
        }
    }

    /** Counts the conclusion of a rendered causeAssessment section and returns the section unchanged. */
    public JsonNode count(JsonNode section) {
        String conclusion = section.path("conclusion").asText();
        for (Conclusion candidate : Conclusion.values()) {
            if (candidate.code().equals(conclusion)) {
                conclusions.get(candidate).increment();
            }
        }
        return section;
    }
}
