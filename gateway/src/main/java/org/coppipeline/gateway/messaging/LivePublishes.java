package org.coppipeline.gateway.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The live intake's publishes to case-events in flight. Replays go after live events: the replay dispatcher waits
 * (bounded) until none is in flight before it sends a record, so a replay never competes with a POST for the broker.
 */
@ApplicationScoped
public class LivePublishes {

    private int inFlight;

    public synchronized void started() {
        inFlight++;
    }

    public synchronized void finished() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Waits until no live publish is in flight, at most {@code longest}; true when none is. */
    public synchronized boolean awaitIdle(Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + longest.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return true;
    }
}
