package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What ObservabilityIT counts as an export attempt in a service log: the exporter's own failure line as a packaged
 * service writes it, a connection failure naming the endpoint; never a digit run that happens to be the OTLP port.
 */
class ExportAttemptsTest {

    /** Written by symptom-service (prod profile) with quarkus.otel.traces.sampler.arg=1 and no collector listening. */
    static final String REAL_FAILED_EXPORT = "{\"timestamp\":\"2026-12-05T00:38:30.921610698Z\",\"sequence\":152,"
            + "\"loggerClassName\":\"org.jboss.logmanager.Logger\","
            + "\"loggerName\":\"io.quarkus.opentelemetry.runtime.exporter.otlp.sender.VertxGrpcSender\",\"level\":\"WARNING\","
            + "\"message\":\"Failed to export TraceRequestMarshaler. The request could not be executed. Full error message: "
            + "Connection refused: localhost/127.0.0.1:4317\",\"threadName\":\"vert.x-eventloop-thread-1\",\"threadId\":22,"
            + "\"mdc\":{},\"ndc\":\"\",\"hostName\":\"vm\",\"processName\":\"/usr/lib/jvm/java-17-openjdk-amd64/bin/java\","
            + "\"processId\":17573}";

    private final ExportAttempts defaults = ExportAttempts.forEnvironment(Map.of());

    @Test
    void theExportersFailureLineIsAnAttempt() {
        assertTrue(defaults.isAttempt(REAL_FAILED_EXPORT));
        // The same failure through the OpenTelemetry SDK's own exporter, and any warning of an exporter's logger.
        assertTrue(defaults.isAttempt(line("io.opentelemetry.exporter.internal.grpc.GrpcExporter", "WARNING",
                "Failed to export spans. Server responded with gRPC status code 14. Error message: UNAVAILABLE")));
        assertTrue(defaults.isAttempt(line("io.opentelemetry.sdk.trace.export.BatchSpanProcessor", "ERROR",
                "Exporter threw an Exception")));
    }

    @Test
    void aConnectionFailureNamingTheEndpointIsAnAttemptWhicheverLoggerWritesIt() {
        assertTrue(defaults.isAttempt(line("io.vertx.core.net.impl.ConnectionBase", "ERROR",
                "Connection refused: localhost/127.0.0.1:4317")));
        String inException = line("io.vertx.core.impl.ContextImpl", "ERROR", "Unhandled exception")
                .replace("\"mdc\"", "\"exception\":{\"refId\":1,\"exceptionType\":\"io.netty.channel."
                        + "AbstractChannel$AnnotatedConnectException\",\"message\":\"Connection refused: /127.0.0.1:4317\","
                        + "\"frames\":[{\"class\":\"sun.nio.ch.Net\",\"method\":\"pollConnect\",\"line\":4317}]},\"mdc\"");
        assertTrue(defaults.isAttempt(inException));
        assertTrue(defaults.isAttempt("java.net.ConnectException: Connection refused: localhost/127.0.0.1:4317"),
                "a line outside the JSON log (the JVM's own output)");
        assertTrue(defaults.isAttempt("Dec 05, 2026 WARNING: Failed to export spans."));
    }

    @Test
    void digitRunsInTimestampsIdsAndOtherPortsAreNot() {
        String busy = "{\"timestamp\":\"2026-12-05T00:43:17.431704317Z\",\"sequence\":4317,"
                + "\"loggerClassName\":\"org.jboss.logging.Logger\",\"loggerName\":\"org.coppipeline.gateway.intake.CaseEventIntake\","
                + "\"level\":\"INFO\",\"message\":\"event 4317a0b2-4317-4317-8317-43174317abcd accepted\",\"threadName\":"
                + "\"executor-thread-4317\",\"threadId\":4317,\"mdc\":{\"traceId\":\"43174317431743174317431743174317\"},"
                + "\"ndc\":\"\",\"hostName\":\"vm\",\"processName\":\"java\",\"processId\":43170}";
        List<String> log = List.of(busy,
                line("org.apache.kafka.clients.NetworkClient", "WARN",
                        "[Consumer clientId=c, groupId=g] Connection to node -1 (/127.0.0.1:43170) could not be established."),
                line("io.quarkus", "INFO", "gateway started in 4.317s. Listening on: http://127.0.0.1:14317"),
                line("org.coppipeline.gateway.messaging.ProjectionWriter", "WARN",
                        "4317 scored result(s) not stored yet (attempt 2): timeout; retrying in 4317 ms"),
                line("io.opentelemetry.exporter.otlp", "INFO", "an exporter's informational line"),
                "OpenJDK 64-Bit Server VM warning: CodeCache is full; 4317 methods",
                "{\"timestamp\":\"2026-12-05T00:43:17.4317",
                "");
        assertEquals(List.of(), defaults.in(log));
    }

    @Test
    void theEndpointIsTheOneTheEnvironmentConfigures() {
        ExportAttempts configured = ExportAttempts.forEnvironment(
                Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:14317"));
        assertTrue(configured.isAttempt(line("io.vertx.core.net.impl.ConnectionBase", "ERROR",
                "Connection refused: /127.0.0.1:14317")));
        assertFalse(configured.isAttempt(line("io.vertx.core.net.impl.ConnectionBase", "ERROR",
                "Connection refused: localhost/127.0.0.1:4317")), "not this service's endpoint");
        assertTrue(configured.isAttempt(REAL_FAILED_EXPORT), "a failed export is one wherever it went");

        ExportAttempts traces = ExportAttempts.forEnvironment(Map.of(
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:14317",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://[::1]:24317"));
        assertTrue(traces.isAttempt(line("x", "ERROR", "Connection refused: /[0:0:0:0:0:0:0:1]:24317")));
        assertFalse(traces.isAttempt(line("x", "ERROR", "Connection refused: /127.0.0.1:14317")));
        assertTrue(ExportAttempts.forEndpoint(URI.create("http://localhost:4317"))
                .isAttempt(line("x", "ERROR", "Connection refused: LOCALHOST:4317")));
    }

    private static String line(String logger, String level, String message) {
        return "{\"timestamp\":\"2026-12-05T00:43:17.431704317Z\",\"sequence\":4317,\"loggerClassName\":\"org.jboss.logging.Logger\","
                + "\"loggerName\":\"" + logger + "\",\"level\":\"" + level + "\",\"message\":\"" + message + "\","
                + "\"threadName\":\"main\",\"threadId\":1,\"mdc\":{},\"ndc\":\"\",\"hostName\":\"vm\",\"processName\":\"java\","
                + "\"processId\":4317}";
    }
}
