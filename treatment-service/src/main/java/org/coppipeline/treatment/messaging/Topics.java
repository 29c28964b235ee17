package org.coppipeline.treatment.messaging;

/** Channel names of this stage; each maps to a Kafka topic of the same name unless configuration overrides it. */
public final class Topics {
    public static final String IN = "case-assessed";
    public static final String OUT = "case-planned";

    private Topics() {
    }
}
