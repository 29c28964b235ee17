package org.coppipeline.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import org.coppipeline.faults.CasePlans.CasePlan;
import org.coppipeline.faults.CasePlans.PlannedEvent;

/**
 * Posts the cases through the gateway with a small thread pool, at a steady pace, and keeps posting across the
 * fault: as a well-behaved client, it retries a 503 after Retry-After (capped, to keep the run short) and a
 * dropped connection after a short pause, both with the same eventId (the contract's idempotency), until a 202.
 * A case's events are posted by one thread, in the case's posting order. Every wait is bounded.
 */
final class LoadGenerator implements AutoCloseable {
    static final int THREADS = 8;
    /** A POST is answered within the gateway's publish timeout (10 s) plus its database waits; this is the client's cap. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** How long one event is retried before the client gives up on it (reported as an anomaly). */
    static final Duration EVENT_DEADLINE = Duration.ofMinutes(5);
    static final long RETRY_AFTER_CAP_MILLIS = 2000;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private final FaultStack stack;
    private final History history;
    private final List<CasePlan> plans;
    private final double casesPerSecond;
    /** For these case indexes the client abandons an event id after its first 503 and goes on with a new id. */
    private final IntPredicate abandonAfter503;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "faults-load");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;
    private long startNanos;

    LoadGenerator(FaultStack stack, History history, List<CasePlan> plans, double casesPerSecond, IntPredicate abandonAfter503) {
        this.stack = stack;
        this.history = history;
        this.plans = plans;
        this.casesPerSecond = casesPerSecond;
        this.abandonAfter503 = abandonAfter503;
    }

    LoadGenerator(FaultStack stack, History history, List<CasePlan> plans, double casesPerSecond) {
        this(stack, history, plans, casesPerSecond, i -> false);
    }

    LoadGenerator start() {
        history.started();
        startNanos = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            pool.execute(this::work);
        }
        pool.shutdown();
        return this;
    }

    /** Cases whose every event got its 202 (or was given up). */
    int casesDone() {
        return done.get();
    }

    int cases() {
        return plans.size();
    }

    boolean awaitDone(Duration timeout) throws InterruptedException {
        return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void work() {
        for (int i = next.getAndIncrement(); i < plans.size() && !stopping; i = next.getAndIncrement()) {
            pace(i);
            CasePlan plan = plans.get(i);
            history.posting(plan);
            for (PlannedEvent event : plan.events()) {
                post(plan, event);
            }
            done.incrementAndGet();
        }
    }

    /** Case i starts no earlier than i / rate after the start: a steady stream that spans the fault. */
    private void pace(int i) {
        long due = startNanos + (long) (i * 1e9 / casesPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            sleep(wait / 1_000_000);
        }
    }

    private void post(CasePlan plan, PlannedEvent event) {
        String eventId = CasePlans.newEventId();
        boolean abandonedOnce = false;
        long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
        while (!stopping) {
            if (System.nanoTime() > deadline) {
                history.gaveUp(eventId);
                return;
            }
            String body = CasePlans.body(plan, event, eventId).toString();
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl("/api/v1/case-events")))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + stack.token(plan.hospitalId()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // Gateway down, connection reset, or no answer in time: the outcome is unknown, so retry the same id.
                history.connectionError(System.nanoTime() - t0);
                sleep(500);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long took = System.nanoTime() - t0;
            if (response.statusCode() == 503 && response.body().isEmpty() && response.headers().firstValue("Content-Type").isEmpty()) {
                // Not the gateway's own 503 (problem+json with Retry-After) but Quarkus' graceful shutdown refusing a new
                // request while a stopping gateway finishes its running ones (quarkus.shutdown.timeout), connection
                // closed: to the client the same as a refused connection, and retried like one.
                history.connectionError(took);
                sleep(500);
                continue;
            }
            switch (response.statusCode()) {
                case 202 -> {
                    String status;
                    try {
                        status = CasePlans.JSON.readTree(response.body()).path("status").asText();
                    } catch (IOException e) {
                        status = "?";
                    }
                    history.accepted(eventId, plan, event, status, took);
                    return;
                }
                case 503 -> {
                    history.unavailable(took);
                    if (response.headers().firstValue("Retry-After").isEmpty()) {
                        history.anomaly("503 without Retry-After for " + eventId);
                    }
                    if (!abandonedOnce && abandonAfter503.test(plan.index())) {
                        // A client may give an id up after a 503: the gateway must have kept nothing of it.
                        history.abandoned(plan, eventId);
                        abandonedOnce = true;
                        eventId = CasePlans.newEventId();
                    }
                    sleep(Math.min(RETRY_AFTER_CAP_MILLIS, retryAfterMillis(response)));
                }
                default -> {
                    history.anomaly("POST " + eventId + " of " + plan.key() + " answered " + response.statusCode() + ": "
                            + response.body().substring(0, Math.min(300, response.body().length())));
                    return;
                }
            }
        }
    }

    private static long retryAfterMillis(HttpResponse<?> response) {
        try {
            return Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").trim()) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops posting (threads finish their current request) and waits for them, bounded. */
    @Override
    public void close() {
        stopping = true;
        pool.shutdownNow();
        try {
            pool.awaitTermination(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
