package org.coppipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * --jfr: Java Flight Recorder on every JVM of the stack (and the broker) while the pipeline steps run, through
 * jcmd; one recording per process in the state folder's jfr/ (open with JDK Mission Control or {@code jfr print}).
 */
final class Profiler {

    private final Map<String, Long> jvms;
    private final Path dir;

    Profiler(Map<String, Long> parts, Path dir) {
        this.jvms = new java.util.LinkedHashMap<>(parts);
        this.jvms.remove("postgres");
        this.dir = dir;
    }

    void start() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage());
        }
        jvms.forEach((part, pid) -> jcmd(pid, "JFR.start", "name=bench", "settings=profile"));
    }

    List<Path> stop() {
        List<Path> files = new ArrayList<>();
        jvms.forEach((part, pid) -> {
            Path file = dir.resolve(part + ".jfr");
            jcmd(pid, "JFR.stop", "name=bench", "filename=" + file);
            files.add(file);
        });
        return files;
    }

    private static void jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("bench: jcmd " + pid + " " + String.join(" ", command) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
