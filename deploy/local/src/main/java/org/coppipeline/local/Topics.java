package org.coppipeline.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The pipeline's topics (ARCHITECTURE 2), created with the Admin client before any service starts. */
public final class Topics {
    public static final String CASE_EVENTS = "case-events";
    public static final String CASE_SCORED = "case-scored";
    public static final String CASE_ASSESSED = "case-assessed";
    public static final String CASE_PLANNED = "case-planned";
    public static final String CASE_EVENTS_DLQ = "case-events-dlq";
    public static final String CASE_SCORED_DLQ = "case-scored-dlq";
    public static final String CASE_ASSESSED_DLQ = "case-assessed-dlq";
    /** The gateway's projector reads the three stage outputs in its own group, with dead-letter topics of its own. */
    public static final String CASE_SCORED_GATEWAY_DLQ = "case-scored-gateway-dlq";
    public static final String CASE_ASSESSED_GATEWAY_DLQ = "case-assessed-gateway-dlq";
    public static final String CASE_PLANNED_GATEWAY_DLQ = "case-planned-gateway-dlq";

    public static final List<String> ALL = List.of(CASE_EVENTS, CASE_SCORED, CASE_ASSESSED, CASE_PLANNED,
            CASE_EVENTS_DLQ, CASE_SCORED_DLQ, CASE_ASSESSED_DLQ,
            CASE_SCORED_GATEWAY_DLQ, CASE_ASSESSED_GATEWAY_DLQ, CASE_PLANNED_GATEWAY_DLQ);

    /** Locally: 12 partitions (as in the deploy manifests), replication 1 (one broker). */
    public static final int LOCAL_PARTITIONS = 12;

    private Topics() {
    }

    /** Creates every topic that does not exist yet; existing ones (a restarted stack) are kept as they are. */
    public static void create(String bootstrapServers, int partitions, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = ALL.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, partitions, (short) 1))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StackException("kafka: cannot create topic " + result.getKey() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("kafka: interrupted while creating topics");
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("kafka: cannot list or create topics at " + bootstrapServers + ": " + e, e);
        }
    }
}
