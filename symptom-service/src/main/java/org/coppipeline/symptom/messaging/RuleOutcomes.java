package org.coppipeline.symptom.messaging;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import org.coppipeline.symptom.domain.Suspicion;

/**
 * Counts the suspicion bands this stage assigns: cop_symptom_suspicion_total{band}. The tag takes only the contract's
 * band spellings (one counter per {@link Suspicion}, registered at start so that every band shows, at 0 too):
 * no identifier and nothing of the case goes into a metric.
 */
@Startup
@ApplicationScoped
public class RuleOutcomes {

    static final String METRIC = "cop.symptom.suspicion";

    private final Map<Suspicion, Counter> bands = new EnumMap<>(Suspicion.class);

    public RuleOutcomes(MeterRegistry meters) {
        for (Suspicion band : Suspicion.values()) {
            bands.put(band, Counter.builder(METRIC).description("Symptom assessments by suspicion band")
                    .tag("band", band.code()).register(meters));
        }
    }

    /** Counts the band of a rendered symptomAssessment section and returns the section unchanged. */
    public JsonNode count(JsonNode section) {
        String band = section.path("suspicion").asText();
        for (Suspicion candidate : Suspicion.values()) {
            if (candidate.code().equals(band)) {
                bands.get(candidate).increment();
            }
        }
        return section;
    }
}
