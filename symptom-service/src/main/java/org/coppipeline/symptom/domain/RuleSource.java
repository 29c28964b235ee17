package org.coppipeline.symptom.domain;

import java.util.List;

/** Where a reason comes from: the knowledge-base rule id, its citation keys and its mark, spelled as in cop-knowledge.md. */
public record RuleSource(String ruleId, List<String> citations, Mark mark) {
    public RuleSource {
        citations = List.copyOf(citations);
    }
}
