package org.coppipeline.gateway.messaging;

/** Channel names of the gateway; each maps to the Kafka topic of the same name unless configuration overrides it. */
public final class Topics {
    /** Out: accepted case events (CONTRACT 5). */
    public static final String CASE_EVENTS = "case-events";
    /** Out: replay records (CONTRACT 9), to the case-events topic through a producer of their own. */
    public static final String CASE_EVENTS_REPLAY = "case-events-replay";
    /**
     * In: stage results, projected into the read model: one channel (one consumer) for the three stage topics
     * (case-scored, case-assessed, case-planned; {@link StageTopics}).
     */
    public static final String STAGE_RESULTS = "stage-results";

    private Topics() {
    }
}
