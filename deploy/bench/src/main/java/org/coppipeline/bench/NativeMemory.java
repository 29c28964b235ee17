package org.coppipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * --nmt: Native Memory Tracking of a service JVM (started with {@code -XX:NativeMemoryTracking=summary}), read with
 * {@code jcmd <pid> VM.native_memory summary scale=KB}: the committed memory of each NMT category, next to the
 * process's RSS taken at the same moment. Committed is what the JVM asked the OS for; RSS is what is resident (pages
 * committed but never touched are not), so the two differ.
 */
public final class NativeMemory {

    /**
     * The categories reported in columns of their own (NMT's names); every other category is summed as "rest". JDK 17.0.15
     * reports the class metadata as "Metaspace" apart from "Class" (the compressed class space only).
     */
    public static final List<String> COLUMNS = List.of("Java Heap", "Class", "Metaspace", "Thread", "Code", "GC", "Internal", "Other");

    /** One JVM's summary: total and per-category committed KiB, and the RSS sampled right after. */
    public record Summary(long totalCommittedKib, Map<String, Long> committedKib, long rssKib) {

        public double committedMb(String category) {
            return committedKib.getOrDefault(category, 0L) * 1024 / 1e6;
        }

        public double totalMb() {
            return totalCommittedKib * 1024 / 1e6;
        }

        /** Committed MB of the categories not in {@link #COLUMNS} (Symbol, Compiler, Arena Chunk, NMT itself, ...). */
        public double restMb() {
            long listed = COLUMNS.stream().mapToLong(c -> committedKib.getOrDefault(c, 0L)).sum();
            return (totalCommittedKib - listed) * 1024 / 1e6;
        }

        public double rssMb() {
            return rssKib * 1024 / 1e6;
        }
    }

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern CATEGORY = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB");

    private NativeMemory() {
    }

    /**
     * The committed KiB per category and the total from jcmd's summary (scale=KB). Empty when the output holds no
     * summary (NMT off: "Native memory tracking is not enabled").
     */
    static Optional<Summary> parse(String output, long rssKib) {
        Matcher total = TOTAL.matcher(output);
        if (!total.find()) {
            return Optional.empty();
        }
        Map<String, Long> categories = new LinkedHashMap<>();
        Matcher category = CATEGORY.matcher(output);
        while (category.find()) {
            categories.merge(category.group(1).trim(), Long.parseLong(category.group(3)), Long::sum);
        }
        return Optional.of(new Summary(Long.parseLong(total.group(2)), categories, rssKib));
    }

    /** Runs jcmd against one JVM; empty (with a line on stderr) when NMT is off or jcmd fails. */
    public static Optional<Summary> capture(String part, long pid) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "VM.native_memory", "summary", "scale=KB"));
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = jcmd.getInputStream().readAllBytes();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
            long rss = ProcessStats.rssKib(pid).orElse(0);
            String text = new String(out, StandardCharsets.UTF_8);
            Optional<Summary> summary = parse(text, rss);
            if (summary.isEmpty()) {
                System.err.println("bench: no NMT summary from " + part + " (pid " + pid + "): "
                        + text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output"));
            }
            return summary;
        } catch (IOException e) {
            System.err.println("bench: jcmd " + pid + " VM.native_memory failed: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The summaries of the given JVMs (part name to PID), in that order; parts without one are left out. */
    public static Map<String, Summary> captureAll(Map<String, Long> jvms) {
        Map<String, Summary> all = new LinkedHashMap<>();
        jvms.forEach((part, pid) -> capture(part, pid).ifPresent(s -> all.put(part, s)));
        return all;
    }
}
