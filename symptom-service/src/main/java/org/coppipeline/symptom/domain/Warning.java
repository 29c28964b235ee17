package org.coppipeline.symptom.domain;

/** A schema-valid but clinically odd input, named instead of thrown. */
public record Warning(WarningLevel level, String code, String message) {
}
