package org.coppipeline.gateway.cds;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.coppipeline.gateway.messaging.Projected;
import org.coppipeline.gateway.store.Stage;

/**
 * Waits, at most {@code gateway.cds.wait-timeout}, for an event's plan. The projector of this replica wakes the wait
 * as soon as it has stored a result of the event ({@link Projected}); in between, the database is asked every
 * {@code gateway.cds.poll-interval}, because with several replicas the plan may be projected by another one. A wait
 * registers before it first looks, so a plan stored in between is never missed.
 */
@ApplicationScoped
public class PlanWaiter {

    /** A wake-up counter per awaited event, shared by the hooks waiting for it. */
    private static final class Signal {
        private long count;
        private int waiters;

        synchronized long seen() {
            return count;
        }

        synchronized void fire() {
            count++;
            notifyAll();
        }

        synchronized void await(long seen, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (count == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private final ConcurrentHashMap<UUID, Signal> signals = new ConcurrentHashMap<>();
    private final CdsStore store;
    private final Duration pollInterval;

    public PlanWaiter(CdsStore store, CdsConfig config) {
        this.store = store;
        this.pollInterval = config.pollInterval();
    }

    /** The event's plan, or empty when it is not planned within {@code timeout}. */
    public Optional<CdsStore.Plan> await(String hospitalId, String caseId, UUID eventId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Signal signal = signals.compute(eventId, (id, existing) -> {
            Signal s = existing == null ? new Signal() : existing;
            synchronized (s) {
                s.waiters++;
            }
            return s;
        });
        try {
            while (true) {
                long seen = signal.seen();
                Optional<CdsStore.Plan> plan = store.plan(hospitalId, caseId, eventId);
                long left = deadline - System.nanoTime();
                if (plan.isPresent() || left <= 0) {
                    return plan;
                }
                signal.await(seen, Math.min(left, pollInterval.toNanos()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            signals.computeIfPresent(eventId, (id, s) -> {
                synchronized (s) {
                    return --s.waiters == 0 ? null : s;
                }
            });
        }
    }

    void onProjected(@Observes Projected projected) {
        if (projected.stage() != Stage.ASSESSED && projected.stage() != Stage.PLANNED) {
            return;
        }
        for (UUID eventId : projected.eventIds()) {
            Signal signal = signals.get(eventId);
            if (signal != null) {
                signal.fire();
            }
        }
    }
}
