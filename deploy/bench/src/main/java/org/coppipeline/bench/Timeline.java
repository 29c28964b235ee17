package org.coppipeline.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happened in each interval of a step (10 s by default), counted from its first intended send: 202s, cases
 * reading planned, errors and 429s. The cold-start step reports its first minute this way (planned/s per 10 s); a
 * moment past the last interval counts in the last one.
 */
public record Timeline(int bucketSeconds, long[] accepted, long[] planned, long[] errors, long[] throttled) {

    /** Collects a step's counts, thread-safe. */
    static final class Recorder {
        private final long bucketNanos;
        private final int bucketSeconds;
        private final AtomicLongArray accepted;
        private final AtomicLongArray planned;
        private final AtomicLongArray errors;
        private final AtomicLongArray throttled;
        private volatile long start;

        Recorder(int bucketSeconds, double coveredSeconds) {
            this.bucketSeconds = bucketSeconds;
            this.bucketNanos = bucketSeconds * 1_000_000_000L;
            int buckets = Math.max(1, (int) Math.ceil(coveredSeconds / bucketSeconds));
            accepted = new AtomicLongArray(buckets);
            planned = new AtomicLongArray(buckets);
            errors = new AtomicLongArray(buckets);
            throttled = new AtomicLongArray(buckets);
        }

        void start(long nanoTime) {
            start = nanoTime;
        }

        int bucket(long nanoTime) {
            long index = Math.max(0, (nanoTime - start) / bucketNanos);
            return (int) Math.min(index, accepted.length() - 1);
        }

        void accepted(long nanoTime) {
            accepted.incrementAndGet(bucket(nanoTime));
        }

        void planned(long nanoTime) {
            planned.incrementAndGet(bucket(nanoTime));
        }

        void error(long nanoTime) {
            errors.incrementAndGet(bucket(nanoTime));
        }

        void throttled(long nanoTime) {
            throttled.incrementAndGet(bucket(nanoTime));
        }

        /** The counts up to the last interval in which anything happened. */
        Timeline snapshot() {
            int used = 0;
            for (int i = 0; i < accepted.length(); i++) {
                if (accepted.get(i) + planned.get(i) + errors.get(i) + throttled.get(i) > 0) {
                    used = i + 1;
                }
            }
            return new Timeline(bucketSeconds, copy(accepted, used), copy(planned, used), copy(errors, used), copy(throttled, used));
        }

        private static long[] copy(AtomicLongArray values, int length) {
            long[] copy = new long[length];
            for (int i = 0; i < length; i++) {
                copy[i] = values.get(i);
            }
            return copy;
        }
    }

    /** Cases that read planned per second, interval by interval. */
    public double[] plannedPerSecond() {
        double[] rates = new double[planned.length];
        for (int i = 0; i < planned.length; i++) {
            rates[i] = (double) planned[i] / bucketSeconds;
        }
        return rates;
    }
}
