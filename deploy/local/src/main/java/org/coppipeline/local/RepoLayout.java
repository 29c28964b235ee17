package org.coppipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the build outputs the launcher needs are. */
public final class RepoLayout {

    private final Path root;

    public RepoLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** From -Dcop.repo.root, COP_REPO_ROOT, or the nearest folder above the working directory holding mvnw and deploy/local. */
    public static RepoLayout locate() {
        String configured = System.getProperty("cop.repo.root", System.getenv("COP_REPO_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return new RepoLayout(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy/local"))) {
                return new RepoLayout(dir);
            }
        }
        throw new StackException("repository root not found from " + Path.of("").toAbsolutePath()
                + ": run from the repository or set COP_REPO_ROOT");
    }

    public Path root() {
        return root;
    }

    public Path defaultStateDir() {
        return root.resolve(".local-stack");
    }

    /** The fast-jar entry point of a packaged Quarkus module. */
    public Path quarkusRunJar(String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The broker JVM's classpath, written at build time by maven-dependency-plugin (one line, path-separated). */
    public String brokerClasspath() {
        String configured = System.getProperty("cop.broker.classpath.file");
        Path file = configured != null ? Path.of(configured) : root.resolve("deploy/local/target/broker.classpath");
        String classpath;
        try {
            classpath = Files.readString(file).trim();
        } catch (IOException e) {
            throw new StackException("kafka: broker classpath " + file + " is missing: build it with ./mvnw -B -pl deploy/local package");
        }
        if (classpath.isEmpty()) {
            throw new StackException("kafka: broker classpath " + file + " is empty: rebuild with ./mvnw -B -pl deploy/local package");
        }
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new StackException("kafka: " + entry + " (listed in " + file + ") is missing: rebuild with ./mvnw -B -pl deploy/local package");
            }
        }
        return classpath;
    }
}
