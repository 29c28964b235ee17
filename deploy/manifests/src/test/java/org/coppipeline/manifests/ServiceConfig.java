package org.coppipeline.manifests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the manifests must agree with: one service's application.properties, with `${x:default}` read as its default. */
record ServiceConfig(String name, Properties properties) {

    static final Path REPO = Path.of("").toAbsolutePath().getParent().getParent();
    static final List<String> SERVICES = List.of("gateway", "symptom-service", "exclusion-service", "treatment-service");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");
    /** A channel's topic, or its comma-separated topics (one consumer for several topics). */
    private static final Pattern CHANNEL_TOPIC = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topics?");
    /** A dead-letter topic the code names per record (the gateway's projector: one per stage topic). */
    private static final Pattern NAMED_DEAD_LETTER_TOPIC = Pattern.compile("topics\\.[^.]+-dlq");

    static ServiceConfig load(String name) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(REPO.resolve(name).resolve("src/main/resources/application.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the configuration of " + name, e);
        }
        return new ServiceConfig(name, p);
    }

    String value(String key) {
        String raw = properties.getProperty(key);
        return raw == null ? null : resolve(raw);
    }

    private static String resolve(String raw) {
        Matcher m = PLACEHOLDER.matcher(raw);
        return m.matches() ? m.group(1) : raw;
    }

    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port"));
    }

    /** The management interface's port (health, metrics), which must be on: CONTRACT 1 keeps them off the API port. */
    int managementPort() {
        if (!"true".equals(value("quarkus.management.enabled"))) {
            throw new AssertionError(name + ": quarkus.management.enabled is not true: health and metrics would be on the API port");
        }
        return Integer.parseInt(value("quarkus.management.port"));
    }

    Set<String> topics(String direction) {
        Set<String> topics = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = CHANNEL_TOPIC.matcher(key);
            if (m.matches() && m.group(1).equals(direction) && isKafka(direction, m.group(2))) {
                for (String topic : properties.getProperty(key).split(",")) {
                    topics.add(resolve(topic.trim()));
                }
            }
        }
        return topics;
    }

    Set<String> deadLetterTopics() {
        Set<String> topics = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".dead-letter-queue.topic")
                    || NAMED_DEAD_LETTER_TOPIC.matcher(key).matches()) {
                topics.add(value(key));
            }
        }
        return topics;
    }

    Set<String> consumerGroups() {
        Set<String> groups = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
                groups.add(value(key));
            }
        }
        return groups;
    }

    Set<String> allTopics() {
        Set<String> all = new TreeSet<>(topics("incoming"));
        all.addAll(topics("outgoing"));
        all.addAll(deadLetterTopics());
        return all;
    }

    private boolean isKafka(String direction, String channel) {
        String connector = value("mp.messaging." + direction + "." + channel + ".connector");
        return connector == null || connector.equals("smallrye-kafka");
    }
}
