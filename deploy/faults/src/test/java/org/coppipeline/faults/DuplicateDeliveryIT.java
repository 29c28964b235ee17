package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.faults.CasePlans.CasePlan;
import org.coppipeline.faults.History.Accepted;

/**
 * Duplicate delivery, as a producer retry or a replay would cause it: every accepted event is published a second
 * time straight to case-events (same key, same eventId, same body, same headers), older events of two-event cases
 * after their newer one. Also a few events that were never accepted. Each case still has one current view with its
 * newest event's outcome, each event has one stage result per stage, and events never accepted leave nothing.
 */
class DuplicateDeliveryIT {
    static final int NEVER_ACCEPTED = 20;

    @Test
    void theSameEventPublishedTwiceChangesNothing() throws Exception {
        AtomicInteger republished = new AtomicInteger();
        String[] prefixHolder = new String[1];
        Checker.Verdict v = Scenario.run("duplicate-delivery", (stack, history) -> {
            history.fault();
            Set<String> done = new HashSet<>();
            try (KafkaProducer<String, String> producer = producer(stack.bootstrap())) {
                // Again and again until the load is over: whatever was accepted since the last round, once more.
                Awaitility.await("every accepted event published a second time")
                        .atMost(Scenario.LOAD_TIMEOUT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            boolean all = history.accepted().size() >= history.plannedEvents();
                            for (Accepted a : List.copyOf(history.accepted().values())) {
                                if (done.add(a.eventId())) {
                                    ObjectNode body = CasePlans.body(a.plan(), a.event(), a.eventId());
                                    producer.send(record(a.plan(), a.eventId(), body.toString()));
                                    republished.incrementAndGet();
                                }
                            }
                            producer.flush();
                            return all;
                        });
                // Events no client ever posted (no accepted row): the projector must ignore their results.
                CasePlan any = history.plans().get(0);
                String prefix = any.caseId().substring(0, any.caseId().lastIndexOf('-'));
                prefixHolder[0] = prefix;
                for (int i = 0; i < NEVER_ACCEPTED; i++) {
                    CasePlan ghost = new CasePlan(-1, any.hospitalId(), prefix + "-never-" + i, any.events());
                    String id = CasePlans.newEventId();
                    producer.send(record(ghost, id, CasePlans.body(ghost, any.events().get(0), id).toString()));
                }
                producer.flush();
            }
            history.restored();
            // Both copies of every event through the whole pipeline before the checker looks.
            Awaitility.await("second copies planned; " + stack.logsHint())
                    .atMost(Scenario.DRAIN_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> done.stream().allMatch(id -> stack.observer().count(id, 3) >= 2));
        });

        Scenario.assertHolds(v);
        int stageResults;
        int neverAcceptedRows;
        try (Connection c = FaultStack.get().database();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM stage_result WHERE case_id LIKE ?")) {
            s.setString(1, prefixHolder[0] + "-%");
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                stageResults = rows.getInt(1);
            }
            s.setString(1, prefixHolder[0] + "-never-%");
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                neverAcceptedRows = rows.getInt(1);
            }
        }
        System.out.printf("faults: duplicate-delivery: %d events published a second time, %d never-accepted events; "
                + "duplicates seen on case-events/scored/assessed/planned %d/%d/%d/%d; stage results stored %d for %d events%n",
                republished.get(), NEVER_ACCEPTED, v.duplicates()[0], v.duplicates()[1], v.duplicates()[2], v.duplicates()[3],
                stageResults, v.eventsAccepted());
        assertAll("duplicates",
                () -> assertTrue(v.duplicates()[0] >= republished.get(), "the second copies reached case-events"),
                () -> assertTrue(v.duplicates()[3] >= republished.get(), "and went through every stage again"),
                () -> assertEquals(3 * v.eventsAccepted(), stageResults, "one stage result per event and stage, duplicates ignored"),
                () -> assertEquals(0, neverAcceptedRows, "results of events never accepted are not stored"));
    }

    static ProducerRecord<String, String> record(CasePlan plan, String eventId, String body) {
        ProducerRecord<String, String> record = new ProducerRecord<>("case-events", plan.key(), body);
        record.headers().add("eventId", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("hospitalId", plan.hospitalId().getBytes(StandardCharsets.UTF_8));
        record.headers().add("schemaVersion", "1".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
