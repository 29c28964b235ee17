package org.coppipeline.exclusion.domain;

/** A value that the contract spells in kebab-case: {@link #code()} is that exact spelling. */
public interface Coded {
    String code();
}
