package org.coppipeline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.coppipeline.local.DevCdsClient;

/**
 * The CDS Hooks step (issue 12): an EHR opening fresh charts at a fixed rate, open loop. Each patient-view call is a
 * new suite case (the gateway maps its prefetch, publishes the event and waits for the plan, at most 2 s by default,
 * then answers "assessment in progress"), timed from its intended send time to its cards; after every N-th answer the
 * same chart's prednisone order is signed (an order-sign call, timed from its own send: its event is the chart's, so it
 * mostly finds the plan already there). Requests and their tokens are made before the window, like the pipeline's
 * bodies, unless the step is too long for a token minted ahead (then each is minted at its send).
 */
public final class CdsLoad implements AutoCloseable {

    private static final int MAX_IN_FLIGHT = 1024;
    /** Tokens minted before the window must not expire before they are used: only for steps this short. */
    private static final double MINT_AHEAD_MAX_SECONDS = 180;

    private final CdsRequests requests;
    private final ResourceSampler resources;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-cds-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;
    private final AtomicLong sequence = new AtomicLong();

    public CdsLoad(BenchStack stack, ResourceSampler resources) {
        this.requests = new CdsRequests(stack.gatewayUrl(), DevCdsClient.load(stack.stateDir()),
                Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36));
        this.resources = resources;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
    }

    /** What one step collects while it runs. */
    private static final class State {
        final AtomicInteger inFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<Double> latency = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Double> orderLatency = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> orderAnswers = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong ordersSent = new AtomicLong();

        static void count(Map<String, AtomicLong> counts, String kind) {
            counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    public CdsResult step(String label, double rate, double seconds, int orderEvery, Duration drain, Consumer<String> progress) {
        int count = (int) Math.round(rate * seconds);
        boolean mintAhead = seconds <= MINT_AHEAD_MAX_SECONDS;
        List<CdsRequests.Hook> views = new ArrayList<>(count);
        Map<Integer, CdsRequests.Hook> orders = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            CdsRequests.Hook view = requests.patientView(sequence.getAndIncrement(), now);
            views.add(view);
            if (isOrderCase(i, orderEvery)) {
                orders.put(i, requests.orderSign(view, now));
            }
        }
        State state = new State();
        double load = ProcessStats.loadAverage1();
        long interval = (long) (1e9 / rate);
        resources.begin();
        long start = System.nanoTime();
        long nextReport = start + 1_000_000_000L;
        for (int i = 0; i < count; i++) {
            long intended = start + i * interval;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            CdsRequests.Hook view = mintAhead ? views.get(i) : requests.freshToken(views.get(i), Instant.now());
            CdsRequests.Hook order = orders.get(i);
            send(state, view, intended, false, order == null ? null : mintAhead ? order : requests.freshToken(order, Instant.now()));
            long t = System.nanoTime();
            if (t >= nextReport) {
                progress.accept(String.format(java.util.Locale.ROOT, "  %s: %3.0f s  sent %d  answered %d  in flight %d  errors %d",
                        label, (t - start) / 1e9, i + 1, state.latency.size(), state.inFlight.get(),
                        state.errors.values().stream().mapToLong(AtomicLong::get).sum()));
                nextReport += 1_000_000_000L;
            }
        }
        long end = start + count * interval;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        ResourceSampler.Window usage = resources.end();
        long deadline = System.nanoTime() + drain.toNanos();
        while (state.inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
        if (state.inFlight.get() > 0) {
            state.errors.computeIfAbsent("unanswered after the drain of " + drain.toSeconds() + " s", k -> new AtomicLong())
                    .addAndGet(state.inFlight.get());
        }
        return new CdsResult(label, rate, (end - start) / 1e9, count, Percentiles.of(toArray(state.latency)), snapshot(state.answers),
                snapshot(state.errors), state.throttled.get(), state.ordersSent.get(), Percentiles.of(toArray(state.orderLatency)),
                snapshot(state.orderAnswers), usage.cpuCores(), usage.peakRssMb(), load);
    }

    private void send(State state, CdsRequests.Hook hook, long timedFrom, boolean isOrder, CdsRequests.Hook followUp) {
        if (state.inFlight.get() >= MAX_IN_FLIGHT) {
            State.count(state.errors, "shed by the generator (" + MAX_IN_FLIGHT + " calls unanswered)");
            return;
        }
        state.inFlight.incrementAndGet();
        if (isOrder) {
            state.ordersSent.incrementAndGet();
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(hook.url()))
                .header("Authorization", hook.authorization())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(hook.body()))
                .build();
        http.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            try {
                String prefix = isOrder ? "order-sign " : "";
                if (failure != null) {
                    State.count(state.errors, prefix + failure.getClass().getSimpleName());
                    return;
                }
                if (response.statusCode() == 429) {
                    state.throttled.incrementAndGet();
                    return;
                }
                if (response.statusCode() != 200) {
                    State.count(state.errors, prefix + "HTTP " + response.statusCode());
                    return;
                }
                (isOrder ? state.orderLatency : state.latency).add((now - timedFrom) / 1e6);
                State.count(isOrder ? state.orderAnswers : state.answers, kind(response.body()));
                if (followUp != null) {
                    send(state, followUp, System.nanoTime(), true, null);
                }
            } finally {
                state.inFlight.decrementAndGet();
            }
        });
    }

    /**
     * Whether the i-th chart (0-based) is followed by an order: one in each block of N charts, its last, except that
     * with N even every other block takes its last but one. Charts alternate between the two examples, so with N even
     * the last of each block would always be the same example, and every order would get the same answer: this way the
     * orders alternate too (critical card for the pending infection, none for classic COP).
     */
    static boolean isOrderCase(int i, int n) {
        int block = i / n;
        int shift = n % 2 == 0 && block % 2 == 1 ? 1 : 0;
        return i % n == n - 1 - shift;
    }

    /** "final info" / "final critical" / ..., "in progress", "no card", "malformed". */
    static String kind(byte[] body) {
        return switch (CdsRequests.classify(body)) {
            case FINAL -> "final " + CdsRequests.indicator(body);
            case IN_PROGRESS -> "in progress";
            case NO_CARD -> "no card";
            case MALFORMED -> "malformed";
        };
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private static double[] toArray(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
