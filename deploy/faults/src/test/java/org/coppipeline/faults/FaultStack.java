package org.coppipeline.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

import org.coppipeline.local.DevKeys;
import org.coppipeline.local.DevToken;
import org.coppipeline.local.EmbeddedDatabase;
import org.coppipeline.local.KafkaBroker;
import org.coppipeline.local.LocalStack;
import org.coppipeline.local.RepoLayout;
import org.coppipeline.local.Service;
import org.coppipeline.local.ServiceProcess;
import org.coppipeline.local.StackOptions;

/**
 * The stack every scenario runs against: broker, embedded PostgreSQL and the four packaged services, started once
 * per test JVM (Failsafe runs every scenario class in one fork) on free loopback ports. Scenarios tell their data
 * apart by case-id prefix, so they can share it; each leaves it healthy again ({@link #ensureHealthy()}).
 * The stack stops itself at JVM exit (LocalStack's shutdown hook).
 */
final class FaultStack {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static FaultStack shared;

    private final Path stateDir;
    private final LocalStack stack;
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(6);
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final TopicObserver observer;

    private FaultStack(Path stateDir, LocalStack stack) {
        this.stateDir = stateDir;
        this.stack = stack;
        this.observer = TopicObserver.start(stack.broker().bootstrapServers());
    }

    static synchronized FaultStack get() {
        if (shared == null) {
            Path root = Path.of(System.getProperty("cop.test.state.root", "target/it-state"));
            Path dir = root.resolve("faults-" + System.currentTimeMillis()).toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, dir, EnumSet.allOf(Service.class), null,
                    EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, READY_TIMEOUT, false);
            long t0 = System.nanoTime();
            LocalStack stack = LocalStack.start(options, RepoLayout.locate(), dir);
            System.out.printf("faults: stack ready in %.1f s, state and logs in %s%n", (System.nanoTime() - t0) / 1e9, dir);
            shared = new FaultStack(dir, stack);
        }
        return shared;
    }

    KafkaBroker broker() {
        return stack.broker();
    }

    String bootstrap() {
        return stack.broker().bootstrapServers();
    }

    ServiceProcess service(Service service) {
        return stack.service(service).orElseThrow();
    }

    String gatewayUrl(String path) {
        return service(Service.GATEWAY).url(path);
    }

    TopicObserver observer() {
        return observer;
    }

    Path stateDir() {
        return stateDir;
    }

    String logsHint() {
        return "logs in " + stateDir.resolve("logs");
    }

    /**
     * A dev token of the stack's key, cached per hospital (both roles), signed anew once less than an hour of it is
     * left: the scenarios of one JVM share the stack, and a long run (more cases, a slow machine) outlasts any one token.
     */
    String token(String hospital) {
        return tokens.compute(hospital, (h, cached) -> cached != null && Instant.now().isBefore(cached.renewAfter()) ? cached
                : new Token(DevToken.sign(DevKeys.load(stateDir).privateKey(),
                        new DevToken.Request(h, List.of("case-publisher", "case-viewer"), "faults-" + h, TOKEN_LIFETIME),
                        Instant.now()), Instant.now().plus(TOKEN_LIFETIME).minus(Duration.ofHours(1)))).jwt();
    }

    private record Token(String jwt, Instant renewAfter) {
    }

    Connection database() throws SQLException {
        EmbeddedDatabase db = stack.database().orElseThrow();
        return DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }

    /** A second instance of a stage service, in the same consumer group, on a free port, its log in its own folder. */
    ServiceProcess startSecondInstance(Service service) {
        if (service == Service.GATEWAY) {
            throw new IllegalArgumentException("second instances are for the stage services");
        }
        Path jar = RepoLayout.locate().quarkusRunJar(service.module());
        ServiceProcess second = new ServiceProcess(service, jar, 0, Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap()),
                stateDir.resolve("second-instance"));
        return second.start().awaitReady(READY_TIMEOUT);
    }

    /** Partitions assigned to each member of a consumer group (one entry per member). */
    List<Integer> partitionsPerMember(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(15, TimeUnit.SECONDS);
            return description.members().stream().map(m -> m.assignment().topicPartitions().size()).sorted().toList();
        }
    }

    /** The consumer group of a service: a stage's group.id is its application name; the gateway's is its projector's. */
    static String consumerGroup(Service service) {
        return service == Service.GATEWAY ? "gateway-projector" : service.module();
    }

    /** Ids of the members of a consumer group now. */
    java.util.Set<String> memberIds(String group) throws Exception {
        try (Admin admin = admin()) {
            return memberIds(admin, group);
        }
    }

    /**
     * Polls a consumer group (every 250 ms, for at most {@code timeout}) until none of {@code members} is in it any more,
     * and answers the seconds from {@code sinceNanos} until then (NaN if they were still there at the timeout). A member
     * killed without leaving stays until its session times out (session.timeout.ms); a live member that restarts
     * joins under a new id.
     */
    double secondsUntilMembersLeave(String group, java.util.Set<String> members, long sinceNanos, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    java.util.Set<String> now = memberIds(admin, group);
                    if (now.stream().noneMatch(members::contains)) {
                        return (System.nanoTime() - sinceNanos) / 1e9;
                    }
                } catch (Exception brokerBusy) {
                    // asked again at the next poll
                }
                Scenario.sleep(Duration.ofMillis(250));
            }
        }
        return Double.NaN;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    private static java.util.Set<String> memberIds(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(15, TimeUnit.SECONDS).members()
                .stream().map(m -> m.consumerId()).collect(java.util.stream.Collectors.toSet());
    }

    /** Whatever a scenario left behind: a frozen or stopped broker or service is resumed or restarted; all ready. */
    void ensureHealthy() {
        KafkaBroker broker = stack.broker();
        if (broker.isAlive()) {
            broker.resume();
        } else {
            broker.start(READY_TIMEOUT);
        }
        for (Service service : Service.values()) {
            ServiceProcess process = service(service);
            if (process.isAlive()) {
                process.resume();
            } else {
                process.start();
            }
        }
        for (Service service : Service.values()) {
            service(service).awaitReady(READY_TIMEOUT);
        }
    }

    /** HTTP status of a service's /q/health/ready (0 when it does not answer). */
    static int readiness(ServiceProcess process) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(process.managementUrl("/q/health/ready"))).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
