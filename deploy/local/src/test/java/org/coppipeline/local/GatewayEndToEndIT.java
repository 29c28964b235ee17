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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * ARCHITECTURE 5.4: the whole stack as run.sh starts it (broker, embedded PostgreSQL, the four packaged
 * services, the dev key): every contract example is posted through the gateway with a dev token and
 * polled until planned, and the case view carries the contract's expected outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayEndToEndIT {
    private static final Duration PLANNED_TIMEOUT = Duration.ofSeconds(120);
    /** The walked cases all go through the whole pipeline at once: a bound for a hang, with a slow shared machine's room. */
    private static final Duration WALK_TIMEOUT = Duration.ofMinutes(6);
    private static final int WALKED_CASES = 240;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, JsonNode> examples = TestSupport.examples();
    private final Map<String, HttpResponse<String>> posted = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> views = new ConcurrentHashMap<>();
    private Path stateDir;
    private LocalStack stack;
    private String gateway;

    @BeforeAll
    void startEverythingAndPostEveryExample() throws Exception {
        stateDir = TestSupport.stateDir("gateway-e2e");
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.allOf(Service.class), null,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, TestSupport.START_TIMEOUT, false);
        stack = LocalStack.start(options, TestSupport.repo(), stateDir);
        gateway = stack.service(Service.GATEWAY).orElseThrow().url("");

        String publisher = token("hosp-a", "case-publisher");
        for (var example : examples.entrySet()) {
            JsonNode event = example.getValue().get("event");
            posted.put(example.getKey(), HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/case-events"))
                    .header("Authorization", "Bearer " + publisher)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event)))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }

        String viewer = token("hosp-a", "case-viewer");
        try {
            Awaitility.await("every example planned; " + TestSupport.logsHint(stateDir))
                    .atMost(PLANNED_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (var example : examples.entrySet()) {
                            if (!views.containsKey(example.getKey())) {
                                String caseId = example.getValue().get("event").get("caseId").asText();
                                HttpResponse<String> view = get("/api/v1/cases/" + caseId, viewer);
                                if (view.statusCode() == 200 && TestSupport.plannedWithEverySection(JSON.readTree(view.body()))) {
                                    views.put(example.getKey(), JSON.readTree(view.body()));
                                }
                            }
                        }
                        return views.size() == examples.size();
                    });
        } catch (ConditionTimeoutException e) {
            // Each test names the examples that were not planned.
        }
    }

    @AfterAll
    void stopEverything() {
        if (stack != null) {
            stack.close();
        }
    }

    Stream<String> exampleNames() {
        return examples.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleNames")
    void postedThroughTheGatewayAndPlannedAsTheContractExpects(String name) {
        HttpResponse<String> post = posted.get(name);
        assertEquals(202, post.statusCode(), "POST " + name + ": " + post.body());
        JsonNode view = views.get(name);
        assertNotNull(view, name + " not planned within " + PLANNED_TIMEOUT.toSeconds() + " s; " + TestSupport.logsHint(stateDir));
        JsonNode event = examples.get(name).get("event");
        assertAll(name, Stream.concat(
                Stream.of(
                        () -> assertEquals(event.get("caseId"), view.get("caseId")),
                        () -> assertEquals(event.get("hospitalId"), view.get("hospitalId")),
                        () -> assertEquals(event.get("eventId"), view.get("eventId"))),
                ContractExpectations.checks(ContractExpectations.v2().get(name), view).stream()));
    }

    /**
     * CONTRACT 1 and issue 14: health, metrics and the OpenAPI document answer on each packaged service's management
     * port only; on the API ports every /q path is 404, without a token as with one. Swagger UI is off in production
     * (the packaged prod profile) unless QUARKUS_SWAGGER_UI_ENABLED turns it on (run.sh --swagger-ui).
     */
    @Test
    void healthMetricsAndOpenApiAreOnTheManagementPortsOnly() throws Exception {
        String viewer = token("hosp-a", "case-viewer");
        for (Service service : Service.values()) {
            ServiceProcess process = stack.service(service).orElseThrow();
            for (String path : List.of("/q/health/ready", "/q/health/live", "/q/health/started", "/q/metrics")) {
                assertEquals(200, status(process.managementUrl(path), null), service.module() + " management " + path);
            }
            for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi",
                    "/q/swagger-ui/")) {
                assertEquals(404, status(process.url(path), null), service.module() + " API port " + path);
                assertEquals(404, status(process.url(path), viewer), service.module() + " API port " + path + " with a token");
            }
        }
        ServiceProcess gateway = stack.service(Service.GATEWAY).orElseThrow();
        assertEquals(200, status(gateway.managementUrl("/q/openapi"), null), "the gateway's OpenAPI document");
        assertEquals(404, status(gateway.managementUrl("/q/swagger-ui/"), null), "Swagger UI off in production");
    }

    private static int status(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void devTokensAreCheckedAndCasesStayWithinTheirHospital() throws Exception {
        String caseId = examples.values().iterator().next().get("event").get("caseId").asText();
        assertEquals(401, get("/api/v1/cases/" + caseId, null).statusCode(), "no token");
        assertEquals(403, get("/api/v1/cases/" + caseId, token("hosp-a", "case-publisher")).statusCode(), "publisher cannot read");
        assertEquals(404, get("/api/v1/cases/" + caseId, token("hosp-other", "case-viewer")).statusCode(),
                "another hospital does not see the case");
    }

    /**
     * CONTRACT 1: a dashboard polling the list with the cursor misses nothing and sees nothing twice. Cases of
     * their own hospital, posted concurrently through the real pipeline, walked in small pages once planned.
     */
    @Test
    void aCursorWalkOverPlannedCasesMissesNoneAndRepeatsNone() throws Exception {
        String hospital = "hosp-walk";
        String publisher = token(hospital, "case-publisher");
        String viewer = token(hospital, "case-viewer");
        List<JsonNode> templates = List.copyOf(examples.values());
        java.util.Set<String> caseIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService posters = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < WALKED_CASES; i++) {
                com.fasterxml.jackson.databind.node.ObjectNode event = templates.get(i % templates.size()).get("event").deepCopy();
                String caseId = String.format(java.util.Locale.ROOT, "WALK-%04d", i);
                event.put("eventId", java.util.UUID.randomUUID().toString()).put("caseId", caseId).put("hospitalId", hospital);
                caseIds.add(caseId);
                String body = JSON.writeValueAsString(event);
                answers.add(posters.submit(() -> HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/case-events"))
                        .header("Authorization", "Bearer " + publisher).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            for (var answer : answers) {
                assertEquals(202, answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            posters.shutdownNow();
        }

        Awaitility.await("all " + WALKED_CASES + " cases planned; " + TestSupport.logsHint(stateDir))
                .atMost(WALK_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> walk(viewer, "stage=planned&limit=500").size() == WALKED_CASES);

        List<JsonNode> seen = walk(viewer, "limit=17");
        List<String> seenIds = seen.stream().map(item -> item.get("caseId").asText()).toList();
        assertEquals(seenIds.size(), new java.util.HashSet<>(seenIds).size(), "a case was listed twice");
        assertEquals(caseIds, new java.util.HashSet<>(seenIds), "the walk missed cases or listed foreign ones");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(Instant.parse(seen.get(i - 1).get("updatedAt").asText())
                    .compareTo(Instant.parse(seen.get(i).get("updatedAt").asText())) <= 0, "oldest update first");
        }
    }

    /**
     * The projector reads its topics in batches from the real broker: records it cannot use, sent in one burst among
     * usable ones, each go to its own gateway dead-letter topic with the reason and the failing stage (and none of
     * their bytes in a header), while the rest of the burst is projected and later cases are planned as usual.
     */
    @Test
    void recordsTheProjectorCannotUseGoToItsDeadLetterTopicAndTheBatchGoesOn() throws Exception {
        String hospital = "hosp-pdlq";
        String caseId = "PDLQ-1";
        com.fasterxml.jackson.databind.node.ObjectNode event = examples.get("classic-cop-moderate").get("event").deepCopy();
        event.put("eventId", java.util.UUID.randomUUID().toString()).put("caseId", caseId).put("hospitalId", hospital);
        assertEquals(202, post(event, token(hospital, "case-publisher")));
        String viewer = token(hospital, "case-viewer");
        Awaitility.await("case planned; " + TestSupport.logsHint(stateDir)).atMost(PLANNED_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> TestSupport.plannedWithEverySection(JSON.readTree(get("/api/v1/cases/" + caseId, viewer).body())));

        String bootstrap = stack.broker().bootstrapServers();
        String planned = null;
        try (var consumer = TestSupport.consumerFromStart(bootstrap, "case-planned")) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (planned == null && System.nanoTime() < end) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (event.get("eventId").asText().equals(JSON.readTree(record.value()).path("eventId").asText())) {
                        planned = record.value();
                    }
                }
            }
        }
        assertNotNull(planned, "the case's case-planned record");
        String marker = "PHI-" + java.util.UUID.randomUUID();
        String poison = "{\"caseId\":\"" + caseId + "\",\"patient\":{\"name\":\"" + marker + "\"";
        String foreign = ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(planned)).put("hospitalId", "hosp-else").toString();
        String key = hospital + "/" + caseId;
        try (var producer = TestSupport.producer(bootstrap)) {
            // One key, one partition: the burst reaches the projector in order, most likely in one poll.
            for (String value : List.of(planned, poison, foreign, planned)) {
                producer.send(TestSupport.record("case-planned", key, value, Map.of("hospitalId", hospital)));
            }
            producer.flush();
        }

        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> dead = new java.util.ArrayList<>();
        try (var consumer = TestSupport.consumerFromStart(bootstrap, "case-planned-gateway-dlq")) {
            Awaitility.await("two dead letters; " + TestSupport.logsHint(stateDir)).atMost(PLANNED_TIMEOUT).pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
                        return dead.size() >= 2;
                    });
        }
        assertEquals(List.of(poison, foreign), dead.stream().map(r -> r.value()).toList());
        for (var letter : dead) {
            assertEquals("gateway-projector", TestSupport.header(letter, "dead-letter-stage"));
            assertNotNull(TestSupport.header(letter, "dead-letter-reason"));
            letter.headers().forEach(header -> assertTrue(header.value() == null
                    || !new String(header.value(), java.nio.charset.StandardCharsets.UTF_8).contains(marker), header.key()));
        }
        assertTrue(TestSupport.header(dead.get(1), "dead-letter-reason").contains("differ"), "mismatch named");

        // The channel goes on: a later case of the same partition is planned.
        com.fasterxml.jackson.databind.node.ObjectNode later = event.deepCopy();
        // An hour after the case's event rather than "now": the examples' date is fixed, so "now" can be older than it.
        later.put("eventId", java.util.UUID.randomUUID().toString())
                .put("occurredAt", Instant.parse(event.get("occurredAt").asText()).plus(Duration.ofHours(1)).toString());
        assertEquals(202, post(later, token(hospital, "case-publisher")));
        Awaitility.await("later event planned; " + TestSupport.logsHint(stateDir)).atMost(PLANNED_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode view = JSON.readTree(get("/api/v1/cases/" + caseId, viewer).body());
                    return TestSupport.plannedWithEverySection(view)
                            && later.get("eventId").asText().equals(view.path("eventId").asText());
                });
    }

    private int post(JsonNode event, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/case-events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Every item of every page of GET /api/v1/cases?query, following nextCursor while more follow (bounded). */
    private List<JsonNode> walk(String token, String query) throws IOException, InterruptedException {
        List<JsonNode> items = new java.util.ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            String url = "/api/v1/cases?" + query + (cursor == null ? ""
                    : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> answer = get(url, token);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode body = JSON.readTree(answer.body());
            body.get("items").forEach(items::add);
            // nextCursor stays set at the end (a poller resumes from it later); hasMore says whether to go on now.
            if (!body.get("hasMore").asBoolean()) {
                return items;
            }
            cursor = body.get("nextCursor").asText();
        }
        throw new AssertionError("the cursor walk did not end within 1000 pages");
    }

    private String token(String hospital, String... roles) {
        return DevToken.sign(DevKeys.load(stateDir).privateKey(),
                new DevToken.Request(hospital, List.of(roles), null, Duration.ofMinutes(30)), Instant.now());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
