package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.faults.CasePlans.CasePlan;
import org.coppipeline.faults.History.Accepted;

/**
 * Poison records on every input topic, under load: non-JSON bytes, schema-invalid JSON, and a record whose processing
 * throws (wrong JSON types that the stage's binder refuses; for the gateway's projector, a result whose case differs
 * from its accepted event). Each lands in every dead-letter topic of the consumers of that topic, with
 * dead-letter-reason and dead-letter-stage headers that quote none of its values, and the records behind it on the
 * same partition (same key) still flow to planned.
 */
class PoisonRecordIT {
    static final Duration DLQ_TIMEOUT = Duration.ofMinutes(3);

    /** Input topic → the dead-letter topics of its consumers (the stage's and the gateway projector's). */
    static final Map<String, List<String>> DEAD_LETTER_TOPICS = Map.of(
            "case-events", List.of("case-events-dlq"),
            "case-scored", List.of("case-scored-dlq", "case-scored-gateway-dlq"),
            "case-assessed", List.of("case-assessed-dlq", "case-assessed-gateway-dlq"),
            "case-planned", List.of("case-planned-gateway-dlq"));

    /** One poison record: where it went, what it is, its bytes and the values that must never reach a header. */
    record Poison(String topic, String kind, String key, byte[] value, Set<String> secrets) {
        String name() {
            return kind + " on " + topic;
        }
    }

    @Test
    void poisonRecordsOnEveryInputTopicAreDeadLetteredWithoutPhiAndLaterRecordsFlow() throws Exception {
        List<Poison> poisons = new ArrayList<>();
        List<CasePlan> laterCases = new ArrayList<>();
        Checker.Verdict v = Scenario.run("poison", (stack, history) -> {
            history.fault();
            // Keys of cases the load posts later: their records share the poison's partition and come after it.
            List<CasePlan> plans = history.plans();
            int k = 0;
            Accepted someAccepted = history.accepted().values().iterator().next();
            for (String topic : DEAD_LETTER_TOPICS.keySet()) {
                for (String kind : List.of("non-json", "schema-invalid", "processing-throws")) {
                    CasePlan later = plans.get(plans.size() - 1 - k++);
                    laterCases.add(later);
                    poisons.add(poison(topic, kind, later, someAccepted));
                }
            }
            try (KafkaProducer<String, byte[]> producer = producer(stack.bootstrap())) {
                for (Poison p : poisons) {
                    producer.send(new ProducerRecord<>(p.topic(), p.key(), p.value())).get();
                }
            }
            history.restored();
        });

        Scenario.assertHolds(v);
        Map<String, List<ConsumerRecord<String, byte[]>>> found = awaitDeadLetters(FaultStack.get(), poisons);
        List<String> missing = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        for (Poison p : poisons) {
            for (String dlq : DEAD_LETTER_TOPICS.get(p.topic())) {
                ConsumerRecord<String, byte[]> dead = found.get(p.name() + " -> " + dlq) == null ? null
                        : found.get(p.name() + " -> " + dlq).get(0);
                if (dead == null) {
                    missing.add(p.name() + " -> " + dlq);
                    continue;
                }
                checks.add(() -> checkHeaders(p, dlq, dead));
            }
        }
        System.out.printf("faults: poison: %d poison records, %d dead letters expected, missing %s; later cases on their "
                + "partitions all planned: %s%n", poisons.size(), poisons.stream().mapToInt(p -> DEAD_LETTER_TOPICS.get(p.topic()).size()).sum(),
                missing, v.lostEvents().isEmpty() && v.wrongViews().isEmpty());
        assertAll("dead letters",
                () -> assertTrue(missing.isEmpty(), "not dead-lettered within " + DLQ_TIMEOUT.toSeconds() + " s: " + missing),
                () -> assertAll(checks.stream().map(c -> (org.junit.jupiter.api.function.Executable) c::run)));
    }

    private static void checkHeaders(Poison p, String dlq, ConsumerRecord<String, byte[]> dead) {
        String reason = header(dead, "dead-letter-reason");
        String stage = header(dead, "dead-letter-stage");
        System.out.printf("faults: poison: %s -> %s: reason \"%s\", stage %s%n", p.name(), dlq, reason, stage);
        assertAll(p.name() + " -> " + dlq,
                () -> assertNotNull(reason, "dead-letter-reason header"),
                () -> assertFalse(reason == null || reason.isBlank(), "dead-letter-reason not blank"),
                () -> assertNotNull(stage, "dead-letter-stage header"),
                () -> assertFalse(stage == null || stage.isBlank(), "dead-letter-stage not blank"),
                () -> {
                    for (Header h : dead.headers()) {
                        String text = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
                        for (String secret : p.secrets()) {
                            assertFalse(text.contains(secret), "header " + h.key() + " quotes a value of the record: " + secret);
                        }
                    }
                });
    }

