package org.coppipeline.bench;

import java.util.Arrays;

/** Latency summary of one step: nearest-rank percentiles over every sample (no histogram buckets, no averaging). */
public record Percentiles(int count, double p50, double p95, double p99, double max) {

    public static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** @param samples latencies (any unit); sorted in place */
    public static Percentiles of(double[] samples) {
        if (samples.length == 0) {
            return NONE;
        }
        Arrays.sort(samples);
        return new Percentiles(samples.length, rank(samples, 50), rank(samples, 95), rank(samples, 99), samples[samples.length - 1]);
    }

    /** Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it. */
    static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
