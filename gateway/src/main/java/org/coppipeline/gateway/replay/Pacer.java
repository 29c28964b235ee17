package org.coppipeline.gateway.replay;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The pace of replay records: at most {@code maxInFlight} sent and not yet acknowledged, one every 1/rate seconds
 * (evenly spaced, never a burst), and each only once the live intake has no publish in flight (waiting at most
 * {@code liveYield}, so that a steady live load slows replays down without starving them).
 */
final class Pacer {

    /** A monotonic clock in nanoseconds; a seam for tests. */
    @FunctionalInterface
    interface Clock {
        long nanoTime();
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** Waits (bounded) until the live intake has nothing in flight. */
    @FunctionalInterface
    interface LiveGate {
        void awaitIdle(Duration longest) throws InterruptedException;
    }

    private final long intervalNanos;
    private final Semaphore slots;
    private final int maxInFlight;
    private final Duration liveYield;
    private final LiveGate live;
    private final Clock clock;
    private final Sleeper sleeper;
    /** When the next record may go at the earliest. Only the dispatcher's worker thread calls acquire. */
    private long next;
    private boolean started;

    Pacer(int ratePerSecond, int maxInFlight, Duration liveYield, LiveGate live, Clock clock, Sleeper sleeper) {
        this.intervalNanos = 1_000_000_000L / ratePerSecond;
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        this.liveYield = liveYield;
        this.live = live;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks until one more record may be sent; the caller must {@link #release()} once Kafka answered. */
    void acquire() throws InterruptedException {
        slots.acquire();
        try {
            long now = clock.nanoTime();
            if (started && next > now) {
                sleeper.sleep(next - now);
            }
            // Last, so that a live event that arrived during the pause still goes first.
            live.awaitIdle(liveYield);
            now = clock.nanoTime();
            next = (started ? Math.max(now, next) : now) + intervalNanos;
            started = true;
        } catch (InterruptedException | RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    void release() {
        slots.release();
    }

    /** Records sent and not yet answered. */
    int inFlight() {
        return maxInFlight - slots.availablePermits();
    }

    /** True when a caller waits for a slot (for tests: a condition to wait on, not a pause). */
    boolean hasWaiters() {
        return slots.hasQueuedThreads();
    }
}
