package org.coppipeline.bench;

import java.util.List;

/**
 * The quiet-machine gate of the raw broker baseline (issue 15): an attempt counts only when the 1-minute load average
 * just before it was at or below the limit; above it the attempt is repeated (after waiting for a quiet machine), at
 * most a given number of times. The figure reported is the first valid attempt's, or, when none was, the attempt
 * taken under the lowest load, marked not valid. Every attempt is reported with its load.
 */
final class LoadGate {

    enum Verdict {
        /** Taken on a quiet machine: keep it, stop. */
        VALID,
        /** Taken on a busy machine, attempts left: repeat. */
        REPEAT,
        /** Taken on a busy machine and no attempt left: stop, the baseline is not valid. */
        NOT_VALID
    }

    private LoadGate() {
    }

    /**
     * @param loadBefore  the 1-minute load average just before attempt number {@code attempt} (1-based); NaN where the
     *                    machine does not tell (no /proc/loadavg): nothing to judge by, taken as valid
     */
    static Verdict judge(double loadBefore, double limit, int attempt, int maxAttempts) {
        if (isQuiet(loadBefore, limit)) {
            return Verdict.VALID;
        }
        return attempt < maxAttempts ? Verdict.REPEAT : Verdict.NOT_VALID;
    }

    static boolean isQuiet(double loadBefore, double limit) {
        return Double.isNaN(loadBefore) || loadBefore <= limit;
    }

    /** Index of the attempt to report: the first quiet one, else the one under the lowest load (the first of equals). */
    static int chosen(List<Double> loadsBefore, double limit) {
        if (loadsBefore.isEmpty()) {
            throw new IllegalArgumentException("no attempt");
        }
        int lowest = 0;
        for (int i = 0; i < loadsBefore.size(); i++) {
            if (isQuiet(loadsBefore.get(i), limit)) {
                return i;
            }
            if (loadsBefore.get(i) < loadsBefore.get(lowest)) {
                lowest = i;
            }
        }
        return lowest;
    }
}
