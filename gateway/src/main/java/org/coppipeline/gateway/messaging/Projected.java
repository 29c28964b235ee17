package org.coppipeline.gateway.messaging;

import java.util.List;
import java.util.UUID;

import org.coppipeline.gateway.store.Stage;

/**
 * Fired (CDI, synchronously) after the projector has committed a batch of one stage's live results: the events whose
 * results it stored. Whoever waits for an event to reach a stage listens to it instead of polling the database alone.
 */
public record Projected(Stage stage, List<UUID> eventIds) {
}
