package org.coppipeline.symptom.domain;

/** A value with a fixed spelling in the contract (CONTRACT.md sections 2 and 3). */
public interface Coded {
    /** The exact contract spelling, e.g. {@code nonproductive-cough}. */
    String code();
}
