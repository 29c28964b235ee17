package org.coppipeline.treatment.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Something to do next: re-assess, complete part of the work-up, or deal with a cause.
 *
 * @param withinDays a deadline, when the rule sets one
 * @param category the cause category it concerns, if any
 * @param evidence what the exclusion service named for that category
 */
public record FollowUp(String code, String text, OptionalInt withinDays, Optional<CauseCategory> category,
        List<String> evidence, RuleSource source) {

    public FollowUp {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(withinDays, "withinDays");
        Objects.requireNonNull(category, "category");
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(source, "source");
    }

    static FollowUp general(String code, String text, RuleSource source) {
        return new FollowUp(code, text, OptionalInt.empty(), Optional.empty(), List.of(), source);
    }
}
