package org.coppipeline.symptom.domain;

/** An unknown input that could change the score: where it goes in the event (JSON Pointer) and what it could do. */
public record MissingData(String field, String effect) {
}
