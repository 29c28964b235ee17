package org.coppipeline.local;

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
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scripts a developer runs (deploy/local/run.sh, token.sh), as separate processes: --background returns
 * with everything ready and PIDs recorded, --stop leaves nothing running, a failing service stops the rest.
 */
class LocalStackIT {
    private static final RepoLayout REPO = TestSupport.repo();
    private static final Path RUN = REPO.root().resolve("deploy/local/run.sh");
    private static final Path TOKEN = REPO.root().resolve("deploy/local/token.sh");

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void stageServicesArePackaged() {
        for (Service service : Service.STAGES) {
            // run.sh would build a missing jar itself; inside a test that must not happen silently.
            assertTrue(Files.isRegularFile(REPO.quarkusRunJar(service.module())),
                    service.module() + " is not packaged: ./mvnw -B -DskipTests package first");
        }
    }

    @Test
    void backgroundStackIsReadyRecordsItsPidsAndStopLeavesNothingRunning() throws Exception {
        Path state = TestSupport.stateDir("launcher");
        int base = freeBlockOfFour();
        int management = freeBlockOfFour();
        List<String> start = List.of("--background", "--services", "symptom,exclusion,treatment", "--state-dir", state.toString(),
                "--kafka-port", Integer.toString(Ports.free()), "--kafka-controller-port", Integer.toString(Ports.free()),
                "--http-base-port", Integer.toString(base), "--management-base-port", Integer.toString(management));
        long t0 = System.nanoTime();
        Result started = run(RUN, start, 400);
        System.out.printf("run.sh --background returned in %d ms:%n%s", (System.nanoTime() - t0) / 1_000_000, started.out());
        Map<String, Long> pids = new RunRecord(state).readPids();
        try {
            assertEquals(0, started.exit(), started.all());
            assertTrue(started.out().contains("COP local stack is ready"), started.all());
            assertEquals(List.of("launcher", "kafka", "symptom-service", "exclusion-service", "treatment-service"),
                    new ArrayList<>(pids.keySet()));
            pids.forEach((part, pid) -> assertTrue(Processes.isAlive(pid), part + " (pid " + pid + ") is running"));
            for (Service service : Service.STAGES) {
                int port = base + service.portOffset();
                int managementPort = management + service.portOffset();
                assertEquals(200, status("http://127.0.0.1:" + managementPort + "/q/health/ready"), service.module() + " ready");
                assertEquals(200, status("http://127.0.0.1:" + managementPort + "/q/health/live"), service.module() + " live");
                assertEquals(200, status("http://127.0.0.1:" + managementPort + "/q/metrics"), service.module() + " metrics");
                // CONTRACT 1: health and metrics never on the API port.
                for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics")) {
                    assertEquals(404, status("http://127.0.0.1:" + port + path), service.module() + " API port " + path);
                }
                assertTrue(started.out().contains("http://127.0.0.1:" + managementPort + "/q/health/ready"),
                        "the summary names the management port: " + started.out());
                assertEquals(List.of("127.0.0.1"), TestSupport.listeningAddresses(port), service.module() + " on 127.0.0.1 only");
                assertEquals(List.of("127.0.0.1"), TestSupport.listeningAddresses(managementPort),
                        service.module() + " management on 127.0.0.1 only");
            }

            Result second = run(RUN, start, 60);
            assertEquals(1, second.exit(), "a second stack on the same state folder is refused");
            assertTrue(second.err().contains("already running"), second.all());

            Result token = run(TOKEN, List.of("--state-dir", state.toString(), "--hospital", "hosp-a", "--roles", "case-viewer"), 60);
            assertEquals(0, token.exit(), token.all());
            String[] lines = token.out().strip().split("\n");
            assertTrue(verifies(state.resolve("jwt/public-key.pem"), lines[lines.length - 1]), "token.sh's last line is a signed JWT");
        } finally {
            Result stopped = run(RUN, List.of("--stop", "--state-dir", state.toString()), 200);
            assertEquals(0, stopped.exit(), stopped.all());
        }
        pids.forEach((part, pid) -> assertFalse(Processes.isAlive(pid), part + " (pid " + pid + ") still running after --stop"));
        assertFalse(Files.exists(state.resolve("stack.pids")), "PID record removed");
        for (Service service : Service.STAGES) {
            assertTrue(Ports.isFree(base + service.portOffset()), service.module() + " port released");
            assertTrue(Ports.isFree(management + service.portOffset()), service.module() + " management port released");
        }
    }

    @Test
    void aServiceThatFailsToStartIsNamedAndEverythingStartedIsStopped() throws Exception {
        Path state = TestSupport.stateDir("launcher-fail");
        int base = freeBlockOfFour();
        int kafkaPort = Ports.free();
        // An invalid log level stops Quarkus at start (the launcher itself does not read it).
        Result result = run(RUN, List.of("--services", "symptom", "--state-dir", state.toString(),
                "--kafka-port", Integer.toString(kafkaPort), "--kafka-controller-port", Integer.toString(Ports.free()),
                "--http-base-port", Integer.toString(base), "--management-base-port", Integer.toString(freeBlockOfFour())), 300,
                Map.of("QUARKUS_LOG_LEVEL", "NOT_A_LEVEL"));

        assertEquals(1, result.exit(), result.all());
        assertTrue(result.err().contains("local-stack: ERROR: symptom-service: exited with code 1 while starting; see "
                + state.resolve("logs/symptom-service.log")), result.err());
        assertTrue(Ports.isFree(kafkaPort), "the broker started before the failure is stopped");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(state.toString())),
                "no process of this state folder is left");
    }

    @Test
    void aPortInUseIsNamedBeforeAnythingStarts() throws Exception {
        Path state = TestSupport.stateDir("launcher-port");
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(Ports.LOOPBACK))) {
            int port = taken.getLocalPort();
            Result result = run(RUN, List.of("--services", "symptom", "--state-dir", state.toString(),
                    "--kafka-port", Integer.toString(port)), 120);
            assertEquals(1, result.exit(), result.all());
            assertTrue(result.err().contains("port " + port + " (kafka) is already in use"), result.err());
            assertFalse(Files.exists(state.resolve("kafka")), "nothing was started");
        }
    }

    @Test
    void tokenWithoutAStartedStackSaysSo() throws Exception {
        Path state = TestSupport.stateDir("token-no-key");
        Result result = run(TOKEN, List.of("--state-dir", state.toString(), "--hospital", "hosp-a", "--roles", "case-viewer"), 60);
        assertEquals(1, result.exit());
        assertTrue(result.err().contains("no dev key in " + state.resolve("jwt")), result.err());
    }

    private static Result run(Path script, List<String> args, long timeoutSeconds) throws Exception {
        return run(script, args, timeoutSeconds, Map.of());
    }

    private static Result run(Path script, List<String> args, long timeoutSeconds, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        Path out = Files.createTempFile("run-out", ".txt");
        Path err = Files.createTempFile("run-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.root().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            Processes.stop(process.pid(), java.time.Duration.ofSeconds(60));
            throw new AssertionError(script.getFileName() + " " + args + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A gateway port with the next three free too (the stage services take base+1..base+3). */
    private static int freeBlockOfFour() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = Ports.free();
            if (base < 65000 && Ports.isFree(base + 1) && Ports.isFree(base + 2) && Ports.isFree(base + 3)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of four free ports");
    }

    private static boolean verifies(Path publicPem, String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        byte[] der = Base64.getDecoder().decode(Files.readString(publicPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
