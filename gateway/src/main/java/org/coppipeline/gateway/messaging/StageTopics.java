package org.coppipeline.gateway.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.coppipeline.gateway.store.Stage;

/**
 * The three stage topics the projector's one channel reads, and the dead-letter topic of each: a record's stage (which
 * section it may write, CONTRACT 1.1) is the topic it was read from, never anything in the record. The names are the
 * ones the channel subscribes to ({@code topics.*} in application.properties).
 */
@ApplicationScoped
public class StageTopics {

    private final String scored;
    private final String assessed;
    private final String planned;
    private final String scoredDlq;
    private final String assessedDlq;
    private final String plannedDlq;

    public StageTopics(
            @ConfigProperty(name = "topics.case-scored", defaultValue = "case-scored") String scored,
            @ConfigProperty(name = "topics.case-assessed", defaultValue = "case-assessed") String assessed,
            @ConfigProperty(name = "topics.case-planned", defaultValue = "case-planned") String planned,
            @ConfigProperty(name = "topics.case-scored-dlq", defaultValue = "case-scored-gateway-dlq") String scoredDlq,
            @ConfigProperty(name = "topics.case-assessed-dlq", defaultValue = "case-assessed-gateway-dlq") String assessedDlq,
            @ConfigProperty(name = "topics.case-planned-dlq", defaultValue = "case-planned-gateway-dlq") String plannedDlq) {
        this.scored = scored;
        this.assessed = assessed;
        this.planned = planned;
        this.scoredDlq = scoredDlq;
        this.assessedDlq = assessedDlq;
        this.plannedDlq = plannedDlq;
    }

    /** The stage whose results a topic carries; empty for any other topic (or none). */
    public Optional<Stage> stageOf(String topic) {
        if (scored.equals(topic)) {
            return Optional.of(Stage.SCORED);
        }
        if (assessed.equals(topic)) {
            return Optional.of(Stage.ASSESSED);
        }
        if (planned.equals(topic)) {
            return Optional.of(Stage.PLANNED);
        }
        return Optional.empty();
    }

    /** The projector's dead-letter topic for a record of that stage ({@code <topic>-gateway-dlq} by default). */
    public String deadLetterTopic(Stage stage) {
        return switch (stage) {
            case SCORED -> scoredDlq;
            case ASSESSED -> assessedDlq;
            case PLANNED -> plannedDlq;
            case RECEIVED -> throw new IllegalArgumentException("no topic carries received");
        };
    }
}
