package org.coppipeline.exclusion.messaging;

/** Channel names of this stage; each maps to a Kafka topic of the same name unless configuration overrides it. */
public final class Topics {
    public static final String IN = "case-scored";
    public static final String OUT = "case-assessed";

    private Topics() {
    }
}
