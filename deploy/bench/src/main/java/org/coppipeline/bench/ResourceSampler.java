package org.coppipeline.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and RSS of every part of the stack (and of the benchmark's own JVM) over a measured window: CPU from
 * utime + stime at both ends, RSS as the highest of samples taken every 250 ms. PostgreSQL counts its backends
 * (its memory as PSS, so that the shared buffers every backend maps count once).
 */
public final class ResourceSampler implements AutoCloseable {

    public static final String SELF = "bench (load generator)";
    /** Everything else on the machine: CPU busy time (/proc/stat) minus the parts'; other work disturbing the figures. */
    public static final String OTHERS = "other processes";

    /** CPU cores used and peak RSS (MB, 10^6 bytes) per part during one window. */
    public record Window(Map<String, Double> cpuCores, Map<String, Double> peakRssMb) {
    }

    private final Map<String, Long> parts = new LinkedHashMap<>();
    private final Map<String, Long> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> peakKib = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean sampling;
    private volatile boolean closed;
    private long windowStart;
    private long busyAtStart;

    public ResourceSampler(Map<String, Long> pids) {
        parts.putAll(pids);
        parts.put(SELF, ProcessHandle.current().pid());
        sampler = new Thread(this::sample, "bench-resource-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    public Map<String, Long> parts() {
        return parts;
    }

    private List<Long> family(String part) {
        return ProcessStats.family(parts.get(part), isPostgres(part));
    }

    private static boolean isPostgres(String part) {
        return part.equals("postgres");
    }

    /** RSS of a JVM; for PostgreSQL the PSS summed over postmaster and backends (shared buffers counted once). */
    private long memoryKib(String part) {
        return isPostgres(part) ? ProcessStats.sumPssKib(family(part)) : ProcessStats.sumRssKib(family(part));
    }

    public synchronized void begin() {
        peakKib.clear();
        cpuAtStart.clear();
        for (String part : parts.keySet()) {
            cpuAtStart.put(part, ProcessStats.sumCpuMillis(family(part)));
        }
        busyAtStart = ProcessStats.machineBusyMillis();
        windowStart = System.nanoTime();
        sampling = true;
    }

    public synchronized Window end() {
        sampling = false;
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        sampleOnce();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> rss = new LinkedHashMap<>();
        long partsMillis = 0;
        for (String part : parts.keySet()) {
            long used = ProcessStats.sumCpuMillis(family(part)) - cpuAtStart.getOrDefault(part, 0L);
            partsMillis += used;
            cpu.put(part, used / 1000.0 / seconds);
            rss.put(part, peakKib.getOrDefault(part, 0L) * 1024 / 1e6);
        }
        long busy = ProcessStats.machineBusyMillis() - busyAtStart;
        cpu.put(OTHERS, Math.max(0, busy - partsMillis) / 1000.0 / seconds);
        return new Window(cpu, rss);
    }

    /** RSS of each part now, MB (10^6 bytes). */
    public Map<String, Double> rssNowMb() {
        Map<String, Double> rss = new LinkedHashMap<>();
        for (String part : parts.keySet()) {
            rss.put(part, memoryKib(part) * 1024 / 1e6);
        }
        return rss;
    }

    private void sample() {
        while (!closed) {
            if (sampling) {
                sampleOnce();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        for (String part : parts.keySet()) {
            long kib = memoryKib(part);
            peakKib.merge(part, kib, Math::max);
        }
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
