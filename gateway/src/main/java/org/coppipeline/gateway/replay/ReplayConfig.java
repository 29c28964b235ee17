package org.coppipeline.gateway.replay;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Tunables of replay and knowledge impact (CONTRACT 9). Replays are background work: bounded per hospital, fed to
 * Kafka at a bounded pace on one worker of their own, behind live events. Invalid values stop the start.
 */
@ConfigMapping(prefix = "gateway.replay")
public interface ReplayConfig {

    /** The knowledge versions a replay may name; every stage evaluates each of them (common brief, knowledge v2). */
    @WithDefault("cop-knowledge-v1,cop-knowledge-v2")
    List<String> knowledgeVersions();

    /**
     * Running replays plus running knowledge-impact runs one hospital may have at once; beyond it 429 with
     * Retry-After, for that hospital only. An impact run counts once, however many cases it replays.
     */
    @WithDefault("4")
    @Min(1)
    @Max(1000)
    int maxRunningPerHospital();

    /** Seconds sent in Retry-After with a 429. */
    @WithDefault("30")
    @Min(1)
    @Max(3600)
    int retryAfterSeconds();

    /** Most cases one knowledge-impact run may replay (twice each); more is a 400 asking for updatedAfter. */
    @WithDefault("5000")
    @Min(1)
    int impactMaxCases();

    /** A dispatched replay whose planned record has not come back within this time is reported failed. */
    @WithDefault("PT2M")
    Duration resultTimeout();

    /** A replay still waiting for its turn after this time (Kafka away for long) is reported failed. */
    @WithDefault("PT30M")
    Duration queueTimeout();

    /** Finished replays and impact runs older than this are deleted. */
    @WithDefault("P7D")
    Duration retention();

    /** How often timed-out replays are marked failed and old ones purged. */
    @WithDefault("PT5S")
    Duration sweepInterval();

    Dispatch dispatch();

    interface Dispatch {
        /** Replay records sent to case-events per second, at most. */
        @WithDefault("20")
        @Min(1)
        @Max(10000)
        int rate();

        /** Replay records sent but not yet acknowledged by Kafka, at most. */
        @WithDefault("4")
        @Min(1)
        @Max(1000)
        int maxInFlight();

        /**
         * Longest wait for the live intake's publishes in flight to finish before a replay record is sent: live
         * events go first, but a steady live load does not starve replays for ever.
         */
        @WithDefault("PT1S")
        Duration liveYield();

        /** Pause between looks at an empty queue (a new replay wakes the worker at once). */
        @WithDefault("PT1S")
        Duration idlePoll();

        /** Queued replays claimed per look (their records are then sent at the paced rate). */
        @WithDefault("8")
        @Min(1)
        @Max(1000)
        int claim();

        /** Longest wait for Kafka's acknowledgement of one replay record; then it is queued again. */
        @WithDefault("PT10S")
        Duration publishTimeout();
    }

    /** Cross-field checks that constraints on single values cannot express. */
    static void check(ReplayConfig config) {
        if (config.knowledgeVersions().isEmpty()) {
            throw new IllegalStateException("gateway.replay.knowledge-versions must name at least one version");
        }
        positive(config.resultTimeout(), "gateway.replay.result-timeout");
        positive(config.queueTimeout(), "gateway.replay.queue-timeout");
        positive(config.retention(), "gateway.replay.retention");
        positive(config.sweepInterval(), "gateway.replay.sweep-interval");
        positive(config.dispatch().idlePoll(), "gateway.replay.dispatch.idle-poll");
        positive(config.dispatch().publishTimeout(), "gateway.replay.dispatch.publish-timeout");
        if (config.dispatch().liveYield().isNegative()) {
            throw new IllegalStateException("gateway.replay.dispatch.live-yield must not be negative");
        }
        if (config.retention().compareTo(config.resultTimeout()) <= 0
                || config.retention().compareTo(config.queueTimeout()) <= 0) {
            throw new IllegalStateException(
                    "gateway.replay.retention must exceed gateway.replay.result-timeout and gateway.replay.queue-timeout");
        }
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException(name + " must be positive");
        }
    }
}
