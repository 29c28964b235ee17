package org.coppipeline.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The deploy manifests cannot run here (no Docker engine, no cluster), so this keeps them true: every
 * service, port, topic, consumer group and environment variable they name must match the services' code.
 */
class ManifestsMatchCodeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, ServiceConfig> CONFIG = new HashMap<>();
    private static JsonNode compose;
    private static final List<JsonNode> K8S = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        ServiceConfig.SERVICES.forEach(s -> CONFIG.put(s, ServiceConfig.load(s)));
        compose = YAML.readTree(ServiceConfig.REPO.resolve("deploy/docker-compose.yml").toFile());
        try (var files = Files.list(ServiceConfig.REPO.resolve("deploy/kubernetes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    docs.forEachRemaining(d -> {
                        if (d != null && !d.isNull() && d.has("kind")) {
                            K8S.add(d);
                        }
                    });
                }
            }
        }
    }

    private static List<JsonNode> kind(String kind) {
        return K8S.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode named(String kind, String name) {
        return kind(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in deploy/kubernetes"));
    }

    private static Set<String> codeTopics() {
        Set<String> all = new HashSet<>();
        CONFIG.values().forEach(c -> all.addAll(c.allTopics()));
        return all;
    }

    @Test
    void composeRunsEveryServiceOnItsConfiguredPortWithAReadinessCheckOnTheManagementPort() {
        for (ServiceConfig c : CONFIG.values()) {
            JsonNode svc = compose.path("services").path(c.name());
            assertFalse(svc.isMissingNode(), "docker-compose has no service " + c.name());
            int port = c.httpPort();
            int management = c.managementPort();
            assertEquals(1, svc.path("ports").size(), c.name() + " publishes its API port only");
            assertEquals(port + ":" + port, svc.path("ports").get(0).asText(), c.name() + " port");
            assertEquals(String.valueOf(management), svc.path("expose").path(0).asText(), c.name() + " management port, inside the network");
            assertTrue(svc.path("healthcheck").path("test").toString().contains("localhost:" + management + "/q/health/ready"),
                    c.name() + " health check must probe its ready endpoint on the management port " + management);
        }
    }

    @Test
    void composeCreatesEveryTopicTheCodeUses() {
        String command = compose.path("services").path("kafka-topics").path("command").toString();
        for (String topic : codeTopics()) {
            assertTrue(java.util.regex.Pattern.compile("(?<![\\w-])" + java.util.regex.Pattern.quote(topic) + "(?![\\w-])").matcher(command).find(), "docker-compose does not create topic " + topic);
        }
    }

    @Test
    void composeEnvironmentNamesOnlySettingsTheServicesHave() {
        for (ServiceConfig c : CONFIG.values()) {
            JsonNode env = compose.path("services").path(c.name()).path("environment");
            env.fieldNames().forEachRemaining(var -> assertKnownSetting(c, var));
            assertTrue(env.has("KAFKA_BOOTSTRAP_SERVERS"), c.name() + " needs KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    @Test
    void everyTopicHasAKafkaTopicWithReplicationThreeAndMinInsyncTwo() {
        for (String topic : codeTopics()) {
            JsonNode spec = named("KafkaTopic", topic).path("spec");
            assertEquals(3, spec.path("replicas").asInt(), topic + " replicas");
            assertEquals("2", spec.path("config").path("min.insync.replicas").asText(), topic + " min.insync.replicas");
            assertTrue(spec.path("partitions").asInt() >= 1, topic + " partitions");
        }
    }

    @Test
    void everyServiceHasADeploymentOnItsPortsWithHealthProbesOnTheManagementPortAndFewerReplicasThanPartitions() {
        for (ServiceConfig c : CONFIG.values()) {
            JsonNode spec = named("Deployment", c.name()).path("spec");
            JsonNode template = spec.path("template");
            JsonNode container = template.path("spec").path("containers").get(0);
            int port = c.httpPort();
            int management = c.managementPort();
            Map<String, Integer> ports = new HashMap<>();
            container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            assertEquals(Map.of("http", port, "management", management), ports, c.name() + " containerPorts");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertEquals("/q/health/" + Map.of("startupProbe", "started", "livenessProbe", "live", "readinessProbe", "ready").get(probe),
                        get.path("path").asText(), c.name() + " " + probe);
                assertTrue(get.path("port").asText().equals("management") || get.path("port").asInt() == management,
                        c.name() + " " + probe + " must use the management port, not " + get.path("port"));
            }
            JsonNode annotations = template.path("metadata").path("annotations");
            assertEquals(String.valueOf(management), annotations.path("prometheus.io/port").asText(), c.name() + " scrape port");
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText(), c.name() + " scrape path");
            for (String in : c.topics("incoming")) {
                int partitions = named("KafkaTopic", in).path("spec").path("partitions").asInt();
                // A replica is ready only while it holds a partition: the rolling update's extra pod needs one too.
                assertTrue(spec.path("replicas").asInt() < partitions, c.name() + " needs fewer replicas than " + in
                        + " has partitions: a replica without one idles and is never ready");
            }
            container.path("env").forEach(e -> assertKnownSetting(c, e.path("name").asText()));
        }
    }

    @Test
    void noServiceExposesTheManagementPort() {
        for (ServiceConfig c : CONFIG.values()) {
            JsonNode service = named("Service", c.name());
            service.path("spec").path("ports").forEach(p -> {
                assertTrue(p.path("targetPort").asText().equals("http") || p.path("targetPort").asInt() == c.httpPort(),
                        c.name() + ": the Service routes to " + p.path("targetPort") + ", not the API port");
            });
        }
    }

    @Test
    void everyServiceHasAKafkaUserAllowedExactlyItsTopicsAndGroup() {
        for (ServiceConfig c : CONFIG.values()) {
            Set<String> read = new HashSet<>();
            Set<String> write = new HashSet<>();
            Set<String> groups = new HashSet<>();
            for (JsonNode acl : named("KafkaUser", c.name()).path("spec").path("authorization").path("acls")) {
                String type = acl.path("resource").path("type").asText();
                String name = acl.path("resource").path("name").asText();
                List<String> ops = new ArrayList<>();
                acl.path("operations").forEach(o -> ops.add(o.asText()));
                if (type.equals("topic") && ops.contains("Read")) {
                    read.add(name);
                }
                if (type.equals("topic") && ops.contains("Write")) {
                    write.add(name);
                }
                if (type.equals("group")) {
                    groups.add(name);
                }
            }
            assertEquals(c.topics("incoming"), new java.util.TreeSet<>(read), c.name() + " may read exactly its inputs");
            Set<String> writes = new java.util.TreeSet<>(c.topics("outgoing"));
            writes.addAll(c.deadLetterTopics());
            assertEquals(writes, new java.util.TreeSet<>(write), c.name() + " may write exactly its outputs and DLQs");
            assertEquals(c.consumerGroups(), new java.util.TreeSet<>(groups), c.name() + " consumer groups");
        }
    }

    @Test
    void theClusterIsKraftWithNodePools() {
        JsonNode kafka = named("Kafka", "cop-kafka");
        assertEquals("enabled", kafka.path("metadata").path("annotations").path("strimzi.io/kraft").asText());
        assertNotNull(named("KafkaNodePool", "dual-role"));
        assertEquals(2, kafka.path("spec").path("kafka").path("config").path("min.insync.replicas").asInt());
    }

    /**
     * JVM options of the image's launcher (run-java.sh of deploy/docker/Dockerfile.jvm), read by no service: the image
     * sets a stage's footprint options, a deployment may replace the heap.
     */
    private static final Set<String> IMAGE_LAUNCHER_VARIABLES = Set.of("JAVA_OPTS");

    @Test
    void composeAndKubernetesGiveEachServiceTheSameJvmOptions() {
        for (ServiceConfig c : CONFIG.values()) {
            String composeOptions = compose.path("services").path(c.name()).path("environment").path("JAVA_OPTS").asText(null);
            String k8sOptions = null;
            for (JsonNode e : named("Deployment", c.name()).path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                if (e.path("name").asText().equals("JAVA_OPTS")) {
                    k8sOptions = e.path("value").asText();
                }
            }
            assertEquals(composeOptions, k8sOptions, c.name() + ": JAVA_OPTS of docker-compose and deploy/kubernetes");
        }
    }

    /**
     * An environment variable must map (Quarkus' env naming) to a key the service configures, a Kafka client setting,
     * quarkus.config.locations (the file of the hospital's own settings, checked below), or be one of the image
     * launcher's.
     */
    private static void assertKnownSetting(ServiceConfig c, String var) {
        if (IMAGE_LAUNCHER_VARIABLES.contains(var)) {
            return;
        }
        String key = var.toLowerCase().replace('_', '.');
        boolean kafkaClient = key.startsWith("kafka.");
        boolean configured = c.properties().stringPropertyNames().stream()
                .map(k -> k.replaceFirst("^%[^.]+\\.", "").replace('-', '.').replace("\"", ""))
                .anyMatch(k -> k.equals(key));
        assertTrue(kafkaClient || configured || key.equals("quarkus.config.locations"),
                c.name() + ": environment variable " + var + " maps to no setting of the service");
    }

    /** The CDS client allowlist's entries are named by the operator: gateway.cds.clients.<name>.<one of these>. */
    private static final java.util.regex.Pattern CDS_CLIENT_KEY = java.util.regex.Pattern.compile(
            "gateway\\.cds\\.clients\\.[a-z0-9-]+\\.(issuer|hospital-id|jwks-url|public-key|public-key-location)");

    /**
     * The hospital's settings (dashboard sign-in, CDS client allowlist) reach the gateway: a ConfigMap whose properties
     * file names only gateway settings, with a dashboard issuer and a complete allowlist entry, placeholders on the
     * reserved .example domain (nothing real, no secret), mounted where QUARKUS_CONFIG_LOCATIONS points; the case-id
     * secret comes from a Secret, never from a literal.
     */
    @Test
    void theGatewayGetsTheHospitalsDashboardIssuerAndCdsClientAllowlistAsPlaceholders() throws IOException {
        String text = named("ConfigMap", "cop-gateway-hospital").path("data").path("gateway.properties").asText();
        java.util.Properties settings = new java.util.Properties();
        settings.load(new java.io.StringReader(text));
        Set<String> configured = new HashSet<>();
        CONFIG.get("gateway").properties().stringPropertyNames()
                .forEach(k -> configured.add(k.replaceFirst("^%[^.]+\\.", "")));
        for (String key : settings.stringPropertyNames()) {
            assertTrue(configured.contains(key) || CDS_CLIENT_KEY.matcher(key).matches(),
                    "hospital setting " + key + " is no setting of the gateway");
            assertFalse(key.contains("secret"), key + ": a secret belongs in a Secret");
            String value = settings.getProperty(key);
            if (value.startsWith("http")) {
                assertTrue(java.net.URI.create(value).getHost().endsWith(".example"), key + " must be a placeholder: " + value);
            }
        }
        assertTrue(settings.getProperty("gateway.dashboard.oidc.issuer", "").startsWith("https://"), "dashboard issuer");
        Set<String> clients = new HashSet<>();
        settings.stringPropertyNames().stream().filter(k -> CDS_CLIENT_KEY.matcher(k).matches())
                .forEach(k -> clients.add(k.split("\\.")[3]));
        assertFalse(clients.isEmpty(), "a CDS client allowlist entry");
        for (String client : clients) {
            String prefix = "gateway.cds.clients." + client + ".";
            assertNotNull(settings.getProperty(prefix + "issuer"), prefix + "issuer");
            assertNotNull(settings.getProperty(prefix + "hospital-id"), prefix + "hospital-id");
            assertTrue(settings.getProperty(prefix + "jwks-url") != null || settings.getProperty(prefix + "public-key") != null
                    || settings.getProperty(prefix + "public-key-location") != null, prefix + " needs a key");
        }

        JsonNode pod = named("Deployment", "gateway").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        String location = env.get("QUARKUS_CONFIG_LOCATIONS").path("value").asText();
        String volume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (location.equals(mount.path("mountPath").asText() + "/gateway.properties")) {
                volume = mount.path("name").asText();
            }
        }
        assertNotNull(volume, "the hospital's settings are mounted at " + location);
        String mounted = volume;
        assertTrue(java.util.stream.StreamSupport.stream(pod.path("volumes").spliterator(), false)
                .anyMatch(v -> v.path("name").asText().equals(mounted)
                        && v.path("configMap").path("name").asText().equals("cop-gateway-hospital")), "volume " + mounted);
        JsonNode secret = env.get("GATEWAY_CDS_CASE_ID_SECRET");
        assertNotNull(secret, "the CDS case-id secret");
        assertTrue(secret.path("valueFrom").has("secretKeyRef") && !secret.has("value"), "the case-id secret from a Secret");

        // Compose: the same settings, empty (off) unless the hospital sets them; never a secret literal.
        JsonNode composeEnv = compose.path("services").path("gateway").path("environment");
        for (String var : List.of("GATEWAY_DASHBOARD_OIDC_ISSUER", "QUARKUS_CONFIG_LOCATIONS", "GATEWAY_CDS_CASE_ID_SECRET")) {
            assertTrue(composeEnv.path(var).asText().matches("\\$\\{[A-Z_]+:-}"), "compose " + var + " is the hospital's to set: "
                    + composeEnv.path(var));
        }
    }
}
