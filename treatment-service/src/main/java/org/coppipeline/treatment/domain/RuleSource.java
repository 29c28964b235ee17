package org.coppipeline.treatment.domain;

import java.util.List;
import java.util.Objects;

/** Where a reason comes from: a rule id of cop-knowledge.md, its citation keys and the mark of its rule line. */
public record RuleSource(String ruleId, List<String> citations, Mark mark) {

    public RuleSource {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(mark, "mark");
        citations = List.copyOf(citations);
        if (citations.isEmpty()) {
            throw new IllegalArgumentException("a rule source needs at least one citation key: " + ruleId);
        }
    }

    static RuleSource of(String ruleId, Mark mark, String... citations) {
        return new RuleSource(ruleId, List.of(citations), mark);
    }
}
