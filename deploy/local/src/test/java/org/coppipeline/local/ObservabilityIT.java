package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 6 on the real stack (broker, PostgreSQL, the four packaged services as run.sh starts them, prod profile):
 * one trace from the POST to case-planned, exactly one traceparent on every record, counters and Kafka client metrics
 * on /q/metrics, JSON log lines carrying the trace id and no export attempt; and the DLQ tool listing a real dead
 * letter and replaying one through the rest of the pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> PIPELINE = List.of("case-events", "case-scored", "case-assessed", "case-planned");

    private Path stateDir;
    private LocalStack stack;
    private String bootstrap;
    private final String traceId = UUID.randomUUID().toString().replace("-", "");
    private ObjectNode event;

    @BeforeAll
    void startEverythingAndPostOneCaseWithATraceparent() throws Exception {
        stateDir = TestSupport.stateDir("observability");
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.allOf(Service.class), null,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, TestSupport.START_TIMEOUT, false);
        // The gateway logs an accepted POST at DEBUG only (no line per POST in production): this test turns that
        // category on to see the request's trace id in the log line of its own request.
        stack = LocalStack.start(options, TestSupport.repo(), stateDir,
                Map.of("QUARKUS_LOG_CATEGORY__ORG_COPPIPELINE_GATEWAY_INTAKE__LEVEL", "DEBUG"));
        bootstrap = stack.broker().bootstrapServers();

        event = (ObjectNode) TestSupport.examples().values().iterator().next().get("event").deepCopy();
        event.put("eventId", UUID.randomUUID().toString()).put("caseId", "OBS-" + System.nanoTime() % 1_000_000);
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(gateway("/api/v1/case-events")))
                .header("Authorization", "Bearer " + token("case-publisher"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + "00f067aa0ba902b7" + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, posted.statusCode(), posted.body());
        String viewer = token("case-viewer");
        Awaitility.await("case planned; " + TestSupport.logsHint(stateDir)).atMost(FLOW_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> view = HTTP.send(HttpRequest.newBuilder(
                            URI.create(gateway("/api/v1/cases/" + event.get("caseId").asText())))
                            .header("Authorization", "Bearer " + viewer).GET().build(), HttpResponse.BodyHandlers.ofString());
                    return view.statusCode() == 200 && TestSupport.plannedWithEverySection(JSON.readTree(view.body()));
                });
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyRecordOfTheCaseCarriesExactlyOneTraceparentOfThePostsTrace() {
        String eventId = event.get("eventId").asText();
        List<String> spanIds = new ArrayList<>();
        for (String topic : PIPELINE) {
            ConsumerRecord<String, String> record = awaitRecord(topic, eventId);
            List<String> traceparents = Arrays.stream(record.headers().toArray())
                    .filter(h -> h.key().equals("traceparent"))
                    .map(h -> new String(h.value(), StandardCharsets.UTF_8)).toList();
            assertEquals(1, traceparents.size(), topic + ": one traceparent per record, got " + traceparents);
            String[] parts = traceparents.get(0).split("-");
            assertEquals(traceId, parts[1], topic + ": the POST's trace");
            spanIds.add(parts[2]);
        }
        assertEquals(PIPELINE.size(), spanIds.stream().distinct().count(), "each hop is its own span: " + spanIds);
        assertFalse(spanIds.contains("00f067aa0ba902b7"), "the caller's span is continued, not copied");
    }

    @Test
    void stageCountersAndKafkaClientMetricsAreOnEachMetricsEndpoint() {
        // Awaited, not read once: the projector counts a result only after its database write, which the case view
        // (what the start waited for) may show first.
        for (Service stage : Service.STAGES) {
            Awaitility.await(stage + " metrics; " + TestSupport.logsHint(stateDir)).atMost(FLOW_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        String metrics = get(stack.service(stage).orElseThrow().managementUrl("/q/metrics"));
                        assertTrue(sample(metrics, "cop_stage_records_total", "outcome=\"processed\"") >= 1, stage + " processed");
                        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag")),
                                stage + " exposes the consumer lag of its Kafka client");
                    });
        }
        Awaitility.await("gateway metrics; " + TestSupport.logsHint(stateDir)).atMost(FLOW_TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    String metrics = get(stack.service(Service.GATEWAY).orElseThrow().managementUrl("/q/metrics"));
                    assertTrue(sample(metrics, "gateway_projector_results_total", "stage=\"planned\"") >= 1, "gateway projector");
                    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kafka_producer_")), "gateway producer metrics");
                });
    }

    @Test
    void logLinesAreJsonWithTheTraceIdAndNothingTriesToExportSpans() throws IOException {
        List<String> gatewayLog = Files.readAllLines(stack.service(Service.GATEWAY).orElseThrow().logFile());
        String eventId = event.get("eventId").asText();
        JsonNode accepted = gatewayLog.stream().filter(l -> l.startsWith("{") && l.contains(eventId))
                .map(ObservabilityIT::json).filter(j -> j.path("message").asText().contains("accepted"))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON log line of the accepted event in " + gatewayLog));
        assertEquals(traceId, accepted.path("mdc").path("traceId").asText(), accepted.toString());
        // Line by line and field by field: a whole-file search for the port's digits also finds them in timestamps.
        ExportAttempts attempts = ExportAttempts.forEnvironment(System.getenv());
        for (Service service : Service.values()) {
            List<String> log = Files.readAllLines(stack.service(service).orElseThrow().logFile());
            assertEquals(List.of(), attempts.in(log), service + " tried to export spans");
        }
    }

    @Test
    void theDlqToolListsARealDeadLetterWithoutItsValueAndReplaysOneThroughThePipeline() throws Exception {
        String poison = "ZZPHI poison " + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = TestSupport.producer(bootstrap)) {
            producer.send(TestSupport.record("case-events", "hosp-a/POISON", poison, Map.of())).get();
        }
        ConsumerRecord<String, String> deadLetter = awaitRecord("case-events-dlq", r -> poison.equals(r.value()));
        String list = tool("list", "--topic", "case-events-dlq", "--bootstrap", bootstrap);
        // The line of this dead letter, found by its position at the start of the line (not anywhere in the listing).
        String line = list.lines()
                .filter(l -> l.startsWith("partition=" + deadLetter.partition() + " offset=" + deadLetter.offset() + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no line of partition " + deadLetter.partition()
                        + " offset " + deadLetter.offset() + " in:\n" + list));
        assertTrue(line.contains(" stage=symptom-service "), line);
        assertTrue(line.contains(" reason=value is not valid JSON"), line);
        assertFalse(list.contains("ZZPHI"), "list shows no value");
        ScriptResult wrong = dlqScript("replay", "--topic", "case-events-dlq", "--bootstrap", bootstrap);
        assertEquals(2, wrong.status(), "a replay without a position is refused: " + wrong.stderr());
        assertTrue(wrong.stderr().contains("--partition and --offset"), wrong.stderr());

        // A dead letter whose value is sound (a stage failed on it, and has been fixed since): replay sends it on.
        ObjectNode sound = event.deepCopy();
        sound.put("eventId", UUID.randomUUID().toString()).put("caseId", "REPLAY-" + System.nanoTime() % 1_000_000);
        String originalTraceparent = "00-" + UUID.randomUUID().toString().replace("-", "") + "-1111111111111111-01";
        RecordMetadata parked;
        try (KafkaProducer<String, String> producer = TestSupport.producer(bootstrap)) {
            parked = producer.send(TestSupport.record("case-scored-dlq", "hosp-a/" + sound.get("caseId").asText(),
                    JSON.writeValueAsString(scored(sound)), Map.of("eventId", sound.get("eventId").asText(),
                            "traceparent", originalTraceparent, "dead-letter-topic", "case-scored",
                            "dead-letter-stage", "exclusion-service",
                            "dead-letter-reason", "exclusion-service failed: java.lang.IllegalStateException"))).get();
        }
        String replayed = tool("replay", "--topic", "case-scored-dlq", "--partition", Integer.toString(parked.partition()),
                "--offset", Long.toString(parked.offset()), "--bootstrap", bootstrap);
        assertTrue(replayed.startsWith("replayed case-scored-dlq partition=" + parked.partition()), replayed);

        String soundId = sound.get("eventId").asText();
        ConsumerRecord<String, String> again = awaitRecord("case-scored", soundId);
        assertEquals("hosp-a/" + sound.get("caseId").asText(), again.key());
        assertTrue(Arrays.stream(again.headers().toArray()).noneMatch(h -> h.key().startsWith("dead-letter-")));
        ConsumerRecord<String, String> planned = awaitRecord("case-planned", soundId);
        assertEquals(originalTraceparent.split("-")[1], TestSupport.header(planned, "traceparent").split("-")[1],
                "the replayed record continues its original trace");
        assertTrue(JSON.readTree(planned.value()).has("treatmentPlan"));
    }

    /** The event as the symptom stage forwards it (a minimal symptomAssessment is all the next stages read of it). */
    private ObjectNode scored(ObjectNode base) {
        ObjectNode record = base.deepCopy();
        record.putObject("symptomAssessment").put("suspicionScore", 13).put("suspicion", "high")
                .put("knowledgeVersion", "cop-knowledge-v1");
        return record;
    }

    /** deploy/local/dlq.sh as an operator runs it; returns its stdout once it exited 0. */
    private String tool(String... args) throws Exception {
        ScriptResult result = dlqScript(args);
        assertEquals(0, result.status(), result.stderr());
        return result.stdout();
    }

    record ScriptResult(int status, String stdout, String stderr) {
    }

    private static ScriptResult dlqScript(String... args) throws Exception {
        RepoLayout repo = TestSupport.repo();
        List<String> command = new ArrayList<>(List.of("bash", repo.root().resolve("deploy/local/dlq.sh").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("dlq-out", ".txt");
        Path err = Files.createTempFile("dlq-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.root().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            Processes.stop(process.pid(), Duration.ofSeconds(30));
            throw new AssertionError("dlq.sh " + List.of(args) + " did not finish within 120 s");
        }
        return new ScriptResult(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, String eventId) {
        return awaitRecord(topic, r -> eventId.equals(TestSupport.header(r, "eventId")));
    }

    private ConsumerRecord<String, String> awaitRecord(String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = TestSupport.consumerFromStart(bootstrap, topic)) {
            Awaitility.await(topic + "; " + TestSupport.logsHint(stateDir)).atMost(FLOW_TIMEOUT).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static double sample(String metrics, String name, String label) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(ObservabilityIT::value).sum();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private String gateway(String path) {
        return stack.service(Service.GATEWAY).orElseThrow().url(path);
    }

    private String token(String role) {
        return DevToken.sign(DevKeys.load(stateDir).privateKey(),
                new DevToken.Request("hosp-a", List.of(role), null, Duration.ofMinutes(30)), Instant.now());
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sample's value: the number after the labels (OpenMetrics may follow it with an exemplar and its timestamp). */
    private static double value(String sample) {
        return Double.parseDouble(sample.substring(sample.indexOf("} ") + 2).split(" ")[0]);
    }
}
