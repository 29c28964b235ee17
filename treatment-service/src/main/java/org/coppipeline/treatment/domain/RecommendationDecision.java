package org.coppipeline.treatment.domain;

import java.util.Objects;

/** The recommendation line that matched, with its reason. */
public record RecommendationDecision(Recommendation recommendation, Reason reason) {
    public RecommendationDecision {
        Objects.requireNonNull(recommendation, "recommendation");
        Objects.requireNonNull(reason, "reason");
    }
}
