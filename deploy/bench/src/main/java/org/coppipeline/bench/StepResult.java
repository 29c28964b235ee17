package org.coppipeline.bench;

import java.util.Map;

/**
 * One load step at a fixed offered rate.
 *
 * @param offeredPerSecond  the rate the open-loop generator sent at (intended, independent of the answers)
 * @param seconds           length of the sending window
 * @param sent              POSTs sent
 * @param acceptedPerSecond 202 answers that arrived within the window, per second
 * @param plannedPerSecond  cases whose view read {@code planned} within the window, per second (the throughput)
 * @param planned           cases that read planned by the end of the drain, out of the 202s
 * @param latencyMs         POST (its intended send time, so a late generator is not hidden) to the case reading planned
 * @param acceptLatencyMs   POST to its 202
 * @param kafkaLatencyMs    POST to the case-planned record arriving at the benchmark's consumer
 * @param errors            kind to count: HTTP status other than 202, exceptions, cases never planned; none expected
 * @param cpuCores          part to CPU used during the window, in cores (CPU seconds per second)
 * @param rssMb            part to the highest RSS sampled during the window, MB (10^6 bytes)
 * @param loadAverageBefore the 1-minute load average just before the step
 * @param viewReads         GETs of case views the benchmark sent to see its cases planned (part of the load it puts on
 *                          the gateway, like a dashboard's polling)
 * @param viewNotModified   of those, conditional re-reads answered 304 (the view had not changed: no body)
 * @param postThrottled     POSTs answered 429 (the gateway's per-hospital quotas): apart from the errors
 * @param getThrottled      view GETs answered 429 (re-read later)
 * @param timeline          202s, planned cases, errors and 429s per 10 s from the first intended send
 * @param hops              where the planned cases' latency went, hop by hop (record CreateTimes and the benchmark's clock)
 */
public record StepResult(
        String label,
        double offeredPerSecond,
        double seconds,
        long sent,
        double acceptedPerSecond,
        double plannedPerSecond,
        long planned,
        Percentiles latencyMs,
        Percentiles acceptLatencyMs,
        Percentiles kafkaLatencyMs,
        Map<String, Long> errors,
        Map<String, Double> cpuCores,
        Map<String, Double> rssMb,
        double loadAverageBefore,
        long viewReads,
        long viewNotModified,
        long postThrottled,
        long getThrottled,
        Timeline timeline,
        HopBreakdown hops) {

    /** GETs per planned case: how hard the benchmark polled to see its cases planned. */
    public double viewReadsPerCase() {
        return planned > 0 ? (double) viewReads / planned : Double.NaN;
    }

    /** 304s per planned case: re-reads of an unchanged view. */
    public double notModifiedPerCase() {
        return planned > 0 ? (double) viewNotModified / planned : Double.NaN;
    }

    /** CPU ms the benchmark's own JVM (generator, planned watcher, sampler) spent per planned case: reported apart. */
    public double generatorCpuMsPerCase() {
        return cpuMsPerCase(ResourceSampler.SELF);
    }

    public long throttled() {
        return postThrottled + getThrottled;
    }

    /** Parts of the stack under test (not the benchmark, not other processes). */
    static boolean isStackPart(String part) {
        return !part.equals(ResourceSampler.SELF) && !part.equals(ResourceSampler.OTHERS);
    }

    /**
     * CPU milliseconds the stack spent per planned case during the window: what a case costs, nearly independent of
     * other work on the machine (unlike rates). On C cores the stack cannot exceed about C * 1000 / this cases/s.
     */
    public double stackCpuMsPerCase() {
        double cores = cpuCores.entrySet().stream().filter(e -> isStackPart(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
        return plannedPerSecond > 0 ? cores * 1000 / plannedPerSecond : Double.NaN;
    }

    /** The same for one part. */
    public double cpuMsPerCase(String part) {
        return plannedPerSecond > 0 ? cpuCores.getOrDefault(part, 0.0) * 1000 / plannedPerSecond : Double.NaN;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Kept up: the cases became planned about as fast as they were offered, and the latency stayed bounded
     * (a growing backlog shows first in p99), and the gateway refused nothing (errors, or 429s of its quotas). Below
     * that the step is past saturation.
     */
    public boolean keptUp() {
        return plannedPerSecond >= 0.9 * offeredPerSecond && latencyMs.count() > 0 && latencyMs.p99() < 1000
                && errorCount() == 0 && postThrottled == 0;
    }
}
