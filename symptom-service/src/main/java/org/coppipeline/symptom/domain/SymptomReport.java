package org.coppipeline.symptom.domain;

import java.util.Objects;

/** One entry of the event's symptom list: a symptom counts only when it is listed and present. */
public record SymptomReport(Symptom symptom, boolean present) {
    public SymptomReport {
        Objects.requireNonNull(symptom, "symptom");
    }
}
