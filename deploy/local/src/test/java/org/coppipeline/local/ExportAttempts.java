package org.coppipeline.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The lines of a service log that show an attempt to export telemetry over OTLP. Each JSON line is read field by field,
 * never as a whole: its timestamp (nanoseconds), sequence, thread and process ids hold digit runs such as the OTLP port's.
 * An attempt is a warning or error of an exporter's logger, a "Failed to export" message (the OpenTelemetry and Quarkus
 * exporters' wording for every failed export), or a message or exception naming the endpoint's host and port (a refused
 * connection: "Connection refused: localhost/127.0.0.1:4317").
 */
final class ExportAttempts {
    /** Quarkus' OTLP default (gRPC), used when the environment configures no endpoint. */
    static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4317");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXPORTER_LOGGERS = List.of(
            "io.opentelemetry.exporter.", "io.quarkus.opentelemetry.runtime.exporter.", "io.opentelemetry.sdk.trace.export.");
    private static final Set<String> PROBLEM_LEVELS = Set.of("WARN", "WARNING", "ERROR", "SEVERE", "FATAL");
    private static final String FAILED_EXPORT = "Failed to export";

    private final Pattern endpoint;

    private ExportAttempts(Pattern endpoint) {
        this.endpoint = endpoint;
    }

    /** For the endpoint a service started with this environment exports to (the traces endpoint wins, as in Quarkus). */
    static ExportAttempts forEnvironment(Map<String, String> env) {
        String configured = env.getOrDefault("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"));
        return forEndpoint(configured == null || configured.isBlank() ? DEFAULT_ENDPOINT : URI.create(configured.trim()));
    }

    /**
     * The endpoint as a client names it in a connection failure: its host (optionally followed by "/address", as
     * Netty writes a resolved address) or one of its addresses, then ":port", neither part inside a longer name or number.
     */
    static ExportAttempts forEndpoint(URI uri) {
        String host = uri.getHost().replaceAll("^\\[|]$", "");
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        Set<String> names = new LinkedHashSet<>();
        names.add(Pattern.quote(host) + "(?:/[0-9A-Fa-f.:%\\[\\]]+)?");
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                names.add(Pattern.quote(address.getHostAddress()));
                names.add("\\[" + Pattern.quote(address.getHostAddress()) + "]");
            }
        } catch (UnknownHostException e) {
            // a host that does not resolve can only be named as written
        }
        return new ExportAttempts(Pattern.compile("(?<![\\w.-])(?:" + String.join("|", names) + "):" + port + "(?!\\d)",
                Pattern.CASE_INSENSITIVE));
    }

    /** The lines of a log that show an export attempt, as written. */
    List<String> in(List<String> lines) {
        return lines.stream().filter(this::isAttempt).collect(Collectors.toList());
    }

    boolean isAttempt(String line) {
        JsonNode record = jsonObject(line);
        if (record == null) {
            // Not a log record (the JVM's own output, a line cut short while written): only its words can tell.
            return mentionsExport(line);
        }
        String logger = record.path("loggerName").asText("");
        String level = record.path("level").asText("").toUpperCase(Locale.ROOT);
        if (PROBLEM_LEVELS.contains(level) && EXPORTER_LOGGERS.stream().anyMatch(logger::startsWith)) {
            return true;
        }
        List<String> texts = new ArrayList<>();
        texts.add(record.path("message").asText(""));
        texts.add(record.path("stackTrace").asText(""));
        collectTexts(record.path("exception"), texts);
        return texts.stream().anyMatch(this::mentionsExport);
    }

    private boolean mentionsExport(String text) {
        return text.contains(FAILED_EXPORT) || endpoint.matcher(text).find();
    }

    /** Every text value under an exception (type, message, frames, causes); numbers such as line numbers are left out. */
    private static void collectTexts(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectTexts(child, texts));
        }
    }

    private static JsonNode jsonObject(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
