package org.coppipeline.bench;

import java.util.Map;

/**
 * The CDS Hooks step: patient-view calls for fresh charts at a fixed offered rate (open loop), each timed from its
 * intended send time to its cards, and an order-sign call after every N-th answer, timed from its own send.
 *
 * @param answers      patient-view answers by kind: final cards by indicator ("final info", "final critical", ...),
 *                     "in progress" (the assessment-in-progress card: no plan within the service's wait), "no card"
 * @param errors       kind to count: HTTP status other than 200 and 429, exceptions, unanswered at the end; none expected
 * @param throttled    429 answers, apart from the errors
 * @param orderAnswers order-sign answers by kind ("final critical", "no card", "in progress", ...)
 * @param cpuCores     part to CPU cores used during the window
 */
public record CdsResult(
        String label,
        double offeredPerSecond,
        double seconds,
        long sent,
        Percentiles latencyMs,
        Map<String, Long> answers,
        Map<String, Long> errors,
        long throttled,
        long ordersSent,
        Percentiles orderLatencyMs,
        Map<String, Long> orderAnswers,
        Map<String, Double> cpuCores,
        Map<String, Double> rssMb,
        double loadAverageBefore) {

    public long inProgress() {
        return answers.getOrDefault("in progress", 0L);
    }

    public long finalCards() {
        return answers.entrySet().stream().filter(e -> e.getKey().startsWith("final")).mapToLong(Map.Entry::getValue).sum();
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** CPU ms the stack spent per patient-view call answered within the window (its order-sign calls included). */
    public double stackCpuMsPerHook() {
        double cores = cpuCores.entrySet().stream().filter(e -> StepResult.isStackPart(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
        double answered = latencyMs.count() / seconds;
        return answered > 0 ? cores * 1000 / answered : Double.NaN;
    }

    public double generatorCpuMsPerHook() {
        double answered = latencyMs.count() / seconds;
        return answered > 0 ? cpuCores.getOrDefault(ResourceSampler.SELF, 0.0) * 1000 / answered : Double.NaN;
    }
}
