package org.coppipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a running stack leaves in its state folder: {@code stack.pids} (part name = PID, written once
 * everything is ready) and {@code stack.status} ("ready" or "failed", then the text to show), through
 * which a --background launcher learns how its supervised child fared.
 */
final class RunRecord {
    static final String LAUNCHER = "launcher";
    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";

    private final Path pids;
    private final Path status;

    RunRecord(Path stateDir) {
        this.pids = stateDir.resolve("stack.pids");
        this.status = stateDir.resolve("stack.status");
    }

    Path pidsFile() {
        return pids;
    }

    /** Part name to PID, in the order written (launcher first). */
    Map<String, Long> readPids() {
        Map<String, Long> result = new LinkedHashMap<>();
        if (!Files.exists(pids)) {
            return result;
        }
        try {
            for (String line : Files.readAllLines(pids)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    result.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new StackException("cannot read " + pids + ": " + e.getMessage() + " (delete it once nothing of the stack runs)");
        }
        return result;
    }

    void writePids(Map<String, Long> parts) {
        StringBuilder text = new StringBuilder("# PIDs of the running local stack; deploy/local/run.sh --stop stops them\n");
        parts.forEach((name, pid) -> text.append(name).append('=').append(pid).append('\n'));
        writeAtomically(pids, text.toString());
    }

    void clearPids() {
        try {
            Files.deleteIfExists(pids);
        } catch (IOException e) {
            // best effort while shutting down
        }
    }

    void ready(String summary) {
        writeAtomically(status, "ready\n" + summary);
    }

    void failed(String message) {
        writeAtomically(status, "failed\n" + message);
    }

    /** "ready"/"failed" and its text, once the supervised launcher has written it. */
    Optional<String[]> status() {
        try {
            if (!Files.exists(status)) {
                return Optional.empty();
            }
            String text = Files.readString(status);
            int nl = text.indexOf('\n');
            return Optional.of(nl < 0 ? new String[] { text, "" } : new String[] { text.substring(0, nl), text.substring(nl + 1) });
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void clearStatus() {
        try {
            Files.deleteIfExists(status);
        } catch (IOException e) {
            // best effort
        }
    }

    /** Refuses to start a second stack on the same state folder; forgets a record whose processes are all gone. */
    void refuseIfRunning() {
        Map<String, Long> recorded = readPids();
        Long launcher = recorded.get(LAUNCHER);
        if (launcher != null && Processes.isAlive(launcher)
                && Processes.commandLine(launcher).map(c -> c.contains(LocalStack.class.getName())).orElse(true)) {
            throw new StackException("a local stack is already running from " + pids.getParent() + " (launcher pid " + launcher
                    + "): stop it with deploy/local/run.sh --stop");
        }
        for (var part : recorded.entrySet()) {
            if (Processes.isAlive(part.getValue()) && LocalStack.isOurs(part.getKey(), part.getValue())) {
                throw new StackException(part.getKey() + " of an earlier stack is still running (pid " + part.getValue()
                        + "): stop it with deploy/local/run.sh --stop");
            }
        }
        clearPids();
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
