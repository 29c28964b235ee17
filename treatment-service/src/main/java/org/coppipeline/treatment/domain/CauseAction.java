package org.coppipeline.treatment.domain;

import java.util.Objects;

/** What to do about one present cause of organizing pneumonia (TX-CAUSE-ACTIONS, knowledge v2). */
public record CauseAction(CauseCategory category, String action, RuleSource source) {
    public CauseAction {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(source, "source");
    }
}
