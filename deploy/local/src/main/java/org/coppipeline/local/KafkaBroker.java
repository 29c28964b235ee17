package org.coppipeline.local;

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
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) in its own JVM, on 127.0.0.1 only.
 * A separate process so that fault tests can kill -9 or kill -STOP it by {@link #pid()}.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Marker on the broker's command line: lets --stop check a recorded PID still is this broker. */
    public static final String MARKER = "-Dcop.local.part=kafka";

    private final Path dir;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private final String classpath;
    private final boolean shutdownHook;
    private Process process;
    private Thread hook;

    /**
     * @param stateDir     the state folder: data in {@code kafka/data}, log in {@code logs/kafka.log}
     * @param port         client port, 0 for a free one
     * @param controllerPort KRaft controller port, 0 for a free one
     * @param shutdownHook whether this broker stops itself when the JVM exits (off when an owner stops it in order)
     */
    public KafkaBroker(Path stateDir, int port, int controllerPort, int partitions, String classpath, boolean shutdownHook) {
        this.dir = stateDir.resolve("kafka");
        this.logFile = stateDir.resolve("logs").resolve("kafka.log");
        this.port = port == 0 ? Ports.free() : port;
        int ctl = controllerPort == 0 ? Ports.free() : controllerPort;
        if (ctl == this.port) {
            ctl = Ports.free();
        }
        this.controllerPort = ctl;
        this.partitions = partitions;
        this.classpath = classpath;
        this.shutdownHook = shutdownHook;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public long pid() {
        if (process == null) {
            throw new IllegalStateException("broker not started");
        }
        return process.pid();
    }

    /** Formats the data folder on first use, starts the broker JVM and waits until it answers clients. */
    public KafkaBroker start(Duration timeout) {
        Ports.requireFree(port, "kafka");
        Ports.requireFree(controllerPort, "kafka controller");
        try {
            Files.createDirectories(dataDir());
            Files.createDirectories(logFile.getParent());
            Path properties = dir.resolve("server.properties");
            Files.writeString(properties, serverProperties());
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, LOG4J2);
            if (!Files.exists(dataDir().resolve("meta.properties"))) {
                format(properties, timeout);
            }
            List<String> command = jvm(log4j);
            command.add("kafka.Kafka");
            command.add(properties.toString());
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
        } catch (IOException e) {
            throw new StackException("kafka: cannot start the broker: " + e.getMessage() + "; see " + logFile, e);
        }
        if (shutdownHook) {
            hook = new Thread(() -> Processes.stop(process.pid(), Duration.ofSeconds(10)), "kafka-broker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            awaitReady(timeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void format(Path properties, Duration timeout) throws IOException {
        List<String> command = jvm(dir.resolve("log4j2.properties"));
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString()));
        Process format = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        try {
            if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                format.destroyForcibly();
                throw new StackException("kafka: formatting the storage did not finish within " + timeout.toSeconds() + " s; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new StackException("kafka: interrupted while formatting the storage");
        }
        if (format.exitValue() != 0) {
            throw new StackException("kafka: formatting the storage failed (exit " + format.exitValue() + "); see " + logFile);
        }
    }

    private List<String> jvm(Path log4j) {
        List<String> command = new ArrayList<>(List.of(
                Processes.javaExecutable().toString(),
                MARKER,
                "-Xms256m", "-Xmx768m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j,
                "-cp", classpath));
        return command;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException("kafka: broker exited with code " + process.exitValue() + " while starting; see " + logFile);
            }
            if (Ports.accepts(port) && answersClients()) {
                return;
            }
            sleep(200);
        }
        throw new StackException("kafka: broker not ready within " + timeout.toSeconds() + " s; see " + logFile);
    }

    private boolean answersClients() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(4, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** SIGKILL, for fault tests: no controlled shutdown. */
    public void kill() {
        process.destroyForcibly(); // SIGKILL
        Processes.awaitExit(process.toHandle(), Duration.ofSeconds(10));
    }

    /** SIGSTOP, for fault tests: the broker freezes with its sockets open. */
    public void suspend() {
        Processes.signal(pid(), "STOP");
    }

    public void resume() {
        Processes.signal(pid(), "CONT");
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Controlled shutdown (SIGTERM), SIGKILL after 30 s. Safe to call more than once. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (!Processes.stop(process.pid(), Duration.ofSeconds(30))) {
            throw new StackException("kafka: broker pid " + process.pid() + " did not stop; see " + logFile);
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run: nothing to remove
            }
            hook = null;
        }
    }

    String serverProperties() {
        String listeners = "PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort;
        return String.join("\n",
                "# Written by the local stack launcher at every start: single KRaft node on loopback only.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + Ports.LOOPBACK + ":" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=" + partitions,
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + partitions,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Topics are created by the launcher (Topics): a misspelled topic fails instead of appearing.
                "auto.create.topics.enable=false",
                // One node, no one to wait for: consumer groups assign at once.
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("kafka: interrupted while waiting for the broker");
        }
    }

    private static final String LOG4J2 = String.join("\n",
            "# Broker log: stdout, which the launcher appends to logs/kafka.log.",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = WARN",
            "");
}
