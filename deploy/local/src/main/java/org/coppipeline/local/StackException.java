package org.coppipeline.local;

/**
 * A part of the local stack that could not be started or stopped. The message is one line meant for a
 * person at a terminal: it names the part and, where there is one, the log file to read next.
 */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
