package org.coppipeline.symptom.domain;

/** A human-readable statement with the rule it comes from. */
public record Reason(String text, RuleSource source) {
}
