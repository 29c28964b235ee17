package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record a stage cannot read goes to that stage's dead-letter topic with a reason that quotes none of
 * its bytes, and the stage keeps going: a valid record sent after it under the same key still comes out
 * of case-planned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Path stateDir;
    private LocalStack stack;

    @BeforeAll
    void startStack() {
        stateDir = TestSupport.stateDir("dead-letter");
        stack = LocalStack.start(TestSupport.stagesOnly(stateDir), TestSupport.repo(), stateDir);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "case-events, case-events-dlq",
            "case-scored, case-scored-dlq",
            "case-assessed, case-assessed-dlq" })
    void unreadableRecordIsDeadLetteredWithoutItsBytesAndTheStageGoesOn(String input, String dlq) throws Exception {
        String bootstrap = stack.broker().bootstrapServers();
        String caseId = "DLQ-" + input.toUpperCase().replace('-', '_');
        String key = "hosp-dlq/" + caseId;
        String marker = "PHI-" + UUID.randomUUID();
        // Truncated JSON: a record that cannot be parsed, carrying something that must never reach a header.
        String poison = "{\"caseId\":\"" + caseId + "\",\"patient\":{\"name\":\"Jane Roe " + marker + "\",\"ageYears\":5";

        ObjectNode valid = (ObjectNode) TestSupport.examples().get("classic-cop-moderate").get("event").deepCopy();
        String validEventId = UUID.randomUUID().toString();
        valid.put("eventId", validEventId).put("hospitalId", "hosp-dlq").put("caseId", caseId);

        try (var producer = TestSupport.producer(bootstrap)) {
            producer.send(TestSupport.record(input, key, poison, Map.of("hospitalId", "hosp-dlq"))).get();
            producer.send(TestSupport.record(Topics.CASE_EVENTS, key, JSON.writeValueAsString(valid), Map.of(
                    "eventId", validEventId, "hospitalId", "hosp-dlq", "schemaVersion", "1"))).get();
        }

        ConsumerRecord<String, String> dead = awaitRecord(bootstrap, dlq, r -> poison.equals(r.value()));
        assertAll(
                () -> assertEquals(key, dead.key(), "key kept on the dead letter"),
                () -> assertNotNull(TestSupport.header(dead, "dead-letter-reason"), "dead-letter-reason header"),
                () -> assertFalse(TestSupport.header(dead, "dead-letter-reason").isBlank(), "dead-letter-reason is not empty"));
        for (Header header : dead.headers()) {
            String value = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            assertFalse(value.contains(marker), "header " + header.key() + " quotes the record: " + value);
            assertFalse(value.contains("Jane Roe"), "header " + header.key() + " quotes the record: " + value);
        }

        ConsumerRecord<String, String> planned = awaitRecord(bootstrap, Topics.CASE_PLANNED,
                r -> validEventId.equals(JSON.readTree(r.value()).path("eventId").asText()));
        assertEquals(key, planned.key());
        assertTrue(JSON.readTree(planned.value()).has("treatmentPlan"), "the valid record went through every stage");
    }

    private interface Match {
        boolean test(ConsumerRecord<String, String> record) throws Exception;
    }

    private ConsumerRecord<String, String> awaitRecord(String bootstrap, String topic, Match match) {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = TestSupport.consumerFromStart(bootstrap, topic)) {
            Awaitility.await(topic + " record; " + TestSupport.logsHint(stateDir))
                    .atMost(TIMEOUT)
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                            if (found.get() == null && matches(match, r)) {
                                found.set(r);
                            }
                        }
                        return found.get() != null;
                    });
        }
        return Optional.ofNullable(found.get()).orElseThrow();
    }

    private static boolean matches(Match match, ConsumerRecord<String, String> record) {
        try {
            return match.test(record);
        } catch (Exception notJson) {
            return false;
        }
    }
}
