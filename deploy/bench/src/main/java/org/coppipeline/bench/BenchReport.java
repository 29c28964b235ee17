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
    static final double GOAL_CDS_P99_MS = 500;
    /**
     * The method of the figures (issue 15 changed it; README "Method"): figures of different methods are not comparable.
     * v1 (to 2026-11-26): raw baseline right after the warm-up, no load gate, generator CPU only in the resources table,
     * up to ~2.5 full GETs per case, the gateway's default quotas. v2 and v3: the changes listed in the README.
     */
    static final String METHOD = "v3 (issue 15): raw baseline after the warm-up drained on a quiet machine (load gate,"
            + " repeated), generator CPU per case apart, conditional view re-reads, quotas unbound on the own stack, 429s apart;"
            + " v3: the half-saturation step too starts on a drained stack and a quiet machine";

    private final ZonedDateTime started;
    private final String loadAtStart;
    private final BenchStack stack;
    private final RawBaseline.Result raw;
    private final PipelineBench.RawAttempt rawChosen;
    private final List<PipelineBench.RawAttempt> rawAttempts;
    private final StepResult warmup;
    private final List<StepResult> steps;
    private final StepResult saturation;
    private final StepResult half;
    private final Collection<String> parts;
    private final StepResult cold;
    private final CdsResult cds;
    private final Map<String, NativeMemory.Summary> nativeMemory;

    public BenchReport(ZonedDateTime started, String loadAtStart, BenchStack stack, PipelineBench.RawAttempt raw,
            List<PipelineBench.RawAttempt> rawAttempts, StepResult warmup, List<StepResult> steps, StepResult saturation,
            StepResult half, Collection<String> parts, StepResult cold, CdsResult cds, Map<String, NativeMemory.Summary> nativeMemory) {
        this.started = started;
        this.loadAtStart = loadAtStart;
        this.stack = stack;
        this.rawChosen = raw;
        this.raw = raw == null ? null : raw.result();
        this.rawAttempts = rawAttempts;
        this.cold = cold;
        this.cds = cds;
        this.nativeMemory = nativeMemory;
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
        t.append("Method: ").append(METHOD).append('\n');
        t.append("Load average before the run: ").append(loadAtStart).append("  (valid only <= ").append(BenchOptions.QUIET_LOAD).append(")\n");
        t.append("Stack: ").append(stack.owned() ? "started by the benchmark (fresh data)" : "already running (" + stack.stateDir() + ")")
                .append(", gateway ").append(stack.gatewayUrl()).append(", kafka ").append(stack.bootstrapServers()).append('\n');
        if (raw != null) {
            t.append(String.format(Locale.ROOT,
                    "Raw broker (kafka-tools 4.1.1, %d records of %d B = the median case-planned record, acks=all, idempotent, 12 partitions):%n"
                            + "  produce %,.0f records/s (p99 %.0f ms), consume %,.0f records/s, produce+consume %,.0f records/s%n",
                    raw.records(), raw.recordBytes(), raw.producePerSecond(), raw.produceP99Ms(), raw.consumePerSecond(),
                    raw.produceConsumePerSecond()));
            for (PipelineBench.RawAttempt a : rawAttempts) {
                t.append(String.format(Locale.ROOT,
                        "  attempt %d: load average %.2f before, %.2f after (limit %.1f): %s; produce+consume %,.0f records/s;"
                                + " stack besides the broker %.2f cores, others %.2f cores%s%n",
                        a.number(), a.result().loadAverageBefore(), a.loadAverageAfter(), BenchOptions.QUIET_LOAD,
                        a.quiet() ? "quiet" : "NOT quiet", a.result().produceConsumePerSecond(), a.stackCoresBesidesBroker(),
                        a.othersCores(), a == rawChosen ? "  <- reported" : ""));
            }
            if (!rawChosen.quiet()) {
                t.append("  NOT VALID: no attempt started on a quiet machine\n");
            }
        }
        if (cold != null) {
            t.append(coldSection());
        }
        t.append(String.format(Locale.ROOT, "%nPipeline (open loop, POST -> case view reads planned; latencies in ms from the intended send time):%n"));
        t.append(String.format(Locale.ROOT, "%-16s %9s %10s %9s %7s %7s %7s %7s %9s %9s %6s %5s %8s %6s %5s %5s %6s%n", "step", "offered/s",
                "accepted/s", "planned/s", "p50", "p95", "p99", "max", "POST p50", "POST p99", "errors", "429s", "CPUms/c", "gen/c",
                "GET/c", "304/c", "others"));
        for (StepResult s : steps) {
            t.append(stepRow(s, s == saturation ? "  <- saturation" : ""));
        }
        t.append("  (CPUms/c = CPU ms the stack spent per planned case; gen/c = CPU ms of the benchmark's own JVM (generator,\n"
                + "   planned watcher, sampler) per planned case, not in CPUms/c; GET/c = case-view GETs per planned case, of which\n"
                + "   304/c re-reads answered 304 (no body); 429s = POSTs and GETs refused by the gateway's quotas, not errors;\n"
                + "   others = CPU cores used by processes outside the stack and the benchmark: above ~0.2 the step shared the machine)\n");
        steps.stream().filter(s -> s.errorCount() > 0).forEach(s -> t.append("  errors at ").append(s.label()).append(' ')
                .append(String.format(Locale.ROOT, "%.0f/s: ", s.offeredPerSecond())).append(s.errors()).append('\n'));
        steps.stream().filter(s -> s.throttled() > 0).forEach(s -> t.append(String.format(Locale.ROOT,
                "  429s at %s %.0f/s: %d POSTs, %d GETs (the gateway's per-hospital quotas)%n", s.label(), s.offeredPerSecond(),
                s.postThrottled(), s.getThrottled())));
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
        if (cold != null) {
            t.append(cold.hops().table(String.format(Locale.ROOT, "cold start at %.0f/s", cold.offeredPerSecond())));
            t.append(cold.hops().bucketTable());
        }
        t.append(half.hops().table(String.format(Locale.ROOT, "%s step at %.0f/s", half.label(), half.offeredPerSecond())));
        if (cds != null) {
            t.append(cdsSection());
        }
        if (!nativeMemory.isEmpty()) {
            t.append(nativeMemorySection());
        }

        t.append("\nGoals (this run):\n");
        for (Goal g : goals()) {
            t.append(String.format(Locale.ROOT, "  %-52s %-22s %s%n", g.name(), g.measured(), g.met() == null ? "n/a" : g.met() ? "met" : "NOT met"));
        }
        t.append("  rule cores >= 1,000,000 evaluations/s per core: JMH, deploy/bench/jmh.sh (not part of this run)\n");
        return t.toString();
    }

    private static String stepRow(StepResult s, String note) {
        return String.format(Locale.ROOT, "%-16s %9.1f %10.1f %9.1f %7.1f %7.1f %7.1f %7.1f %9.1f %9.1f %6d %5d %8.2f %6.2f %5.1f %5.1f %6.2f%s%n",
                s.label(), s.offeredPerSecond(), s.acceptedPerSecond(), s.plannedPerSecond(), s.latencyMs().p50(), s.latencyMs().p95(),
                s.latencyMs().p99(), s.latencyMs().max(), s.acceptLatencyMs().p50(), s.acceptLatencyMs().p99(), s.errorCount(),
                s.throttled(), s.stackCpuMsPerCase(), s.generatorCpuMsPerCase(), s.viewReadsPerCase(), s.notModifiedPerCase(),
                s.cpuCores().getOrDefault(ResourceSampler.OTHERS, 0.0), note);
    }

    private String coldSection() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%nCold start (a fresh stack offered %.0f cases/s from its first second after ready, %.0f s):%n",
                cold.offeredPerSecond(), cold.seconds()));
        t.append(String.format(Locale.ROOT, "  errors %d %s, 429s %d; POST->planned p50 %.1f ms, p99 %.1f ms, max %.1f ms; planned %d of %d sent%n",
                cold.errorCount(), cold.errors(), cold.throttled(), cold.latencyMs().p50(), cold.latencyMs().p99(), cold.latencyMs().max(),
                cold.planned(), cold.sent()));
        Timeline line = cold.timeline();
        t.append("  per ").append(line.bucketSeconds()).append(" s from the first POST:  planned/s");
        for (double rate : line.plannedPerSecond()) {
            t.append(String.format(Locale.ROOT, " %6.1f", rate));
        }
        t.append("\n").append(" ".repeat(35)).append("errors   ");
        for (int i = 0; i < line.errors().length; i++) {
            t.append(String.format(Locale.ROOT, " %6d", line.errors()[i] + line.throttled()[i]));
        }
        t.append('\n');
        return t.toString();
    }

    private String cdsSection() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%nCDS Hooks (patient-view of a fresh chart, open loop, %.0f calls/s for %.0f s; latency from the intended"
                + " send to the cards):%n", cds.offeredPerSecond(), cds.seconds()));
        t.append(String.format(Locale.ROOT, "  patient-view  %d sent: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; final cards %d, \"in progress\" %d,"
                + " answers %s; errors %d %s; 429s %d%n", cds.sent(), cds.latencyMs().p50(), cds.latencyMs().p95(), cds.latencyMs().p99(),
                cds.latencyMs().max(), cds.finalCards(), cds.inProgress(), cds.answers(), cds.errorCount(), cds.errors(), cds.throttled()));
        t.append(String.format(Locale.ROOT, "  order-sign    %d sent (after every N-th answer, the same chart + a prednisone draft): p50 %.1f ms,"
                + " p99 %.1f ms; answers %s%n", cds.ordersSent(), cds.orderLatencyMs().p50(), cds.orderLatencyMs().p99(), cds.orderAnswers()));
        t.append(String.format(Locale.ROOT, "  stack %.2f CPU ms per call, generator %.2f CPU ms per call, others %.2f cores%n",
                cds.stackCpuMsPerHook(), cds.generatorCpuMsPerHook(), cds.cpuCores().getOrDefault(ResourceSampler.OTHERS, 0.0)));
        return t.toString();
    }

    private String nativeMemorySection() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%nNative memory (NMT summary, committed MB, in the middle of the %s step; RSS at the same moment):%n",
                half.label()));
        t.append(String.format(Locale.ROOT, "  %-20s %7s %8s", "service", "RSS", "NMT sum"));
        for (String c : NativeMemory.COLUMNS) {
            t.append(String.format(Locale.ROOT, " %9s", c));
        }
        t.append(String.format(Locale.ROOT, " %7s%n", "rest"));
        nativeMemory.forEach((part, m) -> {
            t.append(String.format(Locale.ROOT, "  %-20s %7.0f %8.0f", part, m.rssMb(), m.totalMb()));
            for (String c : NativeMemory.COLUMNS) {
                t.append(String.format(Locale.ROOT, " %9.1f", m.committedMb(c)));
            }
            t.append(String.format(Locale.ROOT, " %7.1f%n", m.restMb()));
        });
        t.append("  (committed is what the JVM reserved and asked for; RSS is what is resident: heap committed but untouched is not;\n"
                + "   rest = Symbol, Compiler, Arena Chunk, NMT itself, Module, ...; NMT costs CPU: this run's CPU figures are not comparable)\n");
        return t.toString();
    }

    record Goal(String name, String measured, Boolean met) {
    }

    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        double ratio = ratio();
        boolean validBaseline = rawChosen != null && rawChosen.quiet();
        goals.add(new Goal("pipeline/raw >= " + GOAL_RATIO, Double.isNaN(ratio) ? "no baseline"
                : String.format(Locale.ROOT, "%.4f%s", ratio, validBaseline ? "" : " (raw NOT VALID)"),
                Double.isNaN(ratio) || !validBaseline ? null : ratio >= GOAL_RATIO));
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
        if (cds != null) {
            goals.add(new Goal(String.format(Locale.ROOT, "CDS hook p99 <= %.0f ms at %.0f/s", GOAL_CDS_P99_MS, cds.offeredPerSecond()),
                    String.format(Locale.ROOT, "%.1f ms", cds.latencyMs().p99()),
                    cds.latencyMs().count() > 0 && cds.latencyMs().p99() <= GOAL_CDS_P99_MS && cds.errorCount() == 0));
        }
        if (cold != null) {
            goals.add(new Goal(String.format(Locale.ROOT, "cold stack, first %.0f s at %.0f/s: 0 errors", cold.seconds(), cold.offeredPerSecond()),
                    String.format(Locale.ROOT, "%d errors, %d 429s", cold.errorCount(), cold.throttled()),
                    cold.errorCount() == 0 && cold.throttled() == 0));
        }
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
        root.put("method", METHOD);
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
            r.put("attempt", rawChosen.number());
            r.put("valid", rawChosen.quiet());
            ArrayNode attempts = r.putArray("attempts");
            for (PipelineBench.RawAttempt a : rawAttempts) {
                ObjectNode n = attempts.addObject();
                n.put("attempt", a.number());
                n.put("loadAverageBefore", a.result().loadAverageBefore());
                n.put("loadAverageAfter", a.loadAverageAfter());
                n.put("quiet", a.quiet());
                n.put("producePerSecond", a.result().producePerSecond());
                n.put("consumePerSecond", a.result().consumePerSecond());
                n.put("produceConsumePerSecond", a.result().produceConsumePerSecond());
                n.put("stackCoresBesidesBroker", a.stackCoresBesidesBroker());
                n.put("othersCores", a.othersCores());
            }
        }
        if (cold != null) {
            root.set("coldStart", step(json, cold));
        }
        root.set("warmup", step(json, warmup));
        ArrayNode stepNodes = root.putArray("steps");
        steps.forEach(s -> stepNodes.add(step(json, s)));
        root.put("sustainedCasesPerSecond", sustained());
        root.put("saturationOfferedPerSecond", saturation.offeredPerSecond());
        root.put("halfSaturationOfferedPerSecond", half.offeredPerSecond());
        root.put("pipelineRawRatio", ratio());
        if (cds != null) {
            root.set("cds", cds(json, cds));
        }
        if (!nativeMemory.isEmpty()) {
            ObjectNode nmt = root.putObject("nativeMemoryCommittedMb");
            nativeMemory.forEach((part, m) -> {
                ObjectNode n = nmt.putObject(part);
                n.put("rssMb", m.rssMb());
                n.put("totalMb", m.totalMb());
                m.committedKib().forEach((category, kib) -> n.put(category, Math.round(kib * 1024 / 1e3) / 1e3));
            });
        }
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
        n.put("viewNotModified", s.viewNotModified());
        n.put("postThrottled", s.postThrottled());
        n.put("getThrottled", s.getThrottled());
        n.put("generatorCpuMsPerCase", s.generatorCpuMsPerCase());
        n.set("hops", hops(json, s.hops()));
        ObjectNode timeline = n.putObject("timeline");
        timeline.put("bucketSeconds", s.timeline().bucketSeconds());
        ArrayNode accepted = timeline.putArray("accepted");
        ArrayNode planned = timeline.putArray("planned");
        ArrayNode errorCounts = timeline.putArray("errors");
        ArrayNode throttled = timeline.putArray("throttled");
        for (int i = 0; i < s.timeline().planned().length; i++) {
            accepted.add(s.timeline().accepted()[i]);
            planned.add(s.timeline().planned()[i]);
            errorCounts.add(s.timeline().errors()[i]);
            throttled.add(s.timeline().throttled()[i]);
        }
        return n;
    }

    private static ObjectNode hops(ObjectMapper json, HopBreakdown h) {
        ObjectNode n = json.createObjectNode();
        n.put("cases", h.cases());
        n.put("incomplete", h.incomplete());
        ObjectNode perHop = n.putObject("perHopMs");
        h.hops().forEach((name, s) -> perHop.set(name, summary(json, s)));
        ObjectNode fromSend = n.putObject("fromIntendedSendMs");
        h.cumulative().forEach((name, s) -> fromSend.set(name, summary(json, s)));
        ObjectNode side = n.putObject("sideBranchesMs");
        side.set(HopBreakdown.ANSWER_HOP, summary(json, h.answer()));
        side.set(HopBreakdown.PROJECTOR_HOP, summary(json, h.projector()));
        side.set(HopBreakdown.READ_HOP, summary(json, h.read()));
        side.set(HopBreakdown.CONFIRM_WAIT_HOP, summary(json, h.confirmWait()));
        side.set(HopBreakdown.LATE_HOP, summary(json, h.late()));
        side.set(HopBreakdown.GET_HOP, summary(json, h.get()));
        n.put("tailCases", h.tailCases());
        ObjectNode largest = n.putObject("tailLongestHop");
        h.tailLargestHop().forEach(largest::put);
        if (!h.buckets().isEmpty()) {
            ArrayNode buckets = n.putArray("p50PerHopBy" + HopBreakdown.BUCKET_SECONDS + "sOfSendsMs");
            for (HopBreakdown b : h.buckets()) {
                ObjectNode bucket = buckets.addObject();
                bucket.put("cases", b.cases());
                b.hops().forEach((name, s) -> bucket.put(name, s.p50()));
                bucket.put(HopBreakdown.ANSWER_HOP, b.answer().p50());
                bucket.put(HopBreakdown.PROJECTOR_HOP, b.projector().p50());
                bucket.put(HopBreakdown.CONFIRM_WAIT_HOP, b.confirmWait().p50());
                bucket.put(HopBreakdown.GET_HOP, b.get().p50());
                bucket.set("fromIntendedSendToViewPlanned", summary(json, b.cumulative().get("view planned")));
            }
        }
        return n;
    }

    private static ObjectNode summary(ObjectMapper json, HopBreakdown.Summary s) {
        ObjectNode n = json.createObjectNode();
        n.put("count", s.count());
        n.put("p50", s.p50());
        n.put("p90", s.p90());
        n.put("p99", s.p99());
        n.put("max", s.max());
        return n;
    }

    private static ObjectNode cds(ObjectMapper json, CdsResult c) {
        ObjectNode n = json.createObjectNode();
        n.put("label", c.label());
        n.put("offeredPerSecond", c.offeredPerSecond());
        n.put("seconds", c.seconds());
        n.put("sent", c.sent());
        n.set("hookToCardsMs", percentiles(json, c.latencyMs()));
        ObjectNode answers = n.putObject("answers");
        c.answers().forEach(answers::put);
        n.put("finalCards", c.finalCards());
        n.put("inProgress", c.inProgress());
        ObjectNode errors = n.putObject("errors");
        c.errors().forEach(errors::put);
        n.put("throttled", c.throttled());
        n.put("orderSignSent", c.ordersSent());
        n.set("orderSignMs", percentiles(json, c.orderLatencyMs()));
        ObjectNode orders = n.putObject("orderSignAnswers");
        c.orderAnswers().forEach(orders::put);
        n.set("cpuCores", map(json, c.cpuCores()));
        n.set("peakRssMb", map(json, c.rssMb()));
        n.put("stackCpuMsPerHook", c.stackCpuMsPerHook());
        n.put("generatorCpuMsPerHook", c.generatorCpuMsPerHook());
        n.put("loadAverageBefore", c.loadAverageBefore());
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
