package org.coppipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import org.coppipeline.local.RepoLayout;
import org.coppipeline.local.StackException;
import org.coppipeline.local.StackOptions;

/**
 * deploy/bench/run.sh: the load benchmark of the local stack. In one run: the stack (running or started), with --cold
 * a first minute of load on the freshly started stack, a warm-up that also measures the typical case-planned record,
 * the raw broker baseline at that record size once the warm-up has drained and the machine is quiet, the pipeline at
 * rising offered rates up to saturation and at half of it (with --nmt, each service's native memory in its middle),
 * a CDS Hooks step, the resources of every process; then one table, the figures as JSON under the state folder, and
 * the line {@code pipeline/raw ratio: X.XX}.
 */
public final class PipelineBench {

    private PipelineBench() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested help) {
            System.out.println(BenchOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options);
            System.exit(0);
        } catch (StackException | IllegalStateException e) {
            System.err.println("bench: ERROR: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void progress(String line) {
        System.err.println(line);
        System.err.flush();
    }

    /** One attempt of the raw baseline, with the load it was taken under. */
    record RawAttempt(int number, RawBaseline.Result result, double loadAverageAfter, double stackCoresBesidesBroker,
            double othersCores, boolean quiet) {
    }

    /** Longest wait for a quiet machine before each raw attempt (the run's own --wait-quiet bounds it too). */
    static final double RAW_QUIET_WAIT_MINUTES = 5;
    /** The stack counts as drained when its processes use less CPU than this together (2 s samples, at most 60 s). */
    static final double IDLE_STACK_CORES = 0.2;

    static void run(BenchOptions options) {
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String loadAtStart = waitForQuiet(options.waitQuietMinutes());
        Path defaultState = options.stateDir() != null ? options.stateDir() : StackOptions.defaultStateDir();
        Optional<BenchStack> running = options.fresh() ? Optional.empty() : BenchStack.running(defaultState);
        double coldRate = options.cold() ? coldRate(options, defaultState) : 0;
        BenchStack stack;
        long readyAt = 0;
        if (running.isPresent()) {
            stack = running.get();
            progress("bench: using the stack running from " + defaultState + " (gateway " + stack.gatewayUrl() + "); its quotas are"
                    + " its own (gateway defaults: 200 requests/s, bursts of 400, 16 POSTs in flight per hospital, "
                    + options.hospitals() + " hospitals here): 429s are counted apart, use --fresh for unbound quotas");
        } else {
            Path own = defaultState.resolve("bench");
            progress("bench: starting a fresh local stack in " + own + " (free ports, quotas that do not bind"
                    + (options.nmt() ? ", Native Memory Tracking in the four services" : "") + ") ...");
            if (!options.serviceJvmOptions().isEmpty()) {
                progress("bench: service JVM options (JAVA_TOOL_OPTIONS): " + options.serviceJvmOptions());
            }
            stack = BenchStack.start(own, Duration.ofSeconds(120), options.nmt(), options.serviceJvmOptions());
            readyAt = System.nanoTime();
            progress(String.format(Locale.ROOT, "bench: stack ready in %.1f s", stack.readySeconds().getOrDefault("stack", Double.NaN)));
        }
        try (stack; ResourceSampler resources = new ResourceSampler(stack.pids());
                PipelineLoad load = new PipelineLoad(stack, hospitals(options.hospitals()), resources)) {
            Duration drain = Duration.ofSeconds((long) Math.max(60, options.seconds() * 4));
            List<StepResult> steps = new ArrayList<>();

            StepResult cold = null;
            if (options.cold()) {
                progress(String.format(Locale.ROOT, "bench: cold start: %.0f cases/s for %.0f s, the first POST %.1f s after ready",
                        coldRate, options.coldSeconds(), (System.nanoTime() - readyAt) / 1e9));
                cold = load.step("cold-start", coldRate, options.coldSeconds(), drain, PipelineBench::progress);
                progress(describe(cold));
            }

            progress("bench: warm-up (JIT, connections) at 50 cases/s, which also measures the typical case-planned record");
            StepResult warmup = load.step("warm-up", 50, options.warmupSeconds(), drain, PipelineBench::progress);
            progress(describe(warmup));
            int recordBytes = load.medianPlannedRecordBytes();
            progress("bench: typical case-planned record: " + recordBytes + " B (median of " + load.plannedRecordsSeen() + ")");

            List<RawAttempt> rawAttempts = new ArrayList<>();
            RawAttempt raw = null;
            if (!options.skipRaw() && recordBytes > 0) {
                raw = rawBaseline(options, stack, resources, recordBytes, rawAttempts);
            }

            Profiler profiler = options.jfr() ? new Profiler(stack.pids(), stack.stateDir().resolve("jfr")) : null;
            if (profiler != null) {
                progress("bench: JFR recording on every JVM of the stack");
                profiler.start();
            }
            Map<String, NativeMemory.Summary> nativeMemory = new LinkedHashMap<>();
            StepResult half;
            if (options.rate() > 0) {
                // R first, R/2 last: like the search's half-saturation step, the latency step runs on the warmest JIT.
                StepResult full = load.step("rate", options.rate(), options.seconds(), drain, PipelineBench::progress);
                progress(describe(full));
                steps.add(full);
                half = halfStep(load, resources, "rate/2", options.rate() / 2, options, stack, drain, nativeMemory);
                steps.add(half);
            } else {
                for (double rate = options.startRate(); rate <= options.maxRate(); rate *= 2) {
                    StepResult step = load.step("search", rate, options.seconds(), drain, PipelineBench::progress);
                    progress(describe(step));
                    steps.add(step);
                    if (!step.keptUp()) {
                        break;
                    }
                }
                double sustained = steps.stream().mapToDouble(StepResult::plannedPerSecond).max().orElse(0);
                half = halfStep(load, resources, "half-saturation", Math.max(1, Math.round(sustained / 2)), options, stack, drain,
                        nativeMemory);
                steps.add(half);
            }
            if (profiler != null) {
                progress("bench: JFR recordings: " + profiler.stop());
            }

            CdsResult cds = null;
            if (!options.skipCds()) {
                double cdsRate = options.cdsRate() > 0 ? options.cdsRate() : half.offeredPerSecond();
                progress(String.format(Locale.ROOT, "bench: CDS Hooks step: %.0f patient-view calls/s (%s), an order-sign call after every %d",
                        cdsRate, options.cdsRate() > 0 ? "--cds-rate" : "the half-saturation rate", options.cdsOrderEvery()));
                try (CdsLoad cdsLoad = new CdsLoad(stack, resources)) {
                    cds = cdsLoad.step("cds", cdsRate, options.seconds(), options.cdsOrderEvery(), drain, PipelineBench::progress);
                }
                progress(describe(cds));
            }

            StepResult saturation = steps.stream().max(Comparator.comparingDouble(StepResult::plannedPerSecond)).orElseThrow();
            BenchReport report = new BenchReport(started, loadAtStart, stack, raw, rawAttempts, warmup, steps, saturation, half,
                    resources.parts().keySet(), cold, cds, nativeMemory);
            Path json = report.writeJson(stack.stateDir().resolve("bench-results"));
            System.out.print(report.table());
            System.out.println("Figures: " + json);
            System.out.println(report.ratioLine());
        } finally {
            if (stack.owned()) {
                progress("bench: stopping the benchmark's stack");
            }
        }
    }

    /**
     * The half-saturation step, on a quiet stack: it follows the saturated step, whose backlog (the projector's above
     * all) and load average (9 in the run of 2026-12-05 08:10) would otherwise be measured as the latency at half
     * saturation. So, as before the raw baseline, it starts once the stack's processes are idle and the 1-minute load
     * average is at or below the limit (bounded waits; the step records the load average it started at). With --nmt,
     * each service's NMT summary is read in the middle of its window.
     */
    private static StepResult halfStep(PipelineLoad load, ResourceSampler resources, String label, double rate,
            BenchOptions options, BenchStack stack, Duration drain, Map<String, NativeMemory.Summary> nativeMemory) {
        double idle = awaitIdleStack(resources, Duration.ofSeconds(60));
        progress(String.format(Locale.ROOT, "bench: stack drained before the %s step (its processes use %.2f cores)", label, idle));
        waitForQuiet(Math.min(options.waitQuietMinutes(), RAW_QUIET_WAIT_MINUTES));
        ScheduledExecutorService capture = null;
        if (options.nmt()) {
            Map<String, Long> services = new LinkedHashMap<>();
            BenchReport.SERVICES.forEach(s -> Optional.ofNullable(stack.pids().get(s)).ifPresent(pid -> services.put(s, pid)));
            capture = Executors.newSingleThreadScheduledExecutor();
            capture.schedule(() -> {
                progress("bench: NMT: jcmd VM.native_memory summary of " + services.keySet() + " under load");
                nativeMemory.putAll(NativeMemory.captureAll(services));
            }, (long) (options.seconds() * 500), TimeUnit.MILLISECONDS);
        }
        try {
            StepResult half = load.step(label, rate, options.seconds(), drain, PipelineBench::progress);
            progress(describe(half));
            return half;
        } finally {
            if (capture != null) {
                capture.shutdown();
                try {
                    capture.awaitTermination(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The raw broker baseline on a quiet stack: after the warm-up has drained (every warm-up case planned, so no stage
     * and no projector has work left) and the stack's processes are idle, once the 1-minute load average is at or below
     * the limit (bounded wait). An attempt taken above the limit is repeated, up to --raw-attempts; every attempt is
     * reported with its load, the figure is the first quiet one's (or the least loaded one's, marked not valid).
     */
    private static RawAttempt rawBaseline(BenchOptions options, BenchStack stack, ResourceSampler resources, int recordBytes,
            List<RawAttempt> attempts) {
        RawBaseline baseline = new RawBaseline(stack.bootstrapServers(), toolsClasspath(), stack.stateDir().resolve("logs"));
        for (int attempt = 1; attempt <= options.rawAttempts(); attempt++) {
            double idle = awaitIdleStack(resources, Duration.ofSeconds(60));
            progress(String.format(Locale.ROOT, "bench: stack drained (its processes use %.2f cores)", idle));
            waitForQuiet(Math.min(options.waitQuietMinutes(), RAW_QUIET_WAIT_MINUTES));
            progress("bench: raw broker baseline, attempt " + attempt + " of at most " + options.rawAttempts()
                    + " (kafka-tools ProducerPerformance / ConsumerPerformance), load average " + ProcessStats.loadAverages());
            resources.begin();
            RawBaseline.Result result = baseline.run(recordBytes, options.rawRecords(), PipelineBench::progress);
            ResourceSampler.Window usage = resources.end();
            double besidesBroker = usage.cpuCores().entrySet().stream()
                    .filter(e -> StepResult.isStackPart(e.getKey()) && !e.getKey().equals("kafka"))
                    .mapToDouble(Map.Entry::getValue).sum();
            LoadGate.Verdict verdict = LoadGate.judge(result.loadAverageBefore(), BenchOptions.QUIET_LOAD, attempt, options.rawAttempts());
            attempts.add(new RawAttempt(attempt, result, ProcessStats.loadAverage1(), besidesBroker,
                    usage.cpuCores().getOrDefault(ResourceSampler.OTHERS, 0.0), verdict == LoadGate.Verdict.VALID));
            if (verdict != LoadGate.Verdict.REPEAT) {
                break;
            }
            progress("bench: the load average was " + result.loadAverageBefore() + " > " + BenchOptions.QUIET_LOAD
                    + " before that attempt: it is repeated");
        }
        RawAttempt chosen = attempts.get(LoadGate.chosen(attempts.stream().map(a -> a.result().loadAverageBefore()).toList(),
                BenchOptions.QUIET_LOAD));
        if (!chosen.quiet()) {
            progress("bench: WARNING: no raw attempt started on a quiet machine: the baseline (and the ratio) are not valid");
        }
        return chosen;
    }

    /** Samples the stack's CPU over 2 s windows until its processes are idle together, at most {@code maxWait}. */
    private static double awaitIdleStack(ResourceSampler resources, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        double cores;
        do {
            resources.begin();
            LockSupport.parkNanos(2_000_000_000L);
            cores = resources.end().cpuCores().entrySet().stream().filter(e -> StepResult.isStackPart(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).sum();
        } while (cores > IDLE_STACK_CORES && System.nanoTime() < deadline);
        return cores;
    }

    /**
     * Rate of the cold step: --cold-rate, else half of --rate, else the half-saturation rate of the latest figures in the
     * state folder (the benchmark's own stack's first), else {@link BenchOptions#COLD_DEFAULT_RATE}.
     */
    static double coldRate(BenchOptions options, Path defaultState) {
        if (options.coldRate() > 0) {
            return options.coldRate();
        }
        if (options.rate() > 0) {
            return options.rate() / 2;
        }
        for (Path latest : List.of(defaultState.resolve("bench/bench-results/latest.json"), defaultState.resolve("bench-results/latest.json"))) {
            try {
                double half = new com.fasterxml.jackson.databind.ObjectMapper().readTree(latest.toFile())
                        .path("halfSaturationOfferedPerSecond").asDouble(0);
                if (half > 0) {
                    progress("bench: cold-start rate: the half-saturation rate of " + latest);
                    return half;
                }
            } catch (IOException e) {
                // next
            }
        }
        return BenchOptions.COLD_DEFAULT_RATE;
    }

    static List<String> hospitals(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "bench-hosp-" + i).toList();
    }

    static String describe(StepResult s) {
        return String.format(Locale.ROOT,
                "bench: %s at %.0f/s: accepted %.1f/s, planned %.1f/s, POST->planned p50 %.1f p95 %.1f p99 %.1f max %.1f ms, errors %d%s, 429s %d,"
                        + " generator %.2f CPU ms/case",
                s.label(), s.offeredPerSecond(), s.acceptedPerSecond(), s.plannedPerSecond(), s.latencyMs().p50(),
                s.latencyMs().p95(), s.latencyMs().p99(), s.latencyMs().max(), s.errorCount(), s.errors().isEmpty() ? "" : " " + s.errors(),
                s.throttled(), s.generatorCpuMsPerCase());
    }

    static String describe(CdsResult c) {
        return String.format(Locale.ROOT,
                "bench: %s at %.0f/s: hook->cards p50 %.1f p99 %.1f max %.1f ms, answers %s, errors %d%s, 429s %d; order-sign %d: p50 %.1f p99 %.1f ms %s",
                c.label(), c.offeredPerSecond(), c.latencyMs().p50(), c.latencyMs().p99(), c.latencyMs().max(), c.answers(), c.errorCount(),
                c.errors().isEmpty() ? "" : " " + c.errors(), c.throttled(), c.ordersSent(), c.orderLatencyMs().p50(),
                c.orderLatencyMs().p99(), c.orderAnswers());
    }

    /** Waits (bounded) for the machine to be quiet; returns the load averages seen when starting. */
    static String waitForQuiet(double minutes) {
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        while (ProcessStats.loadAverage1() > BenchOptions.QUIET_LOAD && System.nanoTime() < deadline) {
            progress("bench: load average " + ProcessStats.loadAverages() + " > " + BenchOptions.QUIET_LOAD
                    + ": waiting for a quiet machine (figures taken now would not be valid)");
            try {
                Thread.sleep(10_000); // the kernel updates the load average every 5 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ProcessStats.loadAverage1() > BenchOptions.QUIET_LOAD) {
            progress("bench: WARNING: load average still " + ProcessStats.loadAverages() + ": the figures of this run are not valid");
        }
        return ProcessStats.loadAverages();
    }

    /** target/kafka-tools.classpath of this module, written at build time. */
    static String toolsClasspath() {
        String configured = System.getProperty("cop.bench.tools.classpath.file");
        Path file = configured != null ? Path.of(configured)
                : RepoLayout.locate().root().resolve("deploy/bench/target/kafka-tools.classpath");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("the Kafka tools classpath " + file + " is missing: build with ./mvnw -B -pl deploy/bench -am -DskipTests package");
        }
    }

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
}
