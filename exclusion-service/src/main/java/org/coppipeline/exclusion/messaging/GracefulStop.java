package org.coppipeline.exclusion.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What a graceful stop (SIGTERM) waits for: the records this stage has taken and not yet settled (output or dead letter
 * acknowledged by the broker). Once stopping, the stage takes no new poll.
 * <p>
 * Why: on stop the connector pauses the partitions, waits up to auto.commit.interval.ms for the records it handed out to
 * be acknowledged, commits, and closes the consumer, then the producers. Polls already fetched keep reaching the stage
 * during that wait; under a backlog the wait ends with records still being processed, whose outputs the closing
 * producer still writes while their offsets are not committed: the next owner of the partition wrote them a second time
 * (deploy/faults, treatment-sigterm, 2026-12-05: 2-3 records on case-planned). A poll refused here is neither processed
 * nor acknowledged: its records are read again, once, by the next owner.
 */
final class GracefulStop {

    private final AtomicInteger unsettled = new AtomicInteger();
    private volatile boolean stopping;

    /** Takes a poll of {@code records}; false once stopping (the poll is then left untouched). */
    boolean take(int records) {
        // Counted before the flag is read: a stop that read 0 has set the flag first, so this poll sees it and backs out.
        unsettled.addAndGet(records);
        if (stopping) {
            unsettled.addAndGet(-records);
            return false;
        }
        return true;
    }

    /** One record taken earlier is settled. */
    void settled() {
        unsettled.decrementAndGet();
    }

    /** Records taken and not settled. */
    int unsettled() {
        return unsettled.get();
    }

    /**
     * Takes no further poll and waits, at most {@code timeout}, for the records taken to be settled.
     *
     * @return the records still unsettled (0 when all were; a refused output is never settled)
     */
    int stop(Duration timeout) {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unsettled.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return unsettled.get();
    }
}
