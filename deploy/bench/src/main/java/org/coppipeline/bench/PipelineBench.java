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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

import org.coppipeline.local.RepoLayout;
import org.coppipeline.local.StackException;
import org.coppipeline.local.StackOptions;

/**
 * deploy/bench/run.sh: the load benchmark of the local stack. In one run: the stack (running or started), a
 * warm-up that also measures the typical case-planned record, the raw broker baseline at that record size, the
 * pipeline at rising offered rates up to saturation and at half of it, the resources of every process; then one
 * table, the figures as JSON under the state folder, and the line {@code pipeline/raw ratio: X.XX}.
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

    static void run(BenchOptions options) {
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String loadAtStart = waitForQuiet(options.waitQuietMinutes());
        Path defaultState = options.stateDir() != null ? options.stateDir() : StackOptions.defaultStateDir();
        Optional<BenchStack> running = options.fresh() ? Optional.empty() : BenchStack.running(defaultState);
        BenchStack stack;
        if (running.isPresent()) {
            stack = running.get();
            progress("bench: using the stack running from " + defaultState + " (gateway " + stack.gatewayUrl() + ")");
        } else {
            Path own = defaultState.resolve("bench");
            progress("bench: starting a fresh local stack in " + own + " (free ports) ...");
            stack = BenchStack.start(own, Duration.ofSeconds(120));
            progress(String.format(Locale.ROOT, "bench: stack ready in %.1f s", stack.readySeconds().getOrDefault("stack", Double.NaN)));
        }
        try (stack; ResourceSampler resources = new ResourceSampler(stack.pids());
                PipelineLoad load = new PipelineLoad(stack, hospitals(options.hospitals()), resources)) {
            Duration drain = Duration.ofSeconds((long) Math.max(60, options.seconds() * 4));
            List<StepResult> steps = new ArrayList<>();

            progress("bench: warm-up (JIT, connections) at 50 cases/s, which also measures the typical case-planned record");
            StepResult warmup = load.step("warm-up", 50, options.warmupSeconds(), drain, PipelineBench::progress);
            progress(describe(warmup));
            int recordBytes = load.medianPlannedRecordBytes();
            progress("bench: typical case-planned record: " + recordBytes + " B (median of " + load.plannedRecordsSeen() + ")");

            RawBaseline.Result raw = null;
            if (!options.skipRaw() && recordBytes > 0) {
                progress("bench: raw broker baseline (kafka-tools ProducerPerformance / ConsumerPerformance)");
                raw = new RawBaseline(stack.bootstrapServers(), toolsClasspath(), stack.stateDir().resolve("logs"))
                        .run(recordBytes, options.rawRecords(), PipelineBench::progress);
            }

            Profiler profiler = options.jfr() ? new Profiler(stack.pids(), stack.stateDir().resolve("jfr")) : null;
            if (profiler != null) {
                progress("bench: JFR recording on every JVM of the stack");
                profiler.start();
            }
            StepResult half;
            if (options.rate() > 0) {
                // R first, R/2 last: like the search's half-saturation step, the latency step runs on the warmest JIT.
                StepResult full = load.step("rate", options.rate(), options.seconds(), drain, PipelineBench::progress);
                progress(describe(full));
                steps.add(full);
                half = load.step("rate/2", options.rate() / 2, options.seconds(), drain, PipelineBench::progress);
                progress(describe(half));
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
                half = load.step("half-saturation", Math.max(1, Math.round(sustained / 2)), options.seconds(), drain,
                        PipelineBench::progress);
                progress(describe(half));
                steps.add(half);
            }
            if (profiler != null) {
                progress("bench: JFR recordings: " + profiler.stop());
            }
            StepResult saturation = steps.stream().max(Comparator.comparingDouble(StepResult::plannedPerSecond)).orElseThrow();
            BenchReport report = new BenchReport(started, loadAtStart, stack, raw, warmup, steps, saturation, half,
                    resources.parts().keySet());
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

    static List<String> hospitals(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "bench-hosp-" + i).toList();
    }

    static String describe(StepResult s) {
        return String.format(Locale.ROOT,
                "bench: %s at %.0f/s: accepted %.1f/s, planned %.1f/s, POST->planned p50 %.1f p95 %.1f p99 %.1f max %.1f ms, errors %d%s",
                s.label(), s.offeredPerSecond(), s.acceptedPerSecond(), s.plannedPerSecond(), s.latencyMs().p50(),
                s.latencyMs().p95(), s.latencyMs().p99(), s.latencyMs().max(), s.errorCount(), s.errors().isEmpty() ? "" : " " + s.errors());
    }

    /** Waits (bounded) for the machine to be quiet; returns the load averages seen when starting. */
    static String waitForQuiet(double minutes) {
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        while (ProcessStats.loadAverage1() > BenchOptions.QUIET_LOAD && System.nanoTime() < deadline) {
            progress("bench: load average " + ProcessStats.loadAverages() + " > " + BenchOptions.QUIET_LOAD
                    + ": waiting for a quiet machine (figures taken now would not be valid)");
            try {
                Thread.sleep(30_000);
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
