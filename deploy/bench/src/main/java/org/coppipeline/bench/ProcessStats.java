package org.coppipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Memory and CPU of one process from /proc (Linux): VmRSS and VmHWM from /proc/PID/status, utime + stime from
 * /proc/PID/stat. PostgreSQL is a postmaster with one backend per connection, so its figures add up the children.
 */
public final class ProcessStats {

    /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux this runs on (getconf CLK_TCK). */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** Resident set size in KiB, or empty once the process is gone. */
    public static OptionalLong rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Peak resident set size ("high water mark") in KiB. */
    public static OptionalLong peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** User + system CPU time in milliseconds, or empty once the process is gone. */
    public static OptionalLong cpuMillis(long pid) {
        try {
            return OptionalLong.of(parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                    * 1000 / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The process and, with {@code children}, every descendant (PostgreSQL's backends). */
    public static List<Long> family(long pid, boolean children) {
        if (!children) {
            return List.of(pid);
        }
        List<Long> pids = new java.util.ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    public static long sumRssKib(List<Long> pids) {
        return pids.stream().mapToLong(p -> rssKib(p).orElse(0)).sum();
    }

    /**
     * Proportional set size in KiB (/proc/PID/smaps_rollup): shared pages divided among the processes sharing them,
     * so that the sum over PostgreSQL's processes counts its shared buffers once. Falls back to VmRSS.
     */
    public static OptionalLong pssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return OptionalLong.of(parseKib(line.substring(4)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return rssKib(pid);
    }

    public static long sumPssKib(List<Long> pids) {
        return pids.stream().mapToLong(p -> pssKib(p).orElse(0)).sum();
    }

    public static long sumCpuMillis(List<Long> pids) {
        return pids.stream().mapToLong(p -> cpuMillis(p).orElse(0)).sum();
    }

    /**
     * Fields 14 and 15 (utime, stime) of /proc/PID/stat. The second field, the command name, is in parentheses
     * and may itself hold spaces or parentheses: counting starts after the last ')'.
     */
    static long parseCpuTicks(String stat) {
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // rest[0] is field 3 (state): utime is field 14 -> rest[11], stime field 15 -> rest[12].
        return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    }

    private static OptionalLong statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(parseKib(line.substring(field.length())));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static long parseKib(String value) {
        return Long.parseLong(value.trim().split("\\s+")[0]);
    }

    /** CPU time the whole machine spent busy (all CPUs; /proc/stat: user, nice, system, irq, softirq, steal), ms. */
    public static long machineBusyMillis() {
        try {
            return parseBusyTicks(Files.readAllLines(Path.of("/proc/stat")).get(0)) * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** "cpu  user nice system idle iowait irq softirq steal guest guest_nice": all but idle and iowait (guest is in user). */
    static long parseBusyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
            if (i < f.length) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /** The 1-minute load average (first field of /proc/loadavg), NaN where there is none. */
    public static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The three load averages as /proc/loadavg shows them ("1.02 0.85 0.60"). */
    public static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