    /** Builds one poison record for a topic, keyed like a later case of the load, carrying PHI-like values. */
    static Poison poison(String topic, String kind, CasePlan later, Accepted someAccepted) {
        String marker = "PHI-" + UUID.randomUUID();
        String name = "Jane Roe " + marker.substring(4, 12);
        Set<String> secrets = new TreeSet<>(List.of(marker, name));
        byte[] value;
        switch (kind) {
            case "non-json" -> value = ("\u0000\u0001{not json " + name + " " + marker + " ((").getBytes(StandardCharsets.UTF_8);
            case "schema-invalid" -> {
                // No eventId, no hospitalId: not a case record at all.
                ObjectNode record = CasePlans.JSON.createObjectNode().put("caseId", later.caseId());
                record.putObject("patient").put("name", name).put("note", marker).put("ageYears", 57.25);
                value = record.toString().getBytes(StandardCharsets.UTF_8);
                secrets.add("57.25");
            }
            case "processing-throws" -> {
                // A full case record of an accepted event, but every clinical section has the wrong JSON types (the
                // stages' binders refuse it) and its caseId is not that event's case (the projector refuses it).
                ObjectNode record = CasePlans.body(someAccepted.plan(), someAccepted.event(), someAccepted.eventId());
                record.put("caseId", later.caseId() + "-x");
                record.putObject("patient").put("ageYears", marker).put("sex", name);
                record.putObject("measurements").put("spo2RestPercent", marker + "-spo2").put("crpMgPerL", 123.75);
                record.put("symptoms", marker + "-symptoms");
                record.putObject("course").put("trajectory", 42.5);
                record.putObject("history").put("medicationsReviewed", marker + "-meds").put("medications", name);
                record.putObject("tests").put("microbiology", marker + "-tests");
                record.putObject("imaging").put("ct", marker + "-ct");
                record.putObject("symptomAssessment").put("suspicion", 1234.5).put("suspicionScore", marker + "-score");
                record.putObject("causeAssessment").put("conclusion", 4321.5).put("opEvidence", marker + "-op");
                record.putObject("treatmentPlan").put("recommendation", 9876.5).put("severity", marker + "-severity");
                value = record.toString().getBytes(StandardCharsets.UTF_8);
                collectPhi(record, secrets);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return new Poison(topic, kind, later.key(), value, secrets);
    }

    /** Every text value of 4+ characters and every decimal number under the PHI sections (CONTRACT 1). */
    private static void collectPhi(JsonNode record, Set<String> secrets) {
        for (String section : List.of("patient", "symptoms", "measurements", "history", "tests", "imaging", "course",
                "symptomAssessment", "causeAssessment", "treatmentPlan")) {
            leaves(record.path(section), leaf -> {
                if (leaf.isTextual() && leaf.asText().length() >= 4) {
                    secrets.add(leaf.asText());
                } else if (leaf.isFloatingPointNumber()) {
                    secrets.add(leaf.asText());
                }
            });
        }
    }

    private static void leaves(JsonNode node, Consumer<JsonNode> visit) {
        if (node.isContainerNode()) {
            node.forEach(child -> leaves(child, visit));
        } else if (!node.isMissingNode()) {
            visit.accept(node);
        }
    }

    /** Reads every dead-letter topic from the beginning until each poison is found in each of its DLQs (bounded). */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> awaitDeadLetters(FaultStack stack, List<Poison> poisons) {
        Map<String, List<ConsumerRecord<String, byte[]>>> found = new HashMap<>();
        int expected = poisons.stream().mapToInt(p -> DEAD_LETTER_TOPICS.get(p.topic()).size()).sum();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            DEAD_LETTER_TOPICS.values().stream().flatMap(List::stream).distinct().forEach(topic -> consumer
                    .partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> partitions.add(new TopicPartition(topic, i.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await("every poison record in each of its dead-letter topics; " + stack.logsHint())
                    .atMost(DLQ_TIMEOUT)
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            for (Poison p : poisons) {
                                if (DEAD_LETTER_TOPICS.get(p.topic()).contains(r.topic()) && java.util.Arrays.equals(p.value(), r.value())) {
                                    found.computeIfAbsent(p.name() + " -> " + r.topic(), x -> new ArrayList<>()).add(r);
                                }
                            }
                        }
                        return found.size() == expected;
                    });
        } catch (ConditionTimeoutException e) {
            // the test names what is missing
        }
        return found;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
