package org.coppipeline.gateway.messaging;

/** Channel names of the gateway; each maps to the Kafka topic of the same name unless configuration overrides it. */
public final class Topics {
    /** Out: accepted case events (CONTRACT 5). */
    public static final String CASE_EVENTS = "case-events";
    /** Out: replay records (CONTRACT 9), to the case-events topic through a producer of their own. */
    public static final String CASE_EVENTS_REPLAY = "case-events-replay";
    /** In: stage results, projected into the read model. */
    public static final String CASE_SCORED = "case-scored";
    public static final String CASE_ASSESSED = "case-assessed";
    public static final String CASE_PLANNED = "case-planned";

    private Topics() {
    }
}
