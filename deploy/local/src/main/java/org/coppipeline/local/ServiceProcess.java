package org.coppipeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged Quarkus service run as {@code java -jar <module>/target/quarkus-app/quarkus-run.jar},
 * on 127.0.0.1 only, its output appended to {@code <state>/logs/<module>.log}. It listens on two ports: the API
 * port ({@link #url}) and the management port ({@link #managementUrl}: /q/health, /q/metrics; CONTRACT 1).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Map<String, String> env;
    private final Path logFile;
    private Process process;
    private long startedAt;
    private Duration timeToReady;

    /** On a free management port. */
    public ServiceProcess(Service service, Path jar, int port, Map<String, String> env, Path stateDir) {
        this(service, jar, port, 0, env, stateDir);
    }

    /** Port 0 (either) means a free one, chosen now and kept across restarts. */
    public ServiceProcess(Service service, Path jar, int port, int managementPort, Map<String, String> env, Path stateDir) {
        this.service = service;
        this.jar = jar;
        this.port = port == 0 ? Ports.free() : port;
        this.managementPort = managementPort == 0 ? Ports.free() : managementPort;
        this.env = new LinkedHashMap<>(env);
        this.logFile = stateDir.resolve("logs").resolve(service.module() + ".log");
    }

    /** Marker on the command line, so --stop can check a recorded PID is still this service. */
    public static String marker(Service service) {
        return "-Dcop.local.part=" + service.module();
    }

    public ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new StackException(service.module() + ": " + jar + " not found: build it with ./mvnw -B -DskipTests package"
                    + (service == Service.GATEWAY ? " (or start only the stage services: --services symptom,exclusion,treatment)" : ""));
        }
        Ports.requireFree(port, service.module());
        Ports.requireFree(managementPort, service.module() + " management");
        List<String> command = new ArrayList<>(List.of(
                Processes.javaExecutable().toString(),
                marker(service)));
        command.addAll(jvmOptions(service));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", Ports.LOOPBACK);
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        footprintEnvironment(builder.environment());
        try {
            Files.createDirectories(logFile.getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            startedAt = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new StackException(service.module() + ": cannot start " + jar + ": " + e.getMessage() + "; see " + logFile, e);
        }
        return this;
    }

    /**
     * A small footprint (each service under 200 MB RSS under load is the goal; the figures, from Native Memory
     * Tracking, are in deploy/bench/README.md, "Footprint"; deploy/docker/Dockerfile.jvm gives the same options):
     * <ul>
     * <li>a heap sized to what the service holds (the gateway's live set after a full GC is ~30 MB under a steady
     * load and its old generation held 56-73 MB under a backlog, a stage's ~20 MB; what a backlog brings in at once is bounded by the consumers' max.poll.records and fetch sizes,
     * so catching one up needs little more: at 96 MiB, before those bounds, the gateway's projector once ran out of
     * heap in deploy/faults, and with the bounds a backlog still doubled its full collections and tripled their time;
     * keeping the heap at most 30 % free instead of 70 % did the same to the stages: heap RSS is paid for in CPU here),
     * with the serial collector (no concurrent GC threads and remembered sets to pay for on two cores and a heap this
     * small; G1 cost the gateway +80 MB, the parallel one more CPU per case);</li>
     * <li>bounded metaspace and code cache, 512 KiB thread stacks; the metaspace size that first triggers a
     * collection set just above what the service loads (gateway ~100 MB with HAPI FHIR, a stage ~58 MB): with the
     * JVM's ~21 MB each service ran 2-3 "Metadata GC Threshold" full collections while starting, seconds each on a
     * busy machine (-Xlog:gc of the bench's cold step). It commits nothing: it only moves the trigger;</li>
     * <li>the C heap given back every 5 s (C2's compilation arenas, up to ~27 MB at a time, are freed to glibc,
     * which keeps them; the flag exists from 17.0.9 on, IgnoreUnrecognizedVMOptions for an older JDK);</li>
     * <li>no per-thread cache of the JDK's temporary direct buffers above 256 KiB: every thread that reads or
     * writes a socket with a heap buffer (JDBC, the Kafka clients) otherwise keeps one as large as its largest I/O
     * for its lifetime (a Kafka fetch is up to 2 MiB; NMT "Other" of a stage 2.4-4.8 MB, 1.0 with the bound).</li>
     * <li>the stages with the C1 compiler only (-XX:TieredStopAtLevel=1), the gateway with the JVM's tiered C1 + C2.
     * Measured side by side (deploy/bench/README.md, "JIT"): C1 alone keeps each stage under 200 MB RSS (153-187 MB
     * against 189-239: no profiling data, C2 arenas or second copy of hot code), spares the ~26 CPU s a stage's C2
     * spends compiling in its first minutes (40 % of its CPU then) and starts it sooner; at half saturation a warm
     * stage costs the same with either, at saturation 35 % more with C1 (2.8 against 2.1 CPU ms per record, once C2
     * has finished after 5-8 minutes). For the gateway C1 would cost 57 % more CPU per case warm (9.7 against 6.2 ms)
     * and still leave it above 200 MB (276-285 MB), so it keeps C2.</li>
     * </ul>
     */
    static List<String> jvmOptions(Service service) {
        return List.of(
                "-Xms32m", service == Service.GATEWAY ? "-Xmx160m" : "-Xmx64m",
                "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=128m",
                service == Service.GATEWAY ? "-XX:MetaspaceSize=112m" : "-XX:MetaspaceSize=72m",
                "-XX:ReservedCodeCacheSize=64m",
                "-Xss512k",
                service == Service.GATEWAY ? "-XX:TieredStopAtLevel=4" : "-XX:TieredStopAtLevel=1",
                "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:TrimNativeHeapInterval=5000",
                "-Djdk.nio.maxCachedBufferSize=262144");
    }

    /**
     * glibc gives every thread that mallocs an arena of its own (up to 8 per core): tens of MB of RSS in a JVM.
     * A value the caller put in the service environment wins.
     */
    static void footprintEnvironment(Map<String, String> env) {
        env.putIfAbsent("MALLOC_ARENA_MAX", "2");
    }

    /** Polls /q/health/ready (management port) until it answers 200; fails at once if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl("/q/health/ready"))).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException(service.module() + ": exited with code " + process.exitValue() + " while starting; see " + logFile);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    timeToReady = Duration.ofNanos(System.nanoTime() - startedAt);
                    return this;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException(service.module() + ": interrupted while waiting for readiness");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException(service.module() + ": interrupted while waiting for readiness");
            }
        }
        throw new StackException(service.module() + ": not ready within " + timeout.toSeconds() + " s (" + managementUrl("/q/health/ready")
                + "); see " + logFile);
    }

    /** On the API port. */
    public String url(String path) {
        return "http://" + Ports.LOOPBACK + ":" + port + path;
    }

    /** On the management port: /q/health/*, /q/metrics (and the gateway's /q/openapi, /q/swagger-ui). */
    public String managementUrl(String path) {
        return "http://" + Ports.LOOPBACK + ":" + managementPort + path;
    }

    public Service service() {
        return service;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        if (process == null) {
            throw new IllegalStateException(service.module() + " not started");
        }
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** From start to the first 200 on /q/health/ready (which includes its consumers' partition assignment). */
    public Duration timeToReady() {
        return timeToReady;
    }

    /** SIGKILL, for fault tests. */
    public void kill() {
        process.destroyForcibly(); // SIGKILL
        Processes.awaitExit(process.toHandle(), Duration.ofSeconds(10));
    }

    /** SIGSTOP, for fault tests: the service freezes with its connections open. */
    public void suspend() {
        Processes.signal(pid(), "STOP");
    }

    public void resume() {
        Processes.signal(pid(), "CONT");
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL after 20 s. Safe to call more than once. */
    @Override
    public void close() {
        if (process != null && !Processes.stop(process.pid(), Duration.ofSeconds(20))) {
            throw new StackException(service.module() + ": pid " + process.pid() + " did not stop; see " + logFile);
        }
    }
}
