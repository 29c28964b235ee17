package org.coppipeline.symptom.messaging;

/**
 * A record this stage cannot process. Its message becomes the DLQ reason header, so it names the
 * problem (a JSON pointer, a parse position) and never quotes the record: values may be PHI.
 */
public class UnprocessableRecordException extends RuntimeException {
    public UnprocessableRecordException(String message) {
        super(message, null, false, false);
    }
}
