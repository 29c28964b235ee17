package org.coppipeline.exclusion.domain;

/** Evidence mark of a rule line in cop-knowledge.md: [V] read in the cited source, [U] design or unverified. */
public enum Mark {
    V, U
}
