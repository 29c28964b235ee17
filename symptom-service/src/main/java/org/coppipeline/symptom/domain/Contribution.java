package org.coppipeline.symptom.domain;

/** One rule that fired: the finding it scored, its points (negative for a counter-indicator), why, and its source. */
public record Contribution(String finding, int points, String rationale, RuleSource source) {
}
