package org.coppipeline.treatment.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An alternative to the recommended plan that the clinician may consider, never the default.
 *
 * @param evidenceLabel how strong the evidence is, in words
 */
public record Alternative(String name, RegimenStep step, Reason eligibility, String evidenceLabel, Reason evidence,
        List<Reason> cautions, RuleSource source) {

    public Alternative {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(eligibility, "eligibility");
        Objects.requireNonNull(evidenceLabel, "evidenceLabel");
        Objects.requireNonNull(evidence, "evidence");
        cautions = List.copyOf(cautions);
        Objects.requireNonNull(source, "source");
    }

    /** Every rule line the alternative rests on. */
    public List<RuleSource> sources() {
        List<RuleSource> sources = new ArrayList<>();
        sources.add(source);
        sources.add(eligibility.source());
        sources.add(evidence.source());
        cautions.forEach(c -> sources.add(c.source()));
        return sources.stream().distinct().toList();
    }

    /** Follows the rule-line marks: any [U] line (its eligibility is a design choice) means review. */
    public boolean requiresClinicalReview() {
        return sources().stream().anyMatch(s -> s.mark().requiresClinicalReview());
    }
}
