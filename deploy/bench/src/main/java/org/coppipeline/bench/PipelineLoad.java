package org.coppipeline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.bench.CaseEvents.CaseEvent;
import org.coppipeline.local.DevToken;

/**
 * The open-loop load generator and the "planned" detector.
 *
 * <p>POSTs leave at fixed intervals whatever the answers (open loop), each case timed from its <em>intended</em>
 * send time. A case is planned when its case-planned record reaches this benchmark's own consumer and a
 * {@code GET /api/v1/cases/{id}} then reads {@code stage: planned} for that event: the record says when to look, the GET
 * is what a dashboard would see. No GET is sent before the record has arrived; a re-read (the projector had not
 * written the view yet: after 1 ms, 2 ms, 4 ms ... at most 50 ms) is conditional, with the ETag of the previous
 * answer, so an unchanged view costs a 304 without a body; at most 16 such GETs at once. The list endpoint is not
 * used: it hides rows younger than its visibility delay (1 s).
 *
 * <p>The generator's own cost is kept low and measured apart (the bench JVM's CPU, {@link ResourceSampler#SELF}):
 * java.net.http's non-blocking client (two threads), bodies made before the window, a sender that parks until each
 * intended send time (no spin), the view read by a streaming parser that stops at {@code stage} and {@code eventId}.
 * A 429 (the gateway's per-hospital quotas) is counted apart from the errors.
 */
