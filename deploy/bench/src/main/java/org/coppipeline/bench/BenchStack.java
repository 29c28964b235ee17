package org.coppipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.coppipeline.local.DevKeys;
import org.coppipeline.local.LocalStack;
import org.coppipeline.local.Processes;
import org.coppipeline.local.RepoLayout;
import org.coppipeline.local.Service;
import org.coppipeline.local.StackOptions;

/**
 * The stack under test: either one this benchmark starts (fresh data, free ports, its own state folder) or a
 * stack already running from a state folder (deploy/local/run.sh), found through the PIDs and the summary it
 * recorded there.
 */
public final class BenchStack implements AutoCloseable {

    /** Part name (kafka, postgres, gateway, symptom-service, ...) to PID; PostgreSQL's figures include its backends. */
    private final Map<String, Long> pids;
    private final String bootstrapServers;
    private final String gatewayUrl;
    private final Path stateDir;
    private final DevKeys keys;
    /** Part name to start-to-ready seconds ("stack" for the whole), where known. */
    private final Map<String, Double> readySeconds;
    private final LocalStack owned;

    private BenchStack(Map<String, Long> pids, String bootstrapServers, String gatewayUrl, Path stateDir,
            Map<String, Double> readySeconds, LocalStack owned) {
        this.pids = pids;
        this.bootstrapServers = bootstrapServers;
        this.gatewayUrl = gatewayUrl;
        this.stateDir = stateDir;
        this.keys = DevKeys.load(stateDir);
        this.readySeconds = readySeconds;
        this.owned = owned;
    }

    /**
     * The gateway's per-hospital quotas (CONTRACT 1.1, issue 14) on the benchmark's own stack, set explicitly so that
     * they never bind: the benchmark measures the pipeline, not the quota. The defaults (200 requests/s with bursts of
     * 400, 16 POSTs in flight per hospital) would cap 4 hospitals at ~800 requests/s, ~270-400 cases/s at 1-2 GETs per
     * case, and 64 POSTs in flight, which a step past saturation exceeds (POSTs then wait for seconds): the search would
     * find the quota. POSTs in flight are capped by the generator's own bound (1,024) instead. A 429 is still counted
     * apart from the errors, for a stack found running with its own quotas.
     */
    static final Map<String, String> UNBOUND_QUOTAS = Map.of(
            "GATEWAY_QUOTA_REQUESTS_PER_SECOND", "1000000",
            "GATEWAY_QUOTA_BURST", "1000000",
            "GATEWAY_QUOTA_POSTS_IN_FLIGHT", "1024");

    /** --nmt: Native Memory Tracking in every service JVM, through the variable every JVM reads (no launcher change). */
    static final Map<String, String> NMT = Map.of("JAVA_TOOL_OPTIONS", "-XX:NativeMemoryTracking=summary");

    /** The environment of the benchmark's own stack's services. */
    static Map<String, String> serviceEnvironment(boolean nativeMemoryTracking) {
        return serviceEnvironment(nativeMemoryTracking, "");
    }

    /** The same, with --service-jvm-options after NMT's in the one variable every JVM reads. */
    static Map<String, String> serviceEnvironment(boolean nativeMemoryTracking, String jvmOptions) {
        Map<String, String> env = new LinkedHashMap<>(UNBOUND_QUOTAS);
        String tool = ((nativeMemoryTracking ? NMT.get("JAVA_TOOL_OPTIONS") : "") + " " + jvmOptions).trim();
        if (!tool.isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", tool);
        }
        return env;
    }

    /** Starts broker, PostgreSQL and the four services on free ports, from empty data, and waits until all are ready. */
    public static BenchStack start(Path stateDir, Duration readyTimeout, boolean nativeMemoryTracking) {
        return start(stateDir, readyTimeout, nativeMemoryTracking, "");
    }

    /** The same, with JVM options for the four services (--service-jvm-options). */
    public static BenchStack start(Path stateDir, Duration readyTimeout, boolean nativeMemoryTracking, String jvmOptions) {
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.allOf(Service.class),
                null, "postgres", "postgres", 0, 0, 0, 0, readyTimeout, true);
        LocalStack stack = LocalStack.start(options, RepoLayout.locate(), stateDir, serviceEnvironment(nativeMemoryTracking, jvmOptions));
        Map<String, Long> pids = new LinkedHashMap<>(stack.pids());
        pids.remove("launcher");
        Map<String, Double> ready = new LinkedHashMap<>();
        ready.put("stack", seconds(stack.timeToReady()));
        ready.put("kafka", seconds(stack.brokerStartTime()));
        for (Service service : Service.values()) {
            stack.service(service).ifPresent(s -> ready.put(service.module(), seconds(s.timeToReady())));
        }
        String gateway = stack.service(Service.GATEWAY).orElseThrow().url("");
        return new BenchStack(pids, stack.broker().bootstrapServers(), gateway, stack.stateDir(), ready, stack);
    }

    /** The stack recorded as running in {@code stateDir}, if its parts are alive. */
    public static Optional<BenchStack> running(Path stateDir) {
        Path pidsFile = stateDir.resolve("stack.pids");
        if (!Files.isRegularFile(pidsFile)) {
            return Optional.empty();
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(pidsFile)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    pids.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        pids.remove("launcher");
        if (!pids.containsKey("gateway") || !pids.containsKey("kafka")
                || !pids.values().stream().allMatch(Processes::isAlive)) {
            return Optional.empty();
        }
        String summary = "";
        try {
            Path status = stateDir.resolve("stack.status");
            if (Files.isRegularFile(status)) {
                summary = Files.readString(status);
            }
        } catch (IOException e) {
            // the defaults below
        }
        String gateway = find(summary, "Gateway API\\s+(http://[^/\\s]+)").orElse("http://127.0.0.1:8080");
        String kafka = find(summary, "Kafka\\s+(\\S+:\\d+)").orElse("127.0.0.1:9092");
        return Optional.of(new BenchStack(pids, kafka, gateway, stateDir, readyTimes(summary), null));
    }

    /** Start-to-ready figures from the summary a --background launcher wrote (stack.status); empty for a foreground one. */
    static Map<String, Double> readyTimes(String summary) {
        Map<String, Double> ready = new LinkedHashMap<>();
        find(summary, "ready in ([0-9.]+) s \\(kafka started").ifPresent(s -> ready.put("stack", Double.parseDouble(s)));
        find(summary, "kafka started in ([0-9.]+) s").ifPresent(s -> ready.put("kafka", Double.parseDouble(s)));
        Matcher service = Pattern.compile("(?m)^\\s+([a-z-]+)\\s+http://\\S+/q/health/ready.*\\(ready in ([0-9.]+) s\\)").matcher(summary);
        while (service.find()) {
            ready.put(service.group(1), Double.parseDouble(service.group(2)));
        }
        return ready;
    }

    private static Optional<String> find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }

    public Map<String, Long> pids() {
        return pids;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** http://host:port of the gateway, no trailing slash. */
    public String gatewayUrl() {
        return gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    public Path stateDir() {
        return stateDir;
    }

    public DevKeys keys() {
        return keys;
    }

    public Map<String, Double> readySeconds() {
        return readySeconds;
    }

    public boolean owned() {
        return owned != null;
    }

    /** Stops the stack if this benchmark started it; a stack found running is left running. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
