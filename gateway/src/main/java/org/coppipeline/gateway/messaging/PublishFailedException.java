package org.coppipeline.gateway.messaging;

/** Kafka did not acknowledge an event in time (or refused it). The message names the kind of failure only. */
public class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message) {
        super(message, null, false, false);
    }
}
