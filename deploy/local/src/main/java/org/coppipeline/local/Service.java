package org.coppipeline.local;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The four packaged services, in start order, with their fixed local ports (ARCHITECTURE 1): the API port and the
 * management port (health, metrics; CONTRACT 1), 1000 above it.
 */
public enum Service {
    GATEWAY("gateway", "gateway", 8080, 9080),
    SYMPTOM("symptom-service", "symptom", 8081, 9081),
    EXCLUSION("exclusion-service", "exclusion", 8082, 9082),
    TREATMENT("treatment-service", "treatment", 8083, 9083);

    public static final List<Service> STAGES = List.of(SYMPTOM, EXCLUSION, TREATMENT);

    private final String module;
    private final String alias;
    private final int defaultPort;
    private final int defaultManagementPort;

    Service(String module, String alias, int defaultPort, int defaultManagementPort) {
        this.module = module;
        this.alias = alias;
        this.defaultPort = defaultPort;
        this.defaultManagementPort = defaultManagementPort;
    }

    /** Maven module folder, also the name of its log file and the name shown to people. */
    public String module() {
        return module;
    }

    public String alias() {
        return alias;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Its management port: /q/health and /q/metrics (quarkus.management.port of the service). */
    public int defaultManagementPort() {
        return defaultManagementPort;
    }

    /** Offset of its port from the gateway's, so --http-base-port (and --management-base-port) move all four together. */
    public int portOffset() {
        return defaultPort - GATEWAY.defaultPort;
    }

    /** Accepts "symptom" or "symptom-service", case-insensitively. */
    public static Service parse(String name) {
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.alias.equals(wanted) || s.module.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service '" + name + "' (one of "
                        + Arrays.stream(values()).map(Service::alias).collect(Collectors.joining(", ")) + ")"));
    }
}
