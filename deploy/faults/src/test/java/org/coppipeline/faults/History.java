package org.coppipeline.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.coppipeline.faults.CasePlans.CasePlan;
import org.coppipeline.faults.CasePlans.PlannedEvent;

/**
 * The client side of the history (as a Jepsen history): every event id the gateway acknowledged with 202, when,
 * and for which case; every 503 and how long it took; ids the client abandoned after a 503; anything unexpected.
 */
final class History {

    /** One 202: the event, its case and its place in the case's clinical timeline. */
    record Accepted(String eventId, CasePlan plan, PlannedEvent event, String status, long at) {
    }

    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Map<String, List<Accepted>> byCase = new ConcurrentHashMap<>();
    /** Abandoned event id → its hospital. */
    private final Map<String, String> abandoned = new ConcurrentHashMap<>();
    private final Queue<String> anomalies = new ConcurrentLinkedQueue<>();
    private final Queue<Long> acceptTimes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger connectionErrors = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final AtomicLong slowest503Nanos = new AtomicLong();
    private final AtomicLong slowestRequestNanos = new AtomicLong();
    private final Set<String> casesPosted = ConcurrentHashMap.newKeySet();
    private volatile long faultAt;
    private volatile long restoredAt;
    private volatile Instant startedAt = Instant.now();
    private volatile List<CasePlan> plans = List.of();

    /** The workload this history belongs to. */
    void plans(List<CasePlan> plans) {
        this.plans = List.copyOf(plans);
    }

    List<CasePlan> plans() {
        return plans;
    }

    /** Events the workload posts in all (a 202 is expected for each). */
    int plannedEvents() {
        return plans.stream().mapToInt(p -> p.events().size()).sum();
    }

    void started() {
        startedAt = Instant.now();
    }

    Instant startedAt() {
        return startedAt;
    }

    void posting(CasePlan plan) {
        casesPosted.add(plan.key());
    }

    void accepted(String eventId, CasePlan plan, PlannedEvent event, String status, long tookNanos) {
        long now = System.nanoTime();
        Accepted a = new Accepted(eventId, plan, event, status, now);
        accepted.put(eventId, a);
        byCase.computeIfAbsent(plan.key(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(a);
        acceptTimes.add(now);
        slowestRequestNanos.accumulateAndGet(tookNanos, Math::max);
    }

    void unavailable(long tookNanos) {
        unavailable.incrementAndGet();
        slowest503Nanos.accumulateAndGet(tookNanos, Math::max);
        slowestRequestNanos.accumulateAndGet(tookNanos, Math::max);
    }

    void abandoned(CasePlan plan, String eventId) {
        abandoned.put(eventId, plan.hospitalId());
    }

    /** No HTTP answer (refused, reset, or none within the client's timeout); the time counts as a request's. */
    void connectionError(long tookNanos) {
        connectionErrors.incrementAndGet();
        slowestRequestNanos.accumulateAndGet(tookNanos, Math::max);
    }

    void gaveUp(String eventId) {
        gaveUp.incrementAndGet();
        anomalies.add("gave up posting " + eventId + " (no 202 before the deadline)");
    }

    void anomaly(String text) {
        anomalies.add(text);
    }

    /** The fault was injected now. */
    void fault() {
        faultAt = System.nanoTime();
    }

    /** The faulty part is back now (restarted, resumed, or the second instance left). */
    void restored() {
        restoredAt = System.nanoTime();
    }

    long faultAt() {
        return faultAt;
    }

    long restoredAt() {
        return restoredAt;
    }

    Map<String, Accepted> accepted() {
        return accepted;
    }

    Map<String, List<Accepted>> acceptedByCase() {
        return byCase;
    }

    int casesPosted() {
        return casesPosted.size();
    }

    /** The abandoned event ids (as records on case-events carry them). */
    Set<String> abandonedIds() {
        return abandoned.keySet();
    }

    /** The abandoned events by the gateway's row key, (hospital, event id): see Checker#rowKey. */
    Set<String> abandonedKeys() {
        Set<String> keys = new java.util.HashSet<>();
        abandoned.forEach((eventId, hospitalId) -> keys.add(Checker.rowKey(hospitalId, eventId)));
        return keys;
    }

    List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    int unavailableCount() {
        return unavailable.get();
    }

    int connectionErrors() {
        return connectionErrors.get();
    }

    long slowest503Nanos() {
        return slowest503Nanos.get();
    }

    long slowestRequestNanos() {
        return slowestRequestNanos.get();
    }

    /** The longest stretch without any 202 between the first and the last one (the gateway's availability hole). */
    long longestAcceptGapNanos() {
        List<Long> times = new ArrayList<>(acceptTimes);
        times.sort(Long::compare);
        long gap = 0;
        for (int i = 1; i < times.size(); i++) {
            gap = Math.max(gap, times.get(i) - times.get(i - 1));
        }
        return gap;
    }

    /** The newest (by occurredAt) accepted event of a case: the one its view must show. */
    static Accepted newest(List<Accepted> events) {
        Accepted newest = null;
        synchronized (events) {
            for (Accepted a : events) {
                if (newest == null || a.event().occurredAt().isAfter(newest.event().occurredAt())) {
                    newest = a;
                }
            }
        }
        return newest;
    }
}
