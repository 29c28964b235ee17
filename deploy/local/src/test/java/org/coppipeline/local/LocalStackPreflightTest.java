package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures found before anything starts: one line naming the part, and nothing left behind. */
class LocalStackPreflightTest {

    @TempDir
    Path dir;

    @Test
    void aMissingServiceJarIsNamedWithTheBuildCommandAndNothingStarts() {
        Path state = dir.resolve("state");
        StackException e = assertThrows(StackException.class,
                () -> LocalStack.start(TestSupport.stagesOnly(state), new RepoLayout(dir.resolve("empty-repo")), state));
        assertTrue(e.getMessage().startsWith("symptom-service: "), e.getMessage());
        assertTrue(e.getMessage().contains("quarkus-run.jar not found"), e.getMessage());
        assertTrue(e.getMessage().contains("./mvnw -B -DskipTests package"), e.getMessage());
        assertFalse(Files.exists(state.resolve("kafka")), "no broker was started");
    }

    @Test
    void aPortInUseIsNamedWithThePartThatWantedIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            int port = taken.getLocalPort();
            StackException e = assertThrows(StackException.class, () -> Ports.requireFree(port, "kafka"));
            assertEquals("port " + port + " (kafka) is already in use on 127.0.0.1: stop what listens there"
                    + " (a running stack stops with deploy/local/run.sh --stop) or choose another port", e.getMessage());
            assertThrows(StackException.class, () -> new KafkaBroker(dir, port, 0, 1, "unused", false).start(java.time.Duration.ofSeconds(5)));
        }
    }

    @Test
    void stoppingWhenNothingWasStartedIsANoOp() {
        assertEquals(0, LocalStack.stop(dir));
    }

    @Test
    void theBrokerClasspathFileMustExist() {
        String previous = System.getProperty("cop.broker.classpath.file");
        System.setProperty("cop.broker.classpath.file", dir.resolve("nope.classpath").toString());
        try {
            StackException e = assertThrows(StackException.class, () -> new RepoLayout(dir).brokerClasspath());
            assertTrue(e.getMessage().startsWith("kafka: broker classpath"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("cop.broker.classpath.file");
            } else {
                System.setProperty("cop.broker.classpath.file", previous);
            }
        }
    }
}