public final class PipelineLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLANNED_TOPIC = "case-planned";
    /** Open loop, bounded: beyond this many unanswered POSTs the generator sheds (counted as an error). */
    private static final int MAX_IN_FLIGHT = 1024;
    /**
     * First pause before GETting a case again; doubled up to the longest, so a lagging projector is not flooded. A
     * reading is late by at most the last pause: 1, 2, 4 ... ms, at most 50 ms while the view is up to ~200 ms late,
     * then at most a quarter of the time already waited. A fixed 50 ms cap cost ~25 GETs per case once views lagged
     * by a second or more past saturation (GET/c), polling that fed the very backlog it measured.
     */
    private static final long CONFIRM_FIRST_PAUSE_MICROS = 1_000;
    private static final long CONFIRM_LONGEST_PAUSE_MICROS = 50_000;
    /** At most this many confirmation GETs at once: a projector that lags behind must not be buried under them. */
    private static final int CONFIRM_MAX_IN_FLIGHT = 16;
    private static final Duration CONFIRM_GIVE_UP = Duration.ofSeconds(30);

    private final String gatewayUrl;
    private final Map<String, String> tokens;
    private final CaseEvents events;
    private final ResourceSampler resources;
    private final HttpClient http;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-retry"));
    private final Map<String, Track> open = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> plannedSizes = new ConcurrentLinkedQueue<>();
    private final Thread watcher;
    private volatile boolean closing;
    private volatile StepState state;
    private final AtomicLong sequence = new AtomicLong();
    private final java.util.concurrent.Semaphore confirmations = new java.util.concurrent.Semaphore(CONFIRM_MAX_IN_FLIGHT);

    /** One posted case, from its intended send time to the view reading planned. */
    private static final class Track {
        final CaseEvent event;
        final long intended;
        final StepState step;
        volatile long accepted;
        volatile long kafkaSeen;
        volatile long planned;
        volatile boolean confirming;
        /** ETag of the last view read, for the next read's If-None-Match. */
        volatile String etag;

        Track(CaseEvent event, long intended, StepState step) {
            this.event = event;
            this.intended = intended;
            this.step = step;
        }
    }

    /** What one step collects while it runs. */
    private static final class StepState {
        long windowStart;
        long windowEnd = Long.MAX_VALUE;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acceptedInWindow = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong plannedInWindow = new AtomicLong();
        final AtomicLong planned = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong viewReads = new AtomicLong();
        final AtomicLong notModified = new AtomicLong();
        final AtomicLong postThrottled = new AtomicLong();
        final AtomicLong getThrottled = new AtomicLong();
        final Timeline.Recorder timeline;
        final ConcurrentLinkedQueue<Double> latency = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Double> acceptLatency = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Double> kafkaLatency = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

        StepState(double coveredSeconds) {
            timeline = new Timeline.Recorder(10, coveredSeconds);
        }

        void error(String kind) {
            errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            timeline.error(System.nanoTime());
        }

        boolean inWindow(long t) {
            return t >= windowStart && t <= windowEnd;
        }
    }

    public PipelineLoad(BenchStack stack, List<String> hospitals, ResourceSampler resources) {
        this.gatewayUrl = stack.gatewayUrl();
        this.resources = resources;
        this.events = new CaseEvents(hospitals, Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36));
        this.tokens = new LinkedHashMap<>();
        for (String hospital : hospitals) {
            tokens.put(hospital, "Bearer " + DevToken.sign(stack.keys().privateKey(),
                    new DevToken.Request(hospital, List.of("case-publisher", "case-viewer"), "bench", Duration.ofHours(12)),
                    Instant.now()));
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> daemon(r, "bench-http")))
                .build();
        KafkaConsumer<String, byte[]> consumer = plannedConsumer(stack.bootstrapServers());
        this.watcher = daemon(() -> watch(consumer), "bench-planned-watcher");
        watcher.start();
    }

    private static KafkaConsumer<String, byte[]> plannedConsumer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-planned-watcher");
        // No group: partitions assigned by hand, positioned at the end; nothing committed.
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(PLANNED_TOPIC, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any case is posted
        return consumer;
    }

    private void watch(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Track track = record.key() == null ? null : open.get(record.key());
                    if (track == null || !track.event.eventId().toString().equals(header(record, "eventId"))) {
                        continue; // another run's or another client's case
                    }
                    if (record.value() != null) {
                        plannedSizes.add(record.value().length);
                    }
                    if (track.kafkaSeen == 0) {
                        track.kafkaSeen = now;
                        track.step.kafkaLatency.add((now - track.intended) / 1e6);
                    }
                    if (!track.confirming) {
                        track.confirming = true;
                        confirm(track, now, CONFIRM_FIRST_PAUSE_MICROS);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!closing) {
                System.err.println("bench: the case-planned watcher stopped: " + e);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * GET the case until its view reads planned for this event; that moment ends the case's latency. Re-reads carry
     * the previous answer's ETag: a view the projector has not touched since answers 304, without a body.
     */
    private void confirm(Track track, long firstTry, long pauseMicros) {
        if (closing) {
            return;
        }
        if (!confirmations.tryAcquire()) {
            // Every confirmation slot is busy: come back after this case's own pause, not in a 1 ms spin.
            retries.schedule(() -> confirm(track, firstTry, pauseMicros), pauseMicros, TimeUnit.MICROSECONDS);
            return;
        }
        track.step.viewReads.incrementAndGet();
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/cases/" + track.event.caseId()))
                .header("Authorization", tokens.get(track.event.hospitalId()))
                .timeout(Duration.ofSeconds(30))
                .GET();
        String etag = track.etag;
        if (etag != null) {
            get.header("If-None-Match", etag);
        }
        http.sendAsync(get.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            confirmations.release();
            int status = failure == null ? response.statusCode() : 0;
            if (status == 200) {
                response.headers().firstValue("ETag").ifPresent(tag -> track.etag = tag);
                if (isPlanned(response.body(), track.event.eventId())) {
                    planned(track, now);
                    return;
                }
            } else if (status == 304) {
                track.step.notModified.incrementAndGet();
            } else if (status == 429) {
                track.step.getThrottled.incrementAndGet();
                track.step.timeline.throttled(now);
            }
            if (now - firstTry > CONFIRM_GIVE_UP.toNanos()) {
                track.step.error(failure != null ? "GET " + failure.getClass().getSimpleName()
                        : "view not planned " + CONFIRM_GIVE_UP.toSeconds() + " s after case-planned (HTTP " + status + ")");
                open.remove(track.event.key());
            } else {
                long longest = Math.max(CONFIRM_LONGEST_PAUSE_MICROS, (now - firstTry) / 4_000);
                retries.schedule(() -> confirm(track, firstTry, Math.min(pauseMicros * 2, longest)),
                        pauseMicros, TimeUnit.MICROSECONDS);
            }
        });
    }

    /**
     * Whether a case view reads {@code stage: planned} for this event. Streams the top-level fields and stops once
     * both are read: the sections after them (most of the ~10 kB) are never decoded.
     */
    static boolean isPlanned(byte[] body, UUID eventId) {
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            String stage = null;
            String event = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME && (stage == null || event == null)) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("stage") || name.equals("eventId")) {
                    String text = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                    parser.skipChildren();
                    if (name.equals("stage")) {
                        stage = text;
                    } else {
                        event = text;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return "planned".equals(stage) && eventId.toString().equals(event);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void planned(Track track, long now) {
        if (open.remove(track.event.key()) == null) {
            return;
        }
        track.planned = now;
        StepState step = track.step;
        step.planned.incrementAndGet();
        step.timeline.planned(now);
        if (step.inWindow(now)) {
            step.plannedInWindow.incrementAndGet();
        }
        step.latency.add((now - track.intended) / 1e6);
    }

    /**
     * Offers {@code rate} cases per second for {@code seconds}, then waits (bounded by {@code drain}) for every
     * accepted case to read planned.
     */
    public StepResult step(String label, double rate, double seconds, Duration drain, Consumer<String> progress) {
        int count = (int) Math.round(rate * seconds);
        // Bodies are made before the window, so the generator spends its CPU on sending only.
        List<CaseEvent> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(events.next(sequence.getAndIncrement()));
        }
        StepState step = new StepState(seconds + drain.toSeconds() + 10);
        state = step;
        double load = ProcessStats.loadAverage1();
        long interval = (long) (1e9 / rate);
        resources.begin();
        long start = System.nanoTime();
        step.windowStart = start;
        step.timeline.start(start);
        long nextReport = start + 1_000_000_000L;
        for (int i = 0; i < count; i++) {
            long intended = start + i * interval;
            long wait;
            // Parked until the send time itself: one wake-up per send, no polling in between.
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send(cases.get(i), intended, step);
            long now = System.nanoTime();
            if (now >= nextReport) {
                progress.accept(String.format(java.util.Locale.ROOT, "  %s: %3.0f s  sent %d  accepted %d  planned %d  in flight %d  errors %d  429s %d",
                        label, (now - start) / 1e9, step.sent.get(), step.accepted.get(), step.planned.get(), step.inFlight.get(),
                        step.errors.values().stream().mapToLong(AtomicLong::get).sum(), step.postThrottled.get() + step.getThrottled.get()));
                nextReport += 1_000_000_000L;
            }
        }
        long end = start + count * interval;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        step.windowEnd = end;
        ResourceSampler.Window usage = resources.end();
        double window = (end - start) / 1e9;
        // Drain: every accepted case planned, or the deadline.
        long deadline = System.nanoTime() + drain.toNanos();
        while ((step.inFlight.get() > 0 || openOf(step) > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
        long unfinished = openOf(step);
        if (unfinished > 0) {
            step.errors.computeIfAbsent("not planned within the drain of " + drain.toSeconds() + " s", k -> new AtomicLong())
                    .addAndGet(unfinished);
            open.values().removeIf(t -> t.step == step);
        }
        Map<String, Long> errors = new LinkedHashMap<>();
        step.errors.forEach((k, v) -> errors.put(k, v.get()));
        return new StepResult(label, rate, window, step.sent.get(),
                step.acceptedInWindow.get() / window, step.plannedInWindow.get() / window, step.planned.get(),
                Percentiles.of(toArray(step.latency)), Percentiles.of(toArray(step.acceptLatency)),
                Percentiles.of(toArray(step.kafkaLatency)), errors, usage.cpuCores(), usage.peakRssMb(), load,
                step.viewReads.get(), step.notModified.get(), step.postThrottled.get(), step.getThrottled.get(),
                step.timeline.snapshot());
    }

    private long openOf(StepState step) {
        return open.values().stream().filter(t -> t.step == step).count();
    }

    private void send(CaseEvent event, long intended, StepState step) {
        if (step.inFlight.get() >= MAX_IN_FLIGHT) {
            step.error("shed by the generator (" + MAX_IN_FLIGHT + " POSTs unanswered)");
            return;
        }
        Track track = new Track(event, intended, step);
        open.put(event.key(), track);
        step.inFlight.incrementAndGet();
        step.sent.incrementAndGet();
        HttpRequest post = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/case-events"))
                .header("Authorization", tokens.get(event.hospitalId()))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                .build();
        http.sendAsync(post, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            step.inFlight.decrementAndGet();
            if (failure == null && response.statusCode() == 429) {
                // The gateway's per-hospital quota, not the pipeline: counted apart (and the step did not keep up).
                open.remove(event.key());
                step.postThrottled.incrementAndGet();
                step.timeline.throttled(now);
                return;
            }
            if (failure != null || response.statusCode() != 202) {
                open.remove(event.key());
                step.error(failure != null ? "POST " + failure.getClass().getSimpleName() : "POST HTTP " + response.statusCode());
                return;
            }
            track.accepted = now;
            step.accepted.incrementAndGet();
            step.timeline.accepted(now);
            if (step.inWindow(now)) {
                step.acceptedInWindow.incrementAndGet();
            }
            step.acceptLatency.add((now - intended) / 1e6);
        });
    }

    /** Median size in bytes of the case-planned values seen so far (the typical record of the suite). */
    public int medianPlannedRecordBytes() {
        List<Integer> sizes = new ArrayList<>(plannedSizes);
        if (sizes.isEmpty()) {
            return 0;
        }
        sizes.sort(null);
        return sizes.get((sizes.size() - 1) / 2);
    }

    public int plannedRecordsSeen() {
        return plannedSizes.size();
    }

    private static double[] toArray(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closing = true;
        retries.shutdownNow();
        try {
            watcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
