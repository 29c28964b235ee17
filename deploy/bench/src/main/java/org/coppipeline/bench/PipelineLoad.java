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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
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
    /**
     * Every case of the running and the last steps by key, for the watcher to stamp its records: unlike {@link #open},
     * a case stays here once planned, since a stage's record can reach the watcher after the case-planned one.
     */
    private final Map<String, Track> stamped = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> plannedSizes = new ConcurrentLinkedQueue<>();
    private final Thread watcher;
    private final Thread hopWatcher;
    private static final String PLANNED_TOPIC = "case-planned";
    private volatile boolean closing;
    private volatile StepState state;
    private final AtomicLong sequence = new AtomicLong();
    private final java.util.concurrent.Semaphore confirmations = new java.util.concurrent.Semaphore(CONFIRM_MAX_IN_FLIGHT);
    /** GETs waiting for a confirmation slot, in the order they became due. */
    private final ConcurrentLinkedQueue<Runnable> waitingReads = new ConcurrentLinkedQueue<>();

    /** One posted case, from its intended send time to the view reading planned. */
    private static final class Track {
        final CaseEvent event;
        final long intended;
        final StepState step;
        volatile long sent;
        volatile long accepted;
        volatile long kafkaSeen;
        /** CreateTimes (epoch ms) of the case-events, case-scored, case-assessed and case-planned records; 0 = not seen. */
        final java.util.concurrent.atomic.AtomicLongArray createTimes = new java.util.concurrent.atomic.AtomicLongArray(4);
        volatile long planned;
        /** When the GET that read the view planned was handed to the HTTP client. */
        volatile long finalGetSent;
        /** The planned view's updatedAt (epoch µs): when the projector wrote it. */
        volatile long viewWrittenMicros;
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
        /** Planned cases, for the per-hop breakdown once the step has drained. */
        final ConcurrentLinkedQueue<Track> plannedTracks = new ConcurrentLinkedQueue<>();
        /** Wall-clock nanos minus System.nanoTime() at the step's start: puts the records' CreateTimes on the same axis. */
        long epochOffsetNanos;

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
        // case-planned says when to GET: fetched at once. The stage topics only give the breakdown its CreateTimes, read
        // at the step's end: fetched in batches (up to 256 kB or 500 ms), which keeps the generator's CPU per case low.
        KafkaConsumer<String, Void> planned = pipelineConsumer(stack.bootstrapServers(), List.of(PLANNED_TOPIC), 1, "bench-planned-watcher");
        KafkaConsumer<String, Void> stages = pipelineConsumer(stack.bootstrapServers(),
                HopBreakdown.TOPICS.stream().filter(t -> !t.equals(PLANNED_TOPIC)).toList(), 256 * 1024, "bench-hop-watcher");
        this.watcher = daemon(() -> watch(planned), "bench-planned-watcher");
        this.hopWatcher = daemon(() -> watch(stages), "bench-hop-watcher");
        watcher.start();
        hopWatcher.start();
    }

    /**
     * Reads the four pipeline topics: case-planned says when to GET, the others give each hop's CreateTime. Nothing is
     * decoded but the key and the eventId header.
     */
    private static KafkaConsumer<String, Void> pipelineConsumer(String bootstrapServers, List<String> topics, int fetchMinBytes,
            String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Its CRCs were checked by the broker on the way in; on loopback they cost the generator's CPU for nothing.
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(fetchMinBytes));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        // No group: partitions assigned by hand, positioned at the end; nothing committed.
        KafkaConsumer<String, Void> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new SkipValues());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any case is posted
        return consumer;
    }

    /** The values are never read (the size of case-planned's is the record's serializedValueSize): not even copied. */
    static final class SkipValues implements Deserializer<Void> {
        @Override
        public Void deserialize(String topic, byte[] data) {
            return null;
        }

        @Override
        public Void deserialize(String topic, Headers headers, java.nio.ByteBuffer data) {
            return null;
        }
    }

    private void watch(KafkaConsumer<String, Void> consumer) {
        try (consumer) {
            while (!closing) {
                for (ConsumerRecord<String, Void> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    HopBreakdown.Stamp stamp = HopBreakdown.Stamp.of(record).orElse(null);
                    Track track = stamp == null ? null : stamped.get(stamp.key());
                    if (track == null || !track.event.eventId().toString().equals(stamp.eventId())) {
                        continue; // another run's or another client's case
                    }
                    // The first record of each hop counts (a redelivery after a rebalance is not the hop's time).
                    track.createTimes.compareAndSet(stamp.point().ordinal() - HopBreakdown.Point.CASE_EVENTS.ordinal(), 0,
                            stamp.createTimeMs());
                    if (stamp.point() != HopBreakdown.Point.CASE_PLANNED || open.get(stamp.key()) != track) {
                        continue;
                    }
                    if (record.serializedValueSize() >= 0) {
                        plannedSizes.add(record.serializedValueSize());
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
                System.err.println("bench: the " + Thread.currentThread().getName() + " stopped: " + e);
            }
        }
    }

    /**
     * GET the case until its view reads planned for this event; that moment ends the case's latency. Re-reads carry
     * the previous answer's ETag: a view the projector has not touched since answers 304, without a body.
     */
    private void confirm(Track track, long firstTry, long pauseMicros) {
        if (closing) {
            return;
        }
        waitingReads.add(() -> read(track, firstTry, pauseMicros));
        dispatchReads();
    }

    /**
     * Sends waiting GETs, first come first served, while a confirmation slot is free. Called after each enqueue and
     * after each answer, so a GET waits for the next free slot and nothing polls for one. (Before, a GET that found
     * every slot busy came back after its own pause, 1 ms for a first read: once the slots filled (a slow gateway, a
     * busy machine), hundreds of cases polled every millisecond and the unlucky ones waited seconds in no order.)
     */
    private void dispatchReads() {
        while (!waitingReads.isEmpty() && confirmations.tryAcquire()) {
            Runnable next = waitingReads.poll();
            if (next == null) {
                confirmations.release();
            } else {
                next.run();
            }
        }
    }

    /** One GET of a case view; holds a confirmation slot until its answer. */
    private void read(Track track, long firstTry, long pauseMicros) {
        if (closing) {
            confirmations.release();
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
        long getSent = System.nanoTime();
        http.sendAsync(get.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            confirmations.release();
            dispatchReads();
            int status = failure == null ? response.statusCode() : 0;
            if (status == 200) {
                response.headers().firstValue("ETag").ifPresent(tag -> track.etag = tag);
                ViewState view = readView(response.body(), track.event.eventId());
                if (view.planned()) {
                    track.viewWrittenMicros = view.updatedAtMicros();
                    track.finalGetSent = getSent;
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
        return readView(body, eventId).planned();
    }

    /**
     * What the benchmark reads of a case view: planned for this event, and its {@code updatedAt} (the projector's
     * {@code clock_timestamp()} when it wrote the row, epoch microseconds; 0 when absent or not an instant).
     */
    record ViewState(boolean planned, long updatedAtMicros) {
        static final ViewState NOT_PLANNED = new ViewState(false, 0);
    }

    /** As {@link #isPlanned}, with the view's updatedAt (it comes before the sections, so they are still not decoded). */
    static ViewState readView(byte[] body, UUID eventId) {
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return ViewState.NOT_PLANNED;
            }
            String stage = null;
            String event = null;
            String updated = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME && (stage == null || event == null || updated == null)) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("stage") || name.equals("eventId") || name.equals("updatedAt")) {
                    String text = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                    parser.skipChildren();
                    switch (name) {
                        case "stage" -> stage = text;
                        case "eventId" -> event = text;
                        default -> updated = text;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!"planned".equals(stage) || !eventId.toString().equals(event)) {
                return ViewState.NOT_PLANNED;
            }
            return new ViewState(true, epochMicros(updated));
        } catch (java.io.IOException e) {
            return ViewState.NOT_PLANNED;
        }
    }

    private static long epochMicros(String instant) {
        if (instant == null || instant.isEmpty()) {
            return 0;
        }
        try {
            Instant at = Instant.parse(instant);
            return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
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
        step.plannedTracks.add(track);
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
        step.epochOffsetNanos = epochOffsetNanos();
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
        HopBreakdown hops = breakdown(step);
        return new StepResult(label, rate, window, step.sent.get(),
                step.acceptedInWindow.get() / window, step.plannedInWindow.get() / window, step.planned.get(),
                Percentiles.of(toArray(step.latency)), Percentiles.of(toArray(step.acceptLatency)),
                Percentiles.of(toArray(step.kafkaLatency)), errors, usage.cpuCores(), usage.peakRssMb(), load,
                step.viewReads.get(), step.notModified.get(), step.postThrottled.get(), step.getThrottled.get(),
                step.timeline.snapshot(), hops);
    }

    /**
     * The per-hop breakdown of the step's planned cases. Their stage records were written before their case-planned
     * record, but may reach the watcher in a later poll: it waits (bounded) for the last ones, then forgets the step.
     */
    private HopBreakdown breakdown(StepState step) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (step.plannedTracks.stream().anyMatch(t -> !allStamped(t)) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        List<HopBreakdown.CaseTimes> times = new ArrayList<>();
        double[] sendSeconds = new double[step.plannedTracks.size()];
        for (Track t : step.plannedTracks) {
            if (times.size() == sendSeconds.length) {
                break; // planned after the count was taken (cannot happen once drained; a bound, not a case)
            }
            sendSeconds[times.size()] = (t.intended - step.windowStart) / 1e9;
            long[] created = new long[4];
            for (int i = 0; i < 4; i++) {
                created[i] = t.createTimes.get(i);
            }
            times.add(HopBreakdown.CaseTimes.of(step.epochOffsetNanos, t.intended, t.sent, created, t.kafkaSeen, t.planned, t.accepted,
                    t.viewWrittenMicros, t.finalGetSent));
        }
        stamped.values().removeIf(t -> t.step == step);
        return HopBreakdown.of(times, sendSeconds);
    }

    private static boolean allStamped(Track t) {
        for (int i = 0; i < 4; i++) {
            if (t.createTimes.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Wall-clock nanos minus System.nanoTime(), from the tightest of a few paired reads. */
    static long epochOffsetNanos() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 5; i++) {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            if (after - before < best) {
                best = after - before;
                offset = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - (before + after) / 2;
            }
        }
        return offset;
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
        stamped.put(event.key(), track);
        step.inFlight.incrementAndGet();
        step.sent.incrementAndGet();
        HttpRequest post = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/case-events"))
                .header("Authorization", tokens.get(event.hospitalId()))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                .build();
        track.sent = System.nanoTime();
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
            hopWatcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
