package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.coppipeline.local.GatewayFuzzer.Request;
import org.coppipeline.local.GatewayFuzzer.Stream;

/**
 * ARCHITECTURE 5.7, issue 14: the fuzzing tier against the real packaged gateway (with the three stages behind it, a
 * real broker and PostgreSQL, every service logging org.coppipeline at DEBUG). Mutated case-event bodies (from the
 * contract examples: type swaps, deletions, huge numbers, deep nesting, long strings, unicode, duplicate keys, raw
 * tokens, truncation, flipped bytes, wrong roots), mutated query strings and paths, mutated headers. No answer may be a
 * 5xx, every well-formed request is answered, and no line of any log of the stack may hold a PHI marker the fuzzer put
 * into a clinical section.
 *
 * <p>Default run ({@code ./mvnw -B verify}): 5,000 bodies and 500 each of queries and headers. {@code -Pfuzz}: 100,000
 * bodies and 10,000 of each. Knobs: {@code -Dfuzz.seed=N} (printed; the same seed makes the same requests),
 * {@code -Dfuzz.bodies=N}, {@code -Dfuzz.only=BODY:17,QUERY:3} (replay single requests of a seed). A 429 (per-hospital
 * quota) is an allowed answer; the requests rotate over eight hospitals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayFuzzIT {
    static final long SEED = Long.getLong("fuzz.seed", 1405L);
    static final int BODIES = Integer.getInteger("fuzz.bodies", 5_000);
    static final int QUERIES = Integer.getInteger("fuzz.queries", Math.max(500, BODIES / 10));
    static final int HEADERS = Integer.getInteger("fuzz.headers", Math.max(500, BODIES / 10));
    /** A bound for a hang, not a performance goal: room for a 2-core machine shared with other builds. */
    static final Duration RUN_BOUND = Duration.ofMinutes(Long.getLong("fuzz.max-minutes", BODIES > 20_000 ? 90 : 20));
    static final Duration DRAIN_BOUND = Duration.ofMinutes(10);
    static final Duration ANSWER_BOUND = Duration.ofSeconds(60);
    static final int THREADS = 4;
    static final List<String> HOSPITALS = List.of("fz-h0", "fz-h1", "fz-h2", "fz-h3", "fz-h4", "fz-h5", "fz-h6", "fz-h7");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Path stateDir;
    private LocalStack stack;
    private final Map<String, String[]> tokens = new ConcurrentHashMap<>();

    @BeforeAll
    void startTheStackWithDebugLogs() {
        stateDir = TestSupport.stateDir("fuzz");
        // Swagger UI on, as QUARKUS_SWAGGER_UI_ENABLED=true (run.sh --swagger-ui) turns it on in production.
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, java.util.EnumSet.allOf(Service.class),
                null, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, TestSupport.START_TIMEOUT, false, 0, true);
        stack = LocalStack.start(options, TestSupport.repo(), stateDir,
                Map.of("QUARKUS_LOG_CATEGORY__ORG_COPPIPELINE__LEVEL", "DEBUG"));
    }

    @AfterAll
    void stopEverything() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void fuzzedRequestsGetNo5xxAndLeaveNoPhiInAnyLogLine() throws Exception {
        ServiceProcess gateway = stack.service(Service.GATEWAY).orElseThrow();
        assertEquals(200, status(gateway.managementUrl("/q/swagger-ui/")), "Swagger UI, enabled by configuration");
        GatewayFuzzer fuzzer = new GatewayFuzzer(SEED, TestSupport.examples().values().stream().map(e -> e.get("event")).toList(),
                HOSPITALS);
        Map<Stream, Integer> counts = Map.of(Stream.BODY, BODIES, Stream.QUERY, QUERIES, Stream.HEADER, HEADERS);
        Map<Stream, List<Long>> only = only(System.getProperty("fuzz.only", ""));
        System.out.printf(Locale.ROOT, "fuzz: seed %d (reproduce with -Dfuzz.seed=%d), %d bodies, %d queries, %d headers, "
                + "%d threads, bound %d min; logs in %s%n", SEED, SEED, BODIES, QUERIES, HEADERS, THREADS, RUN_BOUND.toMinutes(),
                stateDir.resolve("logs"));

        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        LongAdder malformedUnanswered = new LongAdder();
        LongAdder withMarker = new LongAdder();
        AtomicReference<String> acceptedEventId = new AtomicReference<>();
        AtomicLong done = new AtomicLong();
        long t0 = System.nanoTime();
        long deadline = t0 + RUN_BOUND.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (Stream stream : Stream.values()) {
                        List<Long> indexes = only.isEmpty() ? null : only.getOrDefault(stream, List.of());
                        long n = indexes == null ? counts.get(stream) : indexes.size();
                        for (long k = thread; k < n && System.nanoTime() < deadline; k += THREADS) {
                            long index = indexes == null ? k : indexes.get((int) k);
                            Request request = switch (stream) {
                                case BODY -> fuzzer.body(index, this::token);
                                case QUERY -> fuzzer.query(index, this::token);
                                case HEADER -> fuzzer.header(index, this::token);
                            };
                            if (request.carriesMarker()) {
                                withMarker.increment();
                            }
                            int status = send(gateway, request, acceptedEventId);
                            answers.computeIfAbsent(stream + " " + (status == RawHttp.NO_ANSWER ? "none" : status),
                                    s -> new LongAdder()).increment();
                            if (status >= 500) {
                                failures.add(status + " to " + request.describe());
                            } else if (status == RawHttp.NO_ANSWER && request.wellFormedHttp()) {
                                failures.add("no answer to " + request.describe());
                            } else if (status == RawHttp.NO_ANSWER) {
                                malformedUnanswered.increment();
                            }
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long expected = only.isEmpty() ? (long) BODIES + QUERIES + HEADERS : only.values().stream().mapToLong(List::size).sum();

        // Everything accepted has been through every stage and the projector before the logs are read.
        awaitNoLag();
        Map<String, Long> deadLetters = deadLetters();
        LogScan scan = scanLogs(stateDir.resolve("logs"));
        Map<String, Long> table = new TreeMap<>();
        answers.forEach((k, v) -> table.put(k, v.sum()));
        System.out.printf(Locale.ROOT, "fuzz: seed %d: %d requests in %.0f s (%.0f/s); answers %s; 5xx or unanswered "
                + "well-formed: %d; malformed HTTP closed without an answer: %d; requests carrying PHI markers: %d; log lines "
                + "with a PHI marker: %d of %d lines in %d files; accepted records dead-lettered by a stage or the projector: %s%n",
                SEED, done.get(), seconds, done.get() / seconds, table, failures.size(), malformedUnanswered.sum(), withMarker.sum(),
                scan.markerLines().size(), scan.lines(), scan.files(), deadLetters);

        String reproduce = " (reproduce: -Dfuzz.seed=" + SEED + " -Dfuzz.only=<STREAM>:<index>)";
        assertAll("fuzz seed " + SEED,
                () -> assertEquals(expected, done.get(), "every request was sent within " + RUN_BOUND.toMinutes() + " min"),
                () -> assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())),
                        failures.size() + " answers 5xx or missing" + reproduce),
                () -> assertEquals(List.of(), scan.markerLines().subList(0, Math.min(20, scan.markerLines().size())),
                        scan.markerLines().size() + " log lines hold a PHI marker" + reproduce),
                () -> assertTrue(only.isEmpty() || done.get() > 0, "nothing replayed"),
                () -> assertTrue(!only.isEmpty() || table.getOrDefault("BODY 202", 0L) > 0, "some bodies were accepted: " + table),
                () -> assertTrue(!only.isEmpty() || table.getOrDefault("BODY 400", 0L) > BODIES / 2, "most bodies were refused: " + table),
                () -> {
                    // The scan reads what the services really log: the accepted event's id is in the gateway's log.
                    assertNotNull(acceptedEventId.get(), "no accepted event to look for");
                    assertTrue(Files.readString(gateway.logFile()).contains(acceptedEventId.get()),
                            "event " + acceptedEventId.get() + " not found in " + gateway.logFile());
                },
                () -> {
                    for (Service service : Service.values()) {
                        ServiceProcess process = stack.service(service).orElseThrow();
                        assertTrue(process.isAlive(), service.module() + " survived");
                        assertEquals(200, status(process.managementUrl("/q/health/ready")), service.module() + " still ready");
                    }
                });
    }

    /** One request: bodies over a pooled HTTP/1.1 client (what a platform sends), the rest as raw bytes on a socket. */
    private int send(ServiceProcess gateway, Request request, AtomicReference<String> acceptedEventId) {
        try {
            if (request.stream() == Stream.BODY) {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.url(request.target())))
                        .timeout(ANSWER_BOUND).method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
                request.headers().forEach(h -> builder.header(h[0], h[1]));
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202 && acceptedEventId.get() == null) {
                    acceptedEventId.compareAndSet(null, JSON.readTree(response.body()).path("eventId").asText(null));
                }
                return response.statusCode();
            }
            return RawHttp.exchange(Ports.LOOPBACK, gateway.port(), request.method(), request.target(), request.headers(),
                    request.body(), ANSWER_BOUND);
        } catch (IOException e) {
            return RawHttp.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RawHttp.NO_ANSWER;
        }
    }

    /** A dev token per hospital (both roles), signed anew when less than ten minutes of it are left. */
    private String token(String hospital) {
        return tokens.compute(hospital, (h, cached) -> cached != null && Instant.now().isBefore(Instant.parse(cached[1])) ? cached
                : new String[] { DevToken.sign(DevKeys.load(stateDir).privateKey(),
                        new DevToken.Request(h, List.of("case-publisher", "case-viewer"), "fuzz-" + h, Duration.ofHours(1)),
                        Instant.now()), Instant.now().plus(Duration.ofMinutes(50)).toString() })[0];
    }

    /** -Dfuzz.only=BODY:17,QUERY:3 */
    static Map<Stream, List<Long>> only(String spec) {
        Map<Stream, List<Long>> only = new HashMap<>();
        for (String item : spec.split(",")) {
            if (!item.isBlank()) {
                String[] parts = item.trim().split(":");
                only.computeIfAbsent(Stream.valueOf(parts[0].toUpperCase(Locale.ROOT)), s -> new ArrayList<>()).add(Long.parseLong(parts[1]));
            }
        }
        return only;
    }

    /** Until every consumer group of the pipeline has committed up to the end of each partition it reads. */
    private void awaitNoLag() {
        Map<String, List<String>> groups = Map.of("symptom-service", List.of(Topics.CASE_EVENTS),
                "exclusion-service", List.of(Topics.CASE_SCORED), "treatment-service", List.of(Topics.CASE_ASSESSED),
                "gateway-projector", List.of(Topics.CASE_SCORED, Topics.CASE_ASSESSED, Topics.CASE_PLANNED));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            AtomicReference<Map<String, Long>> lag = new AtomicReference<>();
            Awaitility.await("the pipeline drained (lag per group: " + lag + "); " + TestSupport.logsHint(stateDir))
                    .atMost(DRAIN_BOUND).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        Map<String, Long> now = new TreeMap<>();
                        for (var group : groups.entrySet()) {
                            now.put(group.getKey(), lag(admin, group.getKey(), group.getValue()));
                        }
                        lag.set(now);
                        return now.values().stream().allMatch(l -> l == 0);
                    });
        }
    }

    /**
     * Records on each dead-letter topic: an accepted event a stage cannot bind. Reported, not failed here: the gateway
     * accepts what the contract's schema allows, and a stage's refusal goes to its DLQ with the reason, as it must.
     */
    private Map<String, Long> deadLetters() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            List<String> topics = Topics.ALL.stream().filter(t -> t.endsWith("-dlq")).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var description : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> counts = new TreeMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, end) -> counts.merge(partition.topic(), end.offset(), Long::sum));
            counts.values().removeIf(n -> n == 0);
            return counts;
        }
    }

    private static long lag(Admin admin, String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    record LogScan(int files, long lines, List<String> markerLines) {
    }

    /** Every line of every log file of the stack (services, broker, PostgreSQL, launcher) holding the marker. */
    static LogScan scanLogs(Path logs) throws IOException {
        List<String> hits = new ArrayList<>();
        long lines = 0;
        int files = 0;
        try (var paths = Files.list(logs)) {
            for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
                files++;
                long number = 0;
                try (var reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        number++;
                        if (line.contains(GatewayFuzzer.MARKER)) {
                            int at = line.indexOf(GatewayFuzzer.MARKER);
                            hits.add(file.getFileName() + ":" + number + ": ..."
                                    + line.substring(Math.max(0, at - 300), Math.min(line.length(), at + 100)));
                        }
                    }
                }
                lines += number;
            }
        }
        return new LogScan(files, lines, hits);
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
