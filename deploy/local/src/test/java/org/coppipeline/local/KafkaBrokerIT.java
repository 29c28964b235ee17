package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker the stack and the fault tests use: a separate JVM on loopback that stops by PID, whatever its state. */
class KafkaBrokerIT {
    private static final Duration START = Duration.ofSeconds(90);

    private final List<KafkaBroker> started = new ArrayList<>();

    @AfterEach
    void stopBrokers() {
        started.forEach(KafkaBroker::close);
    }

    private KafkaBroker startBroker(String name) {
        KafkaBroker broker = new KafkaBroker(TestSupport.stateDir(name), 0, 0, 3, TestSupport.repo().brokerClasspath(), true);
        started.add(broker);
        long t0 = System.nanoTime();
        broker.start(START);
        System.out.printf("kafka broker (pid %d) ready in %d ms%n", broker.pid(), (System.nanoTime() - t0) / 1_000_000);
        return broker;
    }

    @Test
    void startsOnLoopbackCarriesARecordAndStopsLeavingNoProcess() throws Exception {
        KafkaBroker broker = startBroker("broker");
        long pid = broker.pid();
        assertTrue(Processes.isAlive(pid));
        assertTrue(Processes.commandLine(pid).orElse(KafkaBroker.MARKER).contains(KafkaBroker.MARKER), "a JVM of its own");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (var producer = TestSupport.producer(broker.bootstrapServers())) {
            producer.send(TestSupport.record("probe", "hosp-a/PROBE-1", "{\"hello\":\"broker\"}", Map.of("eventId", "e-1"))).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (var consumer = TestSupport.consumerFromStart(broker.bootstrapServers(), "probe")) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
                return !read.isEmpty();
            });
        }
        assertEquals("hosp-a/PROBE-1", read.get(0).key());
        assertEquals("{\"hello\":\"broker\"}", read.get(0).value());
        assertEquals("e-1", TestSupport.header(read.get(0), "eventId"));

        assertEquals(List.of("127.0.0.1"), TestSupport.listeningAddresses(broker.port()), "client port bound to 127.0.0.1 only");
        assertEquals(List.of("127.0.0.1"), TestSupport.listeningAddresses(broker.controllerPort()), "controller port bound to 127.0.0.1 only");

        broker.close();
        assertFalse(Processes.isAlive(pid), "broker pid " + pid + " still alive after close()");
        assertTrue(Ports.isFree(broker.port()), "client port released");
        assertTrue(Ports.isFree(broker.controllerPort()), "controller port released");
    }

    @Test
    void aFrozenBrokerIsStillStoppedAndAKilledOneIsGone() {
        KafkaBroker frozen = startBroker("broker-frozen");
        long frozenPid = frozen.pid();
        frozen.suspend();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> processState(frozenPid).equals("T"));
        frozen.close();
        assertFalse(Processes.isAlive(frozenPid), "a SIGSTOPped broker is stopped by close()");

        KafkaBroker killed = startBroker("broker-killed");
        long killedPid = killed.pid();
        killed.kill();
        assertFalse(Processes.isAlive(killedPid), "kill -9 leaves no broker process");
        killed.close(); // idempotent on a dead broker
    }

    /** Linux process state letter from /proc/<pid>/stat (T = stopped). */
    private static String processState(long pid) throws IOException {
        String stat = String.join(" ", Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat")));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
