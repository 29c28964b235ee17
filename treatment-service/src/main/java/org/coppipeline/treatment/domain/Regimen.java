package org.coppipeline.treatment.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A glucocorticoid regimen: named, sourced, and made of steps taken one after the other. */
public record Regimen(String name, RuleSource source, List<RegimenStep> steps) {

    public Regimen {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a regimen has at least one step");
        }
    }

    /** The rule lines this regimen rests on: its own and those of its steps, in order. */
    public List<RuleSource> sources() {
        List<RuleSource> sources = new ArrayList<>(3);
        sources.add(source);
        for (RegimenStep step : steps) {
            if (!sources.contains(step.source())) {
                sources.add(step.source());
            }
        }
        return List.copyOf(sources);
    }

    /** "Requires clinical review" follows the rule-line mark: any [U] line the regimen rests on. */
    public boolean requiresClinicalReview() {
        return sources().stream().anyMatch(s -> s.mark().requiresClinicalReview());
    }

    /** The label the contract asks for, naming the [U] lines; empty when none is [U]. */
    public String clinicalReviewText() {
        List<String> unverified = sources().stream().filter(s -> s.mark().requiresClinicalReview())
                .map(RuleSource::ruleId).toList();
        if (unverified.isEmpty()) {
            return "";
        }
        return "requires clinical review: " + String.join(", ", unverified)
                + " marked [U] in the knowledge base (schedule or dose not verified in a source, or a design choice)";
    }

    public int totalDays() {
        return steps.stream().mapToInt(RegimenStep::days).sum();
    }

    /** True when any step is given per kg because the dose in mg could not be computed. */
    public boolean hasDosesPerKg() {
        for (RegimenStep step : steps) {
            if (step.dose() instanceof Dose.MgPerKgPerDay) {
                return true;
            }
        }
        return false;
    }

    /** True when any step's mg dose was computed from the weight and rounded. */
    public boolean hasWeightBasedDoses() {
        for (RegimenStep step : steps) {
            if (step.dose() instanceof Dose.MgPerDay d && d.fromWeight().isPresent()) {
                return true;
            }
        }
        return false;
    }
}
