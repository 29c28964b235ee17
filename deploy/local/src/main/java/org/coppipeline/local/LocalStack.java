package org.coppipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The local stack: a KRaft broker, the topics, PostgreSQL for the gateway (embedded unless a JDBC URL is
 * given) and the packaged services, each a separate process on 127.0.0.1. Used by deploy/local/run.sh
 * (see {@link StackOptions#USAGE}) and by the end-to-end tests, which start the parts they need.
 */
public final class LocalStack implements AutoCloseable {

    private final StackOptions options;
    private final RepoLayout repo;
    private final Path stateDir;
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final Map<String, String> serviceEnvironment;
    private KafkaBroker broker;
    private EmbeddedDatabase database;
    private DevKeys keys;
    private DevCdsClient cdsClient;
    private DevIdentityProvider devSignIn;
    private String jdbcUrl;
    private Duration brokerStartTime;
    private Duration timeToReady;
    private volatile boolean closing;
    private Runnable onPartStarted = () -> { };
    private Thread hook;

    public LocalStack(StackOptions options, RepoLayout repo, Path stateDir) {
        this(options, repo, stateDir, Map.of());
    }

    /** With settings given to every service as environment variables (a test's log level, say). */
    public LocalStack(StackOptions options, RepoLayout repo, Path stateDir, Map<String, String> serviceEnvironment) {
        this.options = options;
        this.repo = repo;
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    /**
     * Starts every part the options ask for and waits until each is ready; on any failure stops what it started.
     * A JVM shutdown hook stops the stack too, should its owner (a test, say) never get to {@link #close()}.
     */
    public static LocalStack start(StackOptions options, RepoLayout repo, Path stateDir) {
        return start(options, repo, stateDir, Map.of());
    }

    /** As {@link #start(StackOptions, RepoLayout, Path)}, every service also getting these environment variables. */
    public static LocalStack start(StackOptions options, RepoLayout repo, Path stateDir, Map<String, String> serviceEnvironment) {
        LocalStack stack = new LocalStack(options, repo, stateDir, serviceEnvironment);
        stack.hook = new Thread(stack::closeQuietly, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stack.hook);
        stack.startAll();
        return stack;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("local-stack: ERROR while stopping: " + e.getMessage());
        }
    }

    public void startAll() {
        long t0 = System.nanoTime();
        try {
            preflight();
            keys = DevKeys.ensure(stateDir);
            cdsClient = DevCdsClient.ensure(stateDir);
            if (options.clean()) {
                deleteTree(stateDir.resolve("kafka"));
                deleteTree(stateDir.resolve("postgres").resolve("data"));
            }

            ensureNotClosing();
            long brokerT0 = System.nanoTime();
            broker = new KafkaBroker(stateDir, options.kafkaPort(), options.kafkaControllerPort(), Topics.LOCAL_PARTITIONS,
                    repo.brokerClasspath(), false).start(options.readyTimeout());
            brokerStartTime = Duration.ofNanos(System.nanoTime() - brokerT0);
            onPartStarted.run();
            Topics.create(broker.bootstrapServers(), Topics.LOCAL_PARTITIONS, options.readyTimeout());

            ensureNotClosing();
            if (options.services().contains(Service.GATEWAY)) {
                // Before the gateway: its dashboard configuration names this provider as the issuer.
                devSignIn = DevIdentityProvider.start(keys, options.devSignInPort());
            }
            if (options.embeddedDatabase()) {
                database = new EmbeddedDatabase(stateDir, options.pgPort()).start(options.readyTimeout());
                jdbcUrl = database.jdbcUrl();
                onPartStarted.run();
            } else {
                jdbcUrl = options.jdbcUrl();
            }

            // Started together, awaited one by one: the wait is as long as the slowest service.
            for (Service service : options.services()) {
                ensureNotClosing();
                services.put(service, new ServiceProcess(service, repo.quarkusRunJar(service.module()),
                        options.httpPort(service), options.managementPort(service), environment(service), stateDir).start());
            }
            onPartStarted.run();
            for (ServiceProcess service : services.values()) {
                service.awaitReady(options.readyTimeout());
            }
            timeToReady = Duration.ofNanos(System.nanoTime() - t0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Ctrl-C during the start: start nothing more, the stop is under way. */
    private void ensureNotClosing() {
        if (closing) {
            throw new StackException("start interrupted: stopping");
        }
    }

    /** Checks what can be checked before anything starts: java, jars, broker classpath, free ports. */
    private void preflight() {
        Processes.javaExecutable();
        for (Service service : options.services()) {
            Path jar = repo.quarkusRunJar(service.module());
            if (!Files.isRegularFile(jar)) {
                throw new StackException(service.module() + ": " + jar + " not found: build it with ./mvnw -B -DskipTests package"
                        + (service == Service.GATEWAY ? " (or start only the stage services: --services symptom,exclusion,treatment)" : ""));
            }
        }
        repo.brokerClasspath();
        if (options.kafkaPort() != 0) {
            Ports.requireFree(options.kafkaPort(), "kafka");
        }
        if (options.kafkaControllerPort() != 0) {
            Ports.requireFree(options.kafkaControllerPort(), "kafka controller");
        }
        if (options.embeddedDatabase() && options.pgPort() != 0) {
            Ports.requireFree(options.pgPort(), "postgres");
        }
        if (options.services().contains(Service.GATEWAY) && options.devSignInPort() != 0) {
            Ports.requireFree(options.devSignInPort(), "dev sign-in");
        }
        for (Service service : options.services()) {
            if (options.httpPort(service) != 0) {
                Ports.requireFree(options.httpPort(service), service.module());
            }
            if (options.managementPort(service) != 0) {
                Ports.requireFree(options.managementPort(service), service.module() + " management");
            }
        }
    }

    private Map<String, String> environment(Service service) {
        Map<String, String> env = new LinkedHashMap<>(serviceEnvironment);
        env.putAll(environment(service, options, broker.bootstrapServers()));
        if (service == Service.GATEWAY) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_USERNAME", options.dbUser());
            env.put("QUARKUS_DATASOURCE_PASSWORD", options.dbPassword());
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyFile().toString());
            env.put("MP_JWT_VERIFY_ISSUER", DevToken.ISSUER);
            env.put("MP_JWT_VERIFY_AUDIENCES", DevToken.AUDIENCE);
            env.put("GATEWAY_DASHBOARD_OIDC_ISSUER", devSignIn.issuer());
            env.put("GATEWAY_DASHBOARD_OIDC_CLIENT_ID", DevIdentityProvider.CLIENT_ID);
            // The CDS Hooks service: the dev CDS client on the issuer allowlist, and the case-id secret (a file, since
            // allowlist entries are named maps).
            env.put("QUARKUS_CONFIG_LOCATIONS", cdsClient.configFile().toString());
        }
        return env;
    }

    /** What the options alone decide of a service's environment. */
    static Map<String, String> environment(Service service, StackOptions options, String bootstrapServers) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        if (service == Service.GATEWAY && options.swaggerUi()) {
            env.put("QUARKUS_SWAGGER_UI_ENABLED", "true");
        }
        return env;
    }

    /** Called after each part starts, so a launcher killed half-way still leaves the PIDs to --stop. */
    public void onPartStarted(Runnable callback) {
        this.onPartStarted = callback;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public Optional<ServiceProcess> service(Service service) {
        return Optional.ofNullable(services.get(service));
    }

    /** The dev CDS client (signs cds-token.sh's tokens), once the stack has started. */
    public Optional<DevCdsClient> devCdsClient() {
        return Optional.ofNullable(cdsClient);
    }

    /** The dashboard's development sign-in (an OpenID Connect provider in this JVM), when the gateway runs. */
    public Optional<DevIdentityProvider> devSignIn() {
        return Optional.ofNullable(devSignIn);
    }

    public Optional<EmbeddedDatabase> database() {
        return Optional.ofNullable(database);
    }

    public Path stateDir() {
        return stateDir;
    }

    public Duration brokerStartTime() {
        return brokerStartTime;
    }

    public Duration timeToReady() {
        return timeToReady;
    }

    /** Part name to PID, launcher first (what stack.pids records). */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put(RunRecord.LAUNCHER, ProcessHandle.current().pid());
        if (broker != null && broker.isAlive()) {
            pids.put(RunRecord.KAFKA, broker.pid());
        }
        if (database != null) {
            database.pid().ifPresent(pid -> pids.put(RunRecord.POSTGRES, pid));
        }
        services.forEach((service, process) -> {
            if (process.isAlive()) {
                pids.put(service.module(), process.pid());
            }
        });
        return pids;
    }

    /** Stops services first (they flush and commit), then the database, then the broker. Safe to call again. */
    @Override
    public void close() {
        closing = true;
        List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        // In parallel: each Quarkus service takes ~2 s to close its Kafka clients.
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : services.values()) {
            Thread stop = new Thread(() -> run(service::close, failures), "stop-" + service.service().module());
            stop.start();
            stopping.add(stop);
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (devSignIn != null) {
            run(devSignIn::close, failures);
        }
        if (database != null) {
            run(database::close, failures);
        }
        if (broker != null) {
            run(broker::close, failures);
        }
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs or has run: nothing to remove
            }
            hook = null;
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static void run(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    public String summary(boolean background) {
        String defaultState;
        try {
            defaultState = repo.defaultStateDir().toString();
        } catch (RuntimeException e) {
            defaultState = "";
        }
        String stateOption = stateDir.toString().equals(defaultState) ? "" : " --state-dir " + stateDir;
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "COP local stack is ready in %.1f s (kafka started in %.1f s)%n",
                seconds(timeToReady), seconds(brokerStartTime)));
        service(Service.GATEWAY).ifPresent(gateway -> {
            text.append("  Gateway API        ").append(gateway.url("/api/v1/case-events")).append("  (POST; GET ")
                    .append(gateway.url("/api/v1/cases")).append(")\n");
            text.append("  OpenAPI            ").append(gateway.managementUrl("/q/openapi")).append('\n');
            text.append("  Swagger UI         ").append(options.swaggerUi() ? gateway.managementUrl("/q/swagger-ui")
                    : "off (start with --swagger-ui to serve it on the management port)").append('\n');
            text.append("  CDS Hooks          ").append(gateway.url("/cds-services"))
                    .append("  (EHR token: deploy/local/cds-token.sh").append(stateOption)
                    .append(" --hospital hosp-a --audience <the URL you call>)\n");
            text.append("  Dashboard          ").append(gateway.url("/dashboard/"))
                    .append("  (sign in with one click: dev sign-in ").append(devSignIn.issuer()).append(")\n");
        });
        for (ServiceProcess service : services.values()) {
            text.append(String.format(Locale.ROOT, "  %-18s %s  %s  (ready in %.1f s)%n", service.service().module(),
                    service.managementUrl("/q/health/ready"), service.managementUrl("/q/metrics"), seconds(service.timeToReady())));
        }
        text.append("  Kafka              ").append(broker.bootstrapServers()).append("  topics ").append(String.join(", ", Topics.ALL))
                .append('\n');
        if (services.containsKey(Service.GATEWAY)) {
            text.append("  PostgreSQL         ").append(jdbcUrl).append("  (user ").append(options.dbUser())
                    .append(database != null ? ", embedded" : "").append(")\n");
            text.append("  Dev token          deploy/local/token.sh").append(stateOption)
                    .append(" --hospital hosp-a --roles case-publisher,case-viewer   (the token is its last line)\n");
            text.append("  Try it             TOKEN=$(deploy/local/token.sh").append(stateOption)
                    .append(" --hospital hosp-a --roles case-viewer | tail -n 1); curl -H \"Authorization: Bearer $TOKEN\" ")
                    .append(service(Service.GATEWAY).get().url("/api/v1/cases")).append('\n');
        }
        text.append("  Logs               ").append(stateDir.resolve("logs")).append('\n');
        text.append(background
                ? "Stop it with: deploy/local/run.sh --stop" + stateOption + "\n"
                : "Press Ctrl-C to stop everything.\n");
        return text.toString();
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }

    /** Prints, once, any part that dies while the stack runs in the foreground. */
    private void watch() {
        Thread watcher = new Thread(() -> {
            Map<String, Boolean> reported = new LinkedHashMap<>();
            while (!closing) {
                if (broker != null && !broker.isAlive() && reported.putIfAbsent("kafka", true) == null && !closing) {
                    System.err.println("local-stack: kafka exited unexpectedly; see " + broker.logFile());
                }
                for (ServiceProcess service : services.values()) {
                    if (!service.isAlive() && reported.putIfAbsent(service.service().module(), true) == null && !closing) {
                        System.err.println("local-stack: " + service.service().module() + " exited unexpectedly; see " + service.logFile());
                    }
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "local-stack-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    // ---------------------------------------------------------------- command line

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.println(StackOptions.USAGE);
            System.exit(2);
            return;
        }
        int exit;
        try {
            exit = switch (options.mode()) {
                case HELP -> {
                    System.out.println(StackOptions.USAGE);
                    yield 0;
                }
                case STOP -> stop(options.resolvedStateDir());
                case BACKGROUND -> background(options, args);
                case FOREGROUND, SUPERVISED -> run(options);
            };
        } catch (StackException e) {
            System.err.println("local-stack: ERROR: " + e.getMessage());
            exit = 1;
        }
        System.exit(exit);
    }

    /** Foreground (and the supervised child of --background): start, report, then wait for Ctrl-C / SIGTERM. */
    private static int run(StackOptions options) {
        RepoLayout repo = RepoLayout.locate();
        Path stateDir = options.resolvedStateDir();
        boolean supervised = options.mode() == StackOptions.Mode.SUPERVISED;
        RunRecord record = new RunRecord(stateDir);
        record.refuseIfRunning();
        LocalStack stack = new LocalStack(options, repo, stateDir);
        stack.onPartStarted(() -> record.writePids(stack.pids()));
        // Registered before the first part starts, so Ctrl-C during the start also stops what is up.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stack.close();
                // Anything the start was still spawning when Ctrl-C came: every child of this launcher is the stack's.
                ProcessHandle.current().descendants().forEach(child -> Processes.stop(child.pid(), Duration.ofSeconds(20)));
                System.err.println("local-stack: stopped");
            } catch (RuntimeException e) {
                System.err.println("local-stack: ERROR while stopping: " + e.getMessage());
            } finally {
                record.clearPids();
            }
        }, "local-stack-stop"));
        System.err.println("local-stack: starting " + options.services().stream().map(Service::module).toList()
                + " with state in " + stateDir);
        try {
            stack.startAll();
        } catch (StackException e) {
            System.err.println("local-stack: ERROR: " + e.getMessage());
            if (supervised) {
                record.failed(e.getMessage());
            }
            return 1;
        }
        record.writePids(stack.pids());
        String summary = stack.summary(supervised);
        System.out.print(summary);
        System.out.flush();
        if (supervised) {
            record.ready(summary);
        }
        stack.watch();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * --background: the same launcher runs as a detached child (its output in logs/local-stack.log) that owns
     * every part; this process returns once that child reports ready or failed.
     */
    private static int background(StackOptions options, String[] args) {
        RepoLayout repo = RepoLayout.locate();
        Path stateDir = options.resolvedStateDir();
        RunRecord record = new RunRecord(stateDir);
        record.refuseIfRunning();
        record.clearStatus();
        Path log = stateDir.resolve("logs").resolve("local-stack.log");
        List<String> command = new ArrayList<>();
        setsid().ifPresent(command::add);
        command.add(Processes.javaExecutable().toString());
        command.add("-Dcop.repo.root=" + repo.root());
        Optional.ofNullable(System.getProperty("cop.broker.classpath.file"))
                .ifPresent(file -> command.add("-Dcop.broker.classpath.file=" + file));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
        Stream.of(args).filter(a -> !a.equals("--background")).forEach(command::add);
        command.addAll(List.of("--supervised", "--state-dir", stateDir.toString()));
        Process child;
        try {
            Files.createDirectories(log.getParent());
            child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new StackException("launcher: cannot start the background stack: " + e.getMessage() + "; see " + log, e);
        }
        // Bounded: broker, database and services each get the ready timeout; the margin covers formatting and JVM starts.
        long deadline = System.nanoTime() + options.readyTimeout().multipliedBy(3).plusSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String[]> status = record.status();
            if (status.isPresent() && status.get()[0].equals("ready")) {
                System.out.print(status.get()[1]);
                System.out.println("Launcher pid " + child.pid() + ", PIDs in " + record.pidsFile() + ", launcher log " + log);
                return 0;
            }
            if (status.isPresent() && status.get()[0].equals("failed")) {
                System.err.println("local-stack: ERROR: " + status.get()[1].trim());
                Processes.awaitExit(child.toHandle(), Duration.ofSeconds(90));
                return 1;
            }
            if (!child.isAlive()) {
                System.err.println("local-stack: ERROR: the background launcher exited (code " + child.exitValue()
                        + ") before the stack was ready; see " + log);
                return 1;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Processes.stop(child.pid(), Duration.ofSeconds(90));
        System.err.println("local-stack: ERROR: the background stack was not ready in time and has been stopped; see " + log);
        return 1;
    }

    private static Optional<String> setsid() {
        // Its own session: closing the terminal or Ctrl-C in it later does not reach the background stack.
        return Stream.of("/usr/bin/setsid", "/bin/setsid").filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    /** --stop: asks the recorded launcher to stop everything, then stops by PID whatever is still there. */
    static int stop(Path stateDir) {
        RunRecord record = new RunRecord(stateDir);
        Map<String, Long> pids = record.readPids();
        if (pids.isEmpty()) {
            System.out.println("local-stack: no running stack recorded in " + stateDir + ": nothing to stop");
            return 0;
        }
        Long launcher = pids.get(RunRecord.LAUNCHER);
        if (launcher != null && isOurs(RunRecord.LAUNCHER, launcher)) {
            Processes.stop(launcher, Duration.ofSeconds(120));
        }
        List<String> stuck = new ArrayList<>();
        for (var part : pids.entrySet()) {
            long pid = part.getValue();
            if (!Processes.isAlive(pid) || !isOurs(part.getKey(), pid)) {
                continue;
            }
            if (part.getKey().equals(RunRecord.POSTGRES)) {
                Processes.signal(pid, "INT"); // PostgreSQL's fast shutdown
                ProcessHandle.of(pid).ifPresent(h -> Processes.awaitExit(h, Duration.ofSeconds(15)));
            }
            if (!Processes.stop(pid, Duration.ofSeconds(30))) {
                stuck.add(part.getKey() + " (pid " + pid + ")");
            }
        }
        if (!stuck.isEmpty()) {
            System.err.println("local-stack: ERROR: could not stop " + String.join(", ", stuck));
            return 1;
        }
        record.clearPids();
        record.clearStatus();
        System.out.println("local-stack: stopped " + String.join(", ", pids.keySet()) + " (state kept in " + stateDir + ")");
        return 0;
    }

    /** Whether a live PID still runs the part recorded under that name (a PID may have been reused since). */
    static boolean isOurs(String part, long pid) {
        Optional<String> commandLine = Processes.commandLine(pid);
        if (commandLine.isEmpty()) {
            return true; // the OS does not tell: trust the record
        }
        String line = commandLine.get();
        return switch (part) {
            case RunRecord.LAUNCHER -> line.contains(LocalStack.class.getName());
            case RunRecord.KAFKA -> line.contains(KafkaBroker.MARKER);
            case RunRecord.POSTGRES -> line.contains("postgres");
            default -> line.contains("-Dcop.local.part=" + part);
        };
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new StackException("cannot delete " + dir + " for --clean: " + e.getMessage(), e);
        }
    }
}
