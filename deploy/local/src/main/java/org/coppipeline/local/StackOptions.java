package org.coppipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Command line of the launcher (deploy/local/run.sh passes its arguments through). */
public record StackOptions(
        Mode mode,
        Path stateDir,
        Set<Service> services,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        int kafkaPort,
        int kafkaControllerPort,
        int pgPort,
        int httpBasePort,
        Duration readyTimeout,
        boolean clean,
        int managementBasePort,
        boolean swaggerUi) {

    public enum Mode { FOREGROUND, BACKGROUND, SUPERVISED, STOP, HELP }

    static final int DEV_SIGN_IN_OFFSET = 4;

    /** Management ports sit this far above the API ports unless --management-base-port says otherwise. */
    public static final int MANAGEMENT_PORT_DISTANCE = Service.GATEWAY.defaultManagementPort() - Service.GATEWAY.defaultPort();

    /** Without the management and Swagger UI choices: management ports follow the API ports, Swagger UI off. */
    public StackOptions(Mode mode, Path stateDir, Set<Service> services, String jdbcUrl, String dbUser, String dbPassword,
            int kafkaPort, int kafkaControllerPort, int pgPort, int httpBasePort, Duration readyTimeout, boolean clean) {
        this(mode, stateDir, services, jdbcUrl, dbUser, dbPassword, kafkaPort, kafkaControllerPort, pgPort, httpBasePort,
                readyTimeout, clean, httpBasePort == 0 ? 0 : httpBasePort + MANAGEMENT_PORT_DISTANCE, false);
    }

    public static final String USAGE = String.join("\n",
            "usage: deploy/local/run.sh [--background | --stop] [options]",
            "  (no option)            start broker, PostgreSQL and the four services; Ctrl-C stops everything",
            "  --background           return once everything is ready; PIDs go to the state folder",
            "  --stop                 stop a background stack by its recorded PIDs",
            "  --services LIST        comma-separated subset of gateway,symptom,exclusion,treatment (default: all)",
            "  --jdbc-url URL         use this PostgreSQL instead of the embedded one (with --db-user, --db-password",
            "                         or COP_DB_USER, COP_DB_PASSWORD)",
            "  --state-dir DIR        state folder (default: COP_STATE_DIR or <repo>/.local-stack)",
            "  --kafka-port P         broker port (default 9092; controller on --kafka-controller-port, default 9093)",
            "  --pg-port P            embedded PostgreSQL port (default 5432)",
            "  --http-base-port P     gateway port; the stage services take the next three, the dashboard's dev",
            "                         sign-in the fourth (default 8080)",
            "  --management-base-port P",
            "                         gateway's management port (/q/health, /q/metrics, /q/openapi); the stage services",
            "                         take the next three (default: --http-base-port + 1000, i.e. 9080)",
            "  --swagger-ui           serve Swagger UI on the gateway's management port (off by default, as in production)",
            "  --ready-timeout S      seconds to wait for each part to become ready (default 120)",
            "  --clean                delete the broker's and the embedded database's data first");

    public static Path defaultStateDir() {
        String env = System.getenv("COP_STATE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return RepoLayout.locate().defaultStateDir();
    }

    public static StackOptions parse(String... args) {
        Mode mode = Mode.FOREGROUND;
        Path stateDir = null;
        Set<Service> services = EnumSet.allOf(Service.class);
        String jdbcUrl = null;
        String dbUser = System.getenv("COP_DB_USER");
        String dbPassword = System.getenv("COP_DB_PASSWORD");
        int kafkaPort = 9092;
        int controllerPort = 9093;
        int pgPort = 5432;
        int httpBasePort = Service.GATEWAY.defaultPort();
        Integer managementBasePort = null;
        boolean swaggerUi = false;
        Duration readyTimeout = Duration.ofSeconds(120);
        boolean clean = false;
        List<Mode> modes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--background" -> modes.add(Mode.BACKGROUND);
                case "--stop" -> modes.add(Mode.STOP);
                case "--supervised" -> modes.add(Mode.SUPERVISED);
                case "-h", "--help" -> modes.add(Mode.HELP);
                case "--clean" -> clean = true;
                case "--state-dir" -> stateDir = Path.of(DevToken.value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--services" -> services = services(DevToken.value(args, ++i, arg));
                case "--jdbc-url" -> jdbcUrl = DevToken.value(args, ++i, arg);
                case "--db-user" -> dbUser = DevToken.value(args, ++i, arg);
                case "--db-password" -> dbPassword = DevToken.value(args, ++i, arg);
                case "--kafka-port" -> kafkaPort = port(DevToken.value(args, ++i, arg), arg);
                case "--kafka-controller-port" -> controllerPort = port(DevToken.value(args, ++i, arg), arg);
                case "--pg-port" -> pgPort = port(DevToken.value(args, ++i, arg), arg);
                case "--http-base-port" -> httpBasePort = port(DevToken.value(args, ++i, arg), arg);
                case "--management-base-port" -> managementBasePort = port(DevToken.value(args, ++i, arg), arg);
                case "--swagger-ui" -> swaggerUi = true;
                case "--ready-timeout" -> readyTimeout = Duration.ofSeconds(positive(DevToken.value(args, ++i, arg), arg));
                default -> throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
            }
        }
        if (modes.size() > 1) {
            throw new IllegalArgumentException("choose one of --background, --stop, --help");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: URL");
        }
        if (httpBasePort > 65535 - DEV_SIGN_IN_OFFSET) {
            throw new IllegalArgumentException("--http-base-port leaves no room for the three stage services and the dev sign-in");
        }
        if (kafkaPort == controllerPort) {
            throw new IllegalArgumentException("--kafka-port and --kafka-controller-port must differ");
        }
        int management = managementBasePort != null ? managementBasePort : httpBasePort + MANAGEMENT_PORT_DISTANCE;
        if (management > 65535 - 3) {
            throw new IllegalArgumentException("--management-base-port leaves no room for the three stage services"
                    + (managementBasePort == null ? " (it defaults to --http-base-port + " + MANAGEMENT_PORT_DISTANCE + ")" : ""));
        }
        if (Math.abs(management - httpBasePort) < 4) {
            throw new IllegalArgumentException("the management ports (from " + management + ") overlap the HTTP ports (from "
                    + httpBasePort + ")");
        }
        return new StackOptions(modes.isEmpty() ? Mode.FOREGROUND : modes.get(0), stateDir, services, jdbcUrl,
                dbUser == null ? EmbeddedDatabase.USER : dbUser,
                dbPassword == null ? EmbeddedDatabase.PASSWORD : dbPassword,
                kafkaPort, controllerPort, pgPort, httpBasePort, readyTimeout, clean, management, swaggerUi);
    }

    /** The state folder given, or the default one. */
    public Path resolvedStateDir() {
        return stateDir != null ? stateDir : defaultStateDir();
    }

    /** Fixed local ports from --http-base-port; 0 (tests) gives every service a free port of its own. */
    public int httpPort(Service service) {
        return httpBasePort == 0 ? 0 : httpBasePort + service.portOffset();
    }

    /** The dashboard's dev sign-in (DevIdentityProvider) listens after the three stage services; 0 (tests): a free port. */
    public int devSignInPort() {
        return httpBasePort == 0 ? 0 : httpBasePort + DEV_SIGN_IN_OFFSET;
    }

    /** Fixed management ports from --management-base-port; 0 (tests) gives every service a free one. */
    public int managementPort(Service service) {
        return managementBasePort == 0 ? 0 : managementBasePort + service.portOffset();
    }

    /** PostgreSQL is the gateway's: started only for it, and only when no real database is given. */
    public boolean embeddedDatabase() {
        return services.contains(Service.GATEWAY) && jdbcUrl == null;
    }

    private static Set<Service> services(String list) {
        Set<Service> chosen = EnumSet.noneOf(Service.class);
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                chosen.add(Service.parse(name));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--services needs at least one service");
        }
        return chosen;
    }

    private static int port(String text, String option) {
        int port = (int) positive(text, option);
        if (port > 65535) {
            throw new IllegalArgumentException(option + " must be a port number (1..65535)");
        }
        return port;
    }

    private static long positive(String text, String option) {
        try {
            long value = Long.parseLong(text);
            if (value <= 0) {
                throw new IllegalArgumentException(option + " must be positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number");
        }
    }
}
