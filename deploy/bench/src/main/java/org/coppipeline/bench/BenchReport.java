package org.coppipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The table, the goals and the JSON figures of one benchmark run. */
public final class BenchReport {

    static final List<String> SERVICES = List.of("gateway", "symptom-service", "exclusion-service", "treatment-service");
    static final double GOAL_RATIO = 0.05;
    static final double GOAL_P50_MS = 25;
    static final double GOAL_P99_MS = 60;
    static final double GOAL_READY_S = 30;
    static final double GOAL_RSS_MB = 200;

    private final ZonedDateTime started;
    private final String loadAtStart;
    private final BenchStack stack;
    private final RawBaseline.Result raw;
    private final StepResult warmup;
    private final List<StepResult> steps;
    private final StepResult saturation;
    private final StepResult half;
    private final Collection<String> parts;

    public BenchReport(ZonedDateTime started, String loadAtStart, BenchStack stack, RawBaseline.Result raw, StepResult warmup,
            List<StepResult> steps, StepResult saturation, StepResult half, Collection<String> parts) {
        this.started = started;
        this.loadAtStart = loadAtStart;
        this.stack = stack;
        this.raw = raw;
        this.warmup = warmup;
        this.steps = steps;
        this.saturation = saturation;
        this.half = half;
        this.parts = parts;
    }

    public double sustained() {
        return saturation.plannedPerSecond();
    }

    /** Sustained cases/s over raw produce+consume records/s; NaN without a baseline. */
    public double ratio() {
        return raw == null ? Double.NaN : sustained() / raw.produceConsumePerSecond();
    }

    public String ratioLine() {
        return String.format(Locale.ROOT, "pipeline/raw ratio: %.2f", ratio());
    }

    /** Highest RSS of each service over every measured step, MB. */
    double peakRss(String part) {
        return steps.stream().mapToDouble(s -> s.rssMb().getOrDefault(part, 0.0)).max().orElse(0);
    }

