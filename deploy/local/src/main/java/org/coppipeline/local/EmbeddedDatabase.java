package org.coppipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL 17 from the zonky embedded binaries (a Maven Central jar, linux-amd64), bound to 127.0.0.1,
 * with its data under the state folder so it survives a restart of the stack. Used only when no
 * JDBC URL of a real PostgreSQL is given.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    public static final String DATABASE = "cop";
    public static final String USER = "postgres";
    /** Authentication is 'trust' on loopback: the password is not checked, but the gateway wants one. */
    public static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final Path binariesDir;
    private final Path logFile;
    private final int port;
    private EmbeddedPostgres postgres;

    public EmbeddedDatabase(Path stateDir, int port) {
        this.dataDir = stateDir.resolve("postgres").resolve("data");
        this.binariesDir = stateDir.resolve("postgres").resolve("binaries");
        this.logFile = stateDir.resolve("logs").resolve("postgres.log");
        this.port = port == 0 ? Ports.free() : port;
    }

    public EmbeddedDatabase start(Duration timeout) {
        Ports.requireFree(port, "postgres");
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(binariesDir);
            Files.createDirectories(logFile.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setPGStartupWait(timeout)
                    // The owner stops it in order (services first); no hook of its own.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new StackException("postgres: cannot start the embedded PostgreSQL on port " + port + ": " + e.getMessage()
                    + "; see " + logFile, e);
        }
        createDatabase();
        return this;
    }

    private void createDatabase() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StackException("postgres: cannot create database " + DATABASE + ": " + e.getMessage() + "; see " + logFile, e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The postmaster's PID, from the first line of postmaster.pid (pg_ctl runs it detached from us). */
    public static OptionalLong postmasterPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public OptionalLong pid() {
        return postmasterPid(dataDir);
    }

    /** pg_ctl stop -m fast; safe to call more than once. */
    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        OptionalLong pid = pid();
        try {
            postgres.close();
        } catch (IOException e) {
            // fall through to the PID check below
        }
        postgres = null;
        if (pid.isPresent() && Processes.isAlive(pid.getAsLong())) {
            Processes.stop(pid.getAsLong(), Duration.ofSeconds(10));
        }
    }
}
