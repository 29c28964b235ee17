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
     * An environment variable must map (Quarkus' env naming) to a key the service configures or a Kafka client setting,
     * or be one of the image launcher's.
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
        assertTrue(kafkaClient || configured, c.name() + ": environment variable " + var + " maps to no setting of the service");
    }
}
