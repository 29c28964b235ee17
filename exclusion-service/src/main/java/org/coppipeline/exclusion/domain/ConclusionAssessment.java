package org.coppipeline.exclusion.domain;

import java.util.List;
import java.util.Objects;

/**
 * The conclusion, the rule line that reached it (first of {@code reasons}) and the next steps it asks for.
 */
public record ConclusionAssessment(Conclusion conclusion, List<Reason> reasons, List<String> nextSteps) {
    public ConclusionAssessment {
        Objects.requireNonNull(conclusion, "conclusion");
        reasons = List.copyOf(reasons);
        nextSteps = List.copyOf(nextSteps);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a conclusion needs the rule that reached it");
        }
    }

    public CauseRule source() {
        return reasons.get(0).rule();
    }
}
