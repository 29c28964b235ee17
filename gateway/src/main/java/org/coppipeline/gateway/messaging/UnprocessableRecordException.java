package org.coppipeline.gateway.messaging;

/**
 * A stage result the projector cannot use. Its message becomes the DLQ reason header and may be logged, so it
 * names the problem (a JSON pointer, a parse position) and never quotes the record: values may be PHI.
 */
public class UnprocessableRecordException extends RuntimeException {
    public UnprocessableRecordException(String message) {
        super(message, null, false, false);
    }
}
