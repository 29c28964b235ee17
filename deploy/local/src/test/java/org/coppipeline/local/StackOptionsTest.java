package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void defaultsStartEverythingOnTheFixedLocalPorts() {
        StackOptions options = StackOptions.parse();
        assertEquals(StackOptions.Mode.FOREGROUND, options.mode());
        assertEquals(EnumSet.allOf(Service.class), options.services());
        assertEquals(9092, options.kafkaPort());
        assertEquals(8080, options.httpPort(Service.GATEWAY));
        assertEquals(8081, options.httpPort(Service.SYMPTOM));
        assertEquals(8082, options.httpPort(Service.EXCLUSION));
        assertEquals(8083, options.httpPort(Service.TREATMENT));
        assertEquals(8084, options.devSignInPort(), "the dashboard's dev sign-in after the stage services");
        assertEquals(9080, options.managementPort(Service.GATEWAY));
        assertEquals(9081, options.managementPort(Service.SYMPTOM));
        assertEquals(9082, options.managementPort(Service.EXCLUSION));
        assertEquals(9083, options.managementPort(Service.TREATMENT));
        assertFalse(options.swaggerUi(), "Swagger UI off, as in production");
        assertTrue(options.embeddedDatabase());
    }

    @Test
    void managementPortsFollowTheHttpPortsUnlessGiven() {
        assertEquals(19083, StackOptions.parse("--http-base-port", "18080").managementPort(Service.TREATMENT));
        StackOptions given = StackOptions.parse("--http-base-port", "18080", "--management-base-port", "28000");
        assertEquals(28000, given.managementPort(Service.GATEWAY));
        assertEquals(28002, given.managementPort(Service.EXCLUSION));
        StackOptions tests = new StackOptions(StackOptions.Mode.FOREGROUND, null, EnumSet.allOf(Service.class), null, "u", "p",
                0, 0, 0, 0, java.time.Duration.ofSeconds(1), false);
        assertEquals(0, tests.managementPort(Service.SYMPTOM), "port 0: a free port each");
    }

    @Test
    void swaggerUiIsTurnedOnForTheGatewayOnly() {
        StackOptions on = StackOptions.parse("--swagger-ui");
        assertTrue(on.swaggerUi());
        assertEquals("true", LocalStack.environment(Service.GATEWAY, on, "b:1").get("QUARKUS_SWAGGER_UI_ENABLED"));
        assertFalse(LocalStack.environment(Service.SYMPTOM, on, "b:1").containsKey("QUARKUS_SWAGGER_UI_ENABLED"));
        assertFalse(LocalStack.environment(Service.GATEWAY, StackOptions.parse(), "b:1").containsKey("QUARKUS_SWAGGER_UI_ENABLED"));
    }

    @Test
    void optionsAreReadAsWritten() {
        StackOptions options = StackOptions.parse("--background", "--services", "symptom,treatment-service",
                "--state-dir", "/tmp/cop-state", "--http-base-port", "18080", "--kafka-port", "19092", "--ready-timeout", "30");
        assertEquals(StackOptions.Mode.BACKGROUND, options.mode());
        assertEquals(Set.of(Service.SYMPTOM, Service.TREATMENT), options.services());
        assertEquals(Path.of("/tmp/cop-state"), options.resolvedStateDir());
        assertEquals(18083, options.httpPort(Service.TREATMENT));
        assertEquals(18084, options.devSignInPort());
        assertEquals(19092, options.kafkaPort());
        assertEquals(30, options.readyTimeout().toSeconds());
        assertFalse(options.embeddedDatabase(), "no gateway, no database");
    }

    @Test
    void aGivenJdbcUrlReplacesTheEmbeddedDatabase() {
        StackOptions options = StackOptions.parse("--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/cop", "--db-user", "cop");
        assertFalse(options.embeddedDatabase());
        assertEquals("cop", options.dbUser());
    }

    @Test
    void mistakesAreNamed() {
        assertMessage("unknown service 'billing'", "--services", "billing");
        assertMessage("choose one of", "--background", "--stop");
        assertMessage("jdbc:postgresql:", "--jdbc-url", "jdbc:mysql://x/y");
        assertMessage("--kafka-port must be a whole number", "--kafka-port", "ninety");
        assertMessage("--state-dir needs a value", "--state-dir");
        assertMessage("unknown option --frobnicate", "--frobnicate");
        assertMessage("overlap the HTTP ports", "--http-base-port", "9000", "--management-base-port", "9002");
        assertMessage("--management-base-port leaves no room", "--management-base-port", "65534");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StackOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
