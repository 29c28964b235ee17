package org.coppipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Operating-system process helpers: everything here acts on one PID, never on a process name. */
public final class Processes {

    private Processes() {
    }

    /** The java launcher of the running JVM, so every child runs on the same Java as the launcher. */
    public static Path javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new StackException("java: no executable at " + java + " (set JAVA_HOME to a Java 17+ installation)");
        }
        return java;
    }

    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The command line of a live process, when the OS tells it (used to check a recorded PID was not reused). */
    public static Optional<String> commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine());
    }

    /**
     * Sends a POSIX signal by name (e.g. "STOP", "CONT", "INT") to one process, through bash's builtin kill
     * (bash is there wherever the scripts run; a kill binary need not be).
     */
    public static void signal(long pid, String signal) {
        if (!signal.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("not a signal name: " + signal);
        }
        try {
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + pid + " 2>/dev/null")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new StackException("kill -" + signal + " " + pid + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops one process: SIGCONT (in case a fault test left it stopped), SIGTERM, and SIGKILL if it is still
     * there after {@code grace}. Returns true when the process is gone.
     */
    public static boolean stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return true;
        }
        ProcessHandle process = handle.get();
        signal(pid, "CONT");
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        return awaitExit(process, Duration.ofSeconds(10));
    }

    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Last lines of a log file, for an error message that points at the cause. */
    public static String tail(Path log, int lines) {
        try {
            var all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
