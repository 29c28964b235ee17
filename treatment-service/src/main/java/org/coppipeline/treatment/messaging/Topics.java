package org.coppipeline.treatment.messaging;

/** Channel names of this stage; each maps to a Kafka topic of the same name unless configuration overrides it. */
public final class Topics {
    public static final String IN = "case-assessed";
    public static final String OUT = "case-planned";
    /** This stage's dead letters: the records of {@link #IN} it cannot process, one by one. */
    public static final String DLQ = "case-assessed-dlq";

    private Topics() {
    }
}