    static String machine() {
        String model = "unknown CPU";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
        } catch (IOException e) {
            // unknown
        }
        long memMb = 0;
        try {
            memMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> ProcessStats.parseKib(l.substring(9)) / 1024).findFirst().orElse(0);
        } catch (IOException e) {
            // unknown
        }
        return String.format(Locale.ROOT, "%d cores (%s), %d MiB RAM, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                model, memMb, System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
    }

    public String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%nCOP pipeline benchmark, %s%n", started.toString()));
        t.append("Machine: ").append(machine()).append('\n');
        t.append("Load average before the run: ").append(loadAtStart).append("  (valid only <= ").append(BenchOptions.QUIET_LOAD).append(")\n");
        t.append("Stack: ").append(stack.owned() ? "started by the benchmark (fresh data)" : "already running (" + stack.stateDir() + ")")
                .append(", gateway ").append(stack.gatewayUrl()).append(", kafka ").append(stack.bootstrapServers()).append('\n');
        if (raw != null) {
            t.append(String.format(Locale.ROOT,
                    "Raw broker (kafka-tools 4.1.1, %d records of %d B = the median case-planned record, acks=all, idempotent, 12 partitions):%n"
                            + "  produce %,.0f records/s (p99 %.0f ms), consume %,.0f records/s, produce+consume %,.0f records/s%n",
                    raw.records(), raw.recordBytes(), raw.producePerSecond(), raw.produceP99Ms(), raw.consumePerSecond(),
                    raw.produceConsumePerSecond()));
        }
        t.append(String.format(Locale.ROOT, "%nPipeline (open loop, POST -> case view reads planned; latencies in ms from the intended send time):%n"));
        t.append(String.format(Locale.ROOT, "%-16s %9s %10s %9s %7s %7s %7s %7s %9s %9s %6s %8s %5s %6s%n", "step", "offered/s", "accepted/s",
                "planned/s", "p50", "p95", "p99", "max", "POST p50", "POST p99", "errors", "CPUms/c", "GET/c", "others"));
        for (StepResult s : steps) {
            t.append(String.format(Locale.ROOT, "%-16s %9.1f %10.1f %9.1f %7.1f %7.1f %7.1f %7.1f %9.1f %9.1f %6d %8.2f %5.1f %6.2f%s%n",
                    s.label(), s.offeredPerSecond(), s.acceptedPerSecond(), s.plannedPerSecond(), s.latencyMs().p50(), s.latencyMs().p95(),
                    s.latencyMs().p99(), s.latencyMs().max(), s.acceptLatencyMs().p50(), s.acceptLatencyMs().p99(), s.errorCount(),
                    s.stackCpuMsPerCase(), s.viewReadsPerCase(), s.cpuCores().getOrDefault(ResourceSampler.OTHERS, 0.0),
                    s == saturation ? "  <- saturation" : ""));
        }
        t.append("  (CPUms/c = CPU ms the stack spent per planned case; GET/c = case-view GETs the benchmark sent per planned case\n"
                + "   to see it planned; others = CPU cores used by processes outside the stack\n"
                + "   and the benchmark during the step: above ~0.2 the step shared the machine)\n");
        steps.stream().filter(s -> s.errorCount() > 0).forEach(s -> t.append("  errors at ").append(s.label()).append(' ')
                .append(String.format(Locale.ROOT, "%.0f/s: ", s.offeredPerSecond())).append(s.errors()).append('\n'));
        t.append(String.format(Locale.ROOT, "Sustained: %.1f cases/s (planned/s at saturation)%n", sustained()));

        t.append(String.format(Locale.ROOT, "%nResources  %-24s %10s %10s %11s %13s %13s %9s%n", "process", "CPU @sat", "CPU @half",
                "CPUms/case", "RSS MB @sat", "RSS MB peak", "ready s"));
        for (String part : parts) {
            Double ready = stack.readySeconds().get(part);
            t.append(String.format(Locale.ROOT, "           %-24s %10.2f %10.2f %11.2f %13.0f %13.0f %9s%n", part,
                    saturation.cpuCores().getOrDefault(part, 0.0), half.cpuCores().getOrDefault(part, 0.0), saturation.cpuMsPerCase(part),
                    saturation.rssMb().getOrDefault(part, 0.0), peakRss(part), ready == null ? "-" : String.format(Locale.ROOT, "%.1f", ready)));
        }
        Double stackReady = stack.readySeconds().get("stack");
        t.append(String.format(Locale.ROOT, "           %-24s %10s %10s %11.2f %13s %13s %9s%n", "whole stack", "", "",
                saturation.stackCpuMsPerCase(), "", "",
                stackReady == null ? "-" : String.format(Locale.ROOT, "%.1f", stackReady)));

        t.append("\nGoals (this run):\n");
        for (Goal g : goals()) {
            t.append(String.format(Locale.ROOT, "  %-52s %-22s %s%n", g.name(), g.measured(), g.met() == null ? "n/a" : g.met() ? "met" : "NOT met"));
        }
        t.append("  rule cores >= 1,000,000 evaluations/s per core: JMH, deploy/bench/jmh.sh (not part of this run)\n");
        return t.toString();
    }

    record Goal(String name, String measured, Boolean met) {
    }

    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        double ratio = ratio();
        goals.add(new Goal("pipeline/raw >= " + GOAL_RATIO, Double.isNaN(ratio) ? "no baseline" : String.format(Locale.ROOT, "%.4f", ratio),
                Double.isNaN(ratio) ? null : ratio >= GOAL_RATIO));
        goals.add(new Goal(String.format(Locale.ROOT, "p50 POST->planned <= %.0f ms at %.0f/s (half sat.)", GOAL_P50_MS, half.offeredPerSecond()),
                String.format(Locale.ROOT, "%.1f ms", half.latencyMs().p50()), half.latencyMs().p50() <= GOAL_P50_MS));
        goals.add(new Goal(String.format(Locale.ROOT, "p99 POST->planned <= %.0f ms at %.0f/s (half sat.)", GOAL_P99_MS, half.offeredPerSecond()),
                String.format(Locale.ROOT, "%.1f ms", half.latencyMs().p99()), half.latencyMs().p99() <= GOAL_P99_MS));
        Double ready = stack.readySeconds().get("stack");
        goals.add(new Goal("whole stack ready <= " + (int) GOAL_READY_S + " s", ready == null ? "unknown (stack found running)"
                : String.format(Locale.ROOT, "%.1f s", ready), ready == null ? null : ready <= GOAL_READY_S));
        double worst = SERVICES.stream().mapToDouble(this::peakRss).max().orElse(0);
        String which = SERVICES.stream().max(java.util.Comparator.comparingDouble(this::peakRss)).orElse("");
        goals.add(new Goal("each service RSS <= " + (int) GOAL_RSS_MB + " MB under load", String.format(Locale.ROOT, "max %.0f MB (%s)", worst, which),
                worst <= GOAL_RSS_MB));
        return goals;
    }

    /** Writes bench-<time>.json and latest.json into {@code dir}; returns the first. */
    public Path writeJson(Path dir) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("started", started.toString());
        root.put("machine", machine());
        root.put("loadAverageAtStart", loadAtStart);
        root.put("quietLoadLimit", BenchOptions.QUIET_LOAD);
        ObjectNode stackNode = root.putObject("stack");
        stackNode.put("startedByBenchmark", stack.owned());
        stackNode.put("gateway", stack.gatewayUrl());
        stackNode.put("kafka", stack.bootstrapServers());
        ObjectNode ready = stackNode.putObject("readySeconds");
        stack.readySeconds().forEach(ready::put);
        if (raw != null) {
            ObjectNode r = root.putObject("raw");
            r.put("tool", "org.apache.kafka:kafka-tools:4.1.1 ProducerPerformance + ConsumerPerformance, one after the other");
            r.put("recordBytes", raw.recordBytes());
            r.put("records", raw.records());
            r.put("producePerSecond", raw.producePerSecond());
            r.put("produceP99Ms", raw.produceP99Ms());
            r.put("consumePerSecond", raw.consumePerSecond());
            r.put("produceConsumePerSecond", raw.produceConsumePerSecond());
            r.put("loadAverageBefore", raw.loadAverageBefore());
        }
        root.set("warmup", step(json, warmup));
        ArrayNode stepNodes = root.putArray("steps");
        steps.forEach(s -> stepNodes.add(step(json, s)));
        root.put("sustainedCasesPerSecond", sustained());
        root.put("saturationOfferedPerSecond", saturation.offeredPerSecond());
        root.put("halfSaturationOfferedPerSecond", half.offeredPerSecond());
        root.put("pipelineRawRatio", ratio());
        ArrayNode goalNodes = root.putArray("goals");
        for (Goal g : goals()) {
            ObjectNode n = goalNodes.addObject();
            n.put("goal", g.name());
            n.put("measured", g.measured());
            if (g.met() == null) {
                n.putNull("met");
            } else {
                n.put("met", g.met());
            }
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("bench-" + started.format(PipelineBench.STAMP) + ".json");
            json.writeValue(file.toFile(), root);
            Files.copy(file, dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the figures to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode step(ObjectMapper json, StepResult s) {
        ObjectNode n = json.createObjectNode();
        n.put("label", s.label());
        n.put("offeredPerSecond", s.offeredPerSecond());
        n.put("seconds", s.seconds());
        n.put("sent", s.sent());
        n.put("acceptedPerSecond", s.acceptedPerSecond());
        n.put("plannedPerSecond", s.plannedPerSecond());
        n.put("planned", s.planned());
        n.put("keptUp", s.keptUp());
        n.set("postToPlannedMs", percentiles(json, s.latencyMs()));
        n.set("postTo202Ms", percentiles(json, s.acceptLatencyMs()));
        n.set("postToCasePlannedRecordMs", percentiles(json, s.kafkaLatencyMs()));
        ObjectNode errors = n.putObject("errors");
        s.errors().forEach(errors::put);
        n.set("cpuCores", map(json, s.cpuCores()));
        n.set("peakRssMb", map(json, s.rssMb()));
        n.put("stackCpuMsPerCase", s.stackCpuMsPerCase());
        n.put("loadAverageBefore", s.loadAverageBefore());
        n.put("viewReads", s.viewReads());
        n.put("viewReadsPerCase", s.viewReadsPerCase());
        return n;
    }

    private static ObjectNode percentiles(ObjectMapper json, Percentiles p) {
        ObjectNode n = json.createObjectNode();
        n.put("count", p.count());
        n.put("p50", p.p50());
        n.put("p95", p.p95());
        n.put("p99", p.p99());
        n.put("max", p.max());
        return n;
    }

    private static ObjectNode map(ObjectMapper json, Map<String, Double> values) {
        ObjectNode n = json.createObjectNode();
        values.forEach((k, v) -> n.put(k, Math.round(v * 1000) / 1000.0));
        return n;
    }
}
