package org.coppipeline.symptom.domain;

/** A rule line of cop-knowledge.md as the score uses it: its points when it fires and its source. */
public interface KnowledgeRule {

    String ruleId();

    /** Points the rule adds (negative: subtracts) when it fires; 0 for rules that only explain. */
    int points();

    RuleSource source();
}
