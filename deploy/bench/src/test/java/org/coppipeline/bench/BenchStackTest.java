package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchStackTest {

    /** The summary LocalStack writes to stack.status for a --background stack. */
    private static final String SUMMARY = """
            COP local stack is ready in 18.4 s (kafka started in 2.9 s)
              Gateway API        http://127.0.0.1:8080/api/v1/case-events  (POST; GET http://127.0.0.1:8080/api/v1/cases)
              OpenAPI            http://127.0.0.1:9080/q/openapi
              Swagger UI         off (start with --swagger-ui to serve it on the management port)
              gateway            http://127.0.0.1:9080/q/health/ready  http://127.0.0.1:9080/q/metrics  (ready in 12.1 s)
              symptom-service    http://127.0.0.1:9081/q/health/ready  http://127.0.0.1:9081/q/metrics  (ready in 9.8 s)
              Kafka              127.0.0.1:9092  topics case-events
            """;

    @Test
    void readyTimesFromTheRecordedSummary() {
        Map<String, Double> ready = BenchStack.readyTimes(SUMMARY);
        assertEquals(18.4, ready.get("stack"));
        assertEquals(2.9, ready.get("kafka"));
        assertEquals(12.1, ready.get("gateway"));
        assertEquals(9.8, ready.get("symptom-service"));
        assertEquals(4, ready.size());
    }

    @Test
    void noSummaryNoFigures() {
        assertTrue(BenchStack.readyTimes("").isEmpty());
    }

    @Test
    void theOwnStacksQuotasAreSetSoThatTheyNeverBindAndNmtOnlyWhenAsked() {
        Map<String, String> env = BenchStack.serviceEnvironment(false);
        assertTrue(Integer.parseInt(env.get("GATEWAY_QUOTA_REQUESTS_PER_SECOND")) >= 100_000);
        assertTrue(Integer.parseInt(env.get("GATEWAY_QUOTA_BURST")) >= 100_000);
        assertTrue(Integer.parseInt(env.get("GATEWAY_QUOTA_POSTS_IN_FLIGHT")) >= 1024, "at least the generator's own bound");
        assertFalse(env.containsKey("JAVA_TOOL_OPTIONS"));
        assertEquals("-XX:NativeMemoryTracking=summary", BenchStack.serviceEnvironment(true).get("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void serviceJvmOptionsGoAfterNmtsInTheOneVariable() {
        assertEquals("-Xlog:gc:file=/tmp/gc-%p.log", BenchStack.serviceEnvironment(false, "-Xlog:gc:file=/tmp/gc-%p.log").get("JAVA_TOOL_OPTIONS"));
        assertEquals("-XX:NativeMemoryTracking=summary -Xlog:gc", BenchStack.serviceEnvironment(true, "-Xlog:gc").get("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void noRecordedStackIsNotRunning(@TempDir Path state) {
        assertTrue(BenchStack.running(state).isEmpty());
    }
}
