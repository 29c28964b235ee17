package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 14's lifecycle follow-ups on the packaged services with a real broker: a stage replica that holds no partition
 * is not ready (SmallRye's readiness asks for the consumer's assignment once health-topic-verification-enabled is set;
 * by default it only counts open connections), and a gateway stopped with SIGTERM answers the POST it is running
 * (quarkus.shutdown.timeout) instead of dropping the connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleIT {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The test's own one-partition input, so that one of two replicas of the same group must idle. */
    private static final String IN = "lifecycle-in";
    /** Longer than the JDBC connect timeout and the pool's acquisition timeout (5 s each) together. */
    private static final Duration FROZEN_DATABASE = Duration.ofSeconds(12);

    private Path stateDir;
    private LocalStack stack;
    private final List<ServiceProcess> replicas = new ArrayList<>();

    @BeforeAll
    void startBrokerDatabaseAndGateway() {
        stateDir = TestSupport.stateDir("lifecycle");
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.of(Service.GATEWAY), null,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, TestSupport.START_TIMEOUT, false);
        stack = LocalStack.start(options, TestSupport.repo(), stateDir);
    }

    @AfterAll
    void stopEverything() {
        replicas.forEach(ServiceProcess::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aStageReplicaWithoutAPartitionIsNotReadyUntilItGetsOne() throws Exception {
        String bootstrap = stack.broker().bootstrapServers();
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(IN, 1, (short) 1), new NewTopic("lifecycle-out", 1, (short) 1),
                    new NewTopic("lifecycle-dlq", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "TOPICS_IN", IN, "TOPICS_OUT", "lifecycle-out",
                "TOPICS_DLQ", "lifecycle-dlq");
        ServiceProcess first = replica(env, "replica-1").start().awaitReady(TestSupport.START_TIMEOUT);
        ServiceProcess second = replica(env, "replica-2").start();
        String group = Service.SYMPTOM.module();
        AtomicReference<List<Integer>> partitions = new AtomicReference<>();
        Awaitility.await("two members share " + IN + "'s one partition; " + TestSupport.logsHint(stateDir))
                .atMost(TestSupport.START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> status(second.managementUrl("/q/health/live")) == 200 && settled(bootstrap, group, partitions));
        assertEquals(List.of(0, 1), partitions.get(), "partitions per member");

        // Read a few times: each answer is the state of a settled group, not a moment of a rebalance.
        for (int i = 0; i < 3; i++) {
            List<Integer> both = new ArrayList<>(List.of(status(first.managementUrl("/q/health/ready")),
                    status(second.managementUrl("/q/health/ready"))));
            both.sort(null);
            assertEquals(List.of(200, 503), both, "exactly one of the two replicas is ready (reading " + (i + 1) + ")");
        }
        ServiceProcess idle = status(first.managementUrl("/q/health/ready")) == 503 ? first : second;
        ServiceProcess working = idle == first ? second : first;
        HttpResponse<String> down = get(idle.managementUrl("/q/health/ready"));
        assertEquals(503, down.statusCode());
        assertTrue(down.body().contains("No partition assignments for channel case-events"), "the reason is given: " + down.body());
        assertEquals(200, status(idle.managementUrl("/q/health/live")), "an idle replica is alive: no restart, only no traffic");

        working.close(); // SIGTERM: it leaves the group, its partition moves to the idle one
        Awaitility.await("the idle replica takes the partition and turns ready; " + TestSupport.logsHint(stateDir))
                .atMost(BOUND).pollInterval(Duration.ofMillis(500))
                .until(() -> status(idle.managementUrl("/q/health/ready")) == 200);
    }

    /**
     * The broker is frozen (SIGSTOP) so that a POST waits in the gateway for Kafka's acknowledgement; the gateway gets
     * SIGTERM while that request runs; the broker comes back. The request is answered 202 (the event is in Kafka) and
     * only then does the gateway stop. Without quarkus.shutdown.timeout the connection was closed unanswered.
     */
    @Test
    @Order(2)
    void aGatewayStoppedWithSigtermFinishesThePostItIsRunning() throws Exception {
        ServiceProcess gateway = stack.service(Service.GATEWAY).orElseThrow();
        String token = DevToken.sign(DevKeys.load(stateDir).privateKey(),
                new DevToken.Request("hosp-life", List.of("case-publisher"), null, Duration.ofMinutes(30)), Instant.now());
        assertEquals(202, post(gateway, token, event("LIFE-1")).join().statusCode(), "the producer is connected");

        ObjectNode inFlight = event("LIFE-2");
        CompletableFuture<HttpResponse<String>> answer;
        stack.broker().suspend();
        try {
            answer = post(gateway, token, inFlight);
            Awaitility.await("the POST is running in the gateway").atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> activeApiRequests(gateway) >= 1);
            Processes.signal(gateway.pid(), "TERM");
            Awaitility.await("the gateway is shutting down").atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(gateway.managementUrl("/q/health/ready")) != 200);
            assertTrue(gateway.isAlive(), "the gateway waits for its running request; see " + gateway.logFile());
        } finally {
            stack.broker().resume();
        }

        HttpResponse<String> response = answer.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertEquals(202, response.statusCode(), response.body());
        assertEquals(inFlight.get("eventId").asText(), JSON.readTree(response.body()).path("eventId").asText());
        Awaitility.await("the gateway stops once the request is answered; " + gateway.logFile()).atMost(BOUND)
                .pollInterval(Duration.ofMillis(200)).until(() -> !gateway.isAlive());
        assertTrue(Processes.tail(gateway.logFile(), 200).contains("All HTTP requests complete"),
                "Quarkus' graceful shutdown waited for the request; see " + gateway.logFile());
        try (var consumer = TestSupport.consumerFromStart(stack.broker().bootstrapServers(), Topics.CASE_EVENTS)) {
            List<String> eventIds = new ArrayList<>();
            Awaitility.await("the answered event is in case-events").atMost(BOUND).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> eventIds.add(TestSupport.header(r, "eventId")));
                return eventIds.contains(inFlight.get("eventId").asText());
            });
        }
    }

    /**
     * A gateway (re)started while its database does not answer (here: PostgreSQL frozen with SIGSTOP, as under a
     * database restart or failover, or a pod started before the database) waits for it and starts once it answers:
     * Flyway retries the connection (quarkus.flyway.connect-retries). Without the retries its first connection attempt
     * failed the start after the pool's 5 s acquisition timeout and the process exited.
     */
    @Test
    @Order(3)
    void aGatewayStartedWhileItsDatabaseDoesNotAnswerWaitsForIt() throws Exception {
        ServiceProcess gateway = stack.service(Service.GATEWAY).orElseThrow();
        assertFalse(gateway.isAlive(), "stopped by the test before");
        long postmaster = stack.database().orElseThrow().pid().orElseThrow();
        Processes.signal(postmaster, "STOP");
        try {
            gateway.start();
            Thread.sleep(FROZEN_DATABASE.toMillis());
            assertTrue(gateway.isAlive(), "the gateway waits for its database instead of exiting; see " + gateway.logFile());
            assertNotEquals(200, status(gateway.managementUrl("/q/health/ready")), "not ready without its database");
        } finally {
            Processes.signal(postmaster, "CONT");
        }
        gateway.awaitReady(TestSupport.START_TIMEOUT);
        String token = DevToken.sign(DevKeys.load(stateDir).privateKey(),
                new DevToken.Request("hosp-life", List.of("case-publisher"), null, Duration.ofMinutes(30)), Instant.now());
        assertEquals(202, post(gateway, token, event("LIFE-3")).join().statusCode(), "it serves once started");
    }

    private ServiceProcess replica(Map<String, String> env, String name) {
        ServiceProcess replica = new ServiceProcess(Service.SYMPTOM, TestSupport.repo().quarkusRunJar(Service.SYMPTOM.module()),
                0, 0, env, stateDir.resolve(name));
        replicas.add(replica);
        return replica;
    }

    /** The group is stable (no rebalance under way) with two members; their partition counts, sorted. */
    private static boolean settled(String bootstrap, String group, AtomicReference<List<Integer>> partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(15, TimeUnit.SECONDS);
            partitions.set(description.members().stream().map(m -> m.assignment().topicPartitions().size()).sorted().toList());
            return "STABLE".equals(description.groupState().name()) && description.members().size() == 2;
        }
    }

    private ObjectNode event(String caseId) {
        ObjectNode event = TestSupport.examples().get("classic-cop-moderate").get("event").deepCopy();
        return event.put("eventId", UUID.randomUUID().toString()).put("caseId", caseId).put("hospitalId", "hosp-life");
    }

    private static CompletableFuture<HttpResponse<String>> post(ServiceProcess gateway, String token, ObjectNode event) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/api/v1/case-events")))
                .timeout(BOUND)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Requests running on the gateway's API port, from its own metrics (management port). */
    private static double activeApiRequests(ServiceProcess gateway) throws IOException, InterruptedException {
        String prefix = "http_server_active_requests{server_port=\"" + gateway.port() + "\"";
        return get(gateway.managementUrl("/q/metrics")).body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** HTTP status, 0 when nothing answers. */
    private static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
