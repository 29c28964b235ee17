package org.coppipeline.gateway.store;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** How far the pipeline has got with a case's current event. Only moves forward for one event. */
public enum Stage {
    RECEIVED("received", null, null),
    SCORED("scored", "symptomAssessment", "case-scored"),
    ASSESSED("assessed", "causeAssessment", "case-assessed"),
    PLANNED("planned", "treatmentPlan", "case-planned");

    private final String value;
    private final String section;
    private final String topic;

    Stage(String value, String section, String topic) {
        this.value = value;
        this.section = section;
        this.topic = topic;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** The case-view section this stage adds (null for received). */
    public String section() {
        return section;
    }

    public String topic() {
        return topic;
    }

    public static Optional<Stage> of(String value) {
        for (Stage stage : values()) {
            if (stage.value.equals(value)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }
}
