package org.coppipeline.treatment.domain;

import java.util.Objects;

/** A warning of the plan: how urgent, a stable code, a message for the clinician, and the rule behind it. */
public record Warning(WarningLevel level, String code, String message, RuleSource source) {

    public static final String INFECTION_NOT_EXCLUDED = "infection-not-excluded";

    public Warning {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
    }
}
