package org.coppipeline.exclusion.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * A graceful stop (SIGTERM) finishes the polls the stage took and takes no other: a record is then either written and
 * committed, or neither, so the partition's next owner writes nothing twice (deploy/faults, *-sigterm rows).
 */
class GracefulStopTest {

    private static final String RECORD = "{\"eventId\":\"e-1\",\"caseId\":\"c-1\",\"hospitalId\":\"h-1\"}";

    private final ObjectMapper mapper = new ObjectMapper();

    private CaseRecords records(Duration drainTimeout) {
        return new CaseRecords(mapper, new SimpleMeterRegistry(), "exclusion-service", drainTimeout);
    }

    private List<Message<byte[]>> process(CaseRecords records, Poll poll) {
        return records.process(poll.batch(), "section", KnowledgeVersion.V2, (record, version) -> mapper.createObjectNode(),
                section -> section).collect().asList().await().atMost(Duration.ofSeconds(10));
    }

    private static CompletableFuture<Void> stopping(CaseRecords records) {
        return CompletableFuture.runAsync(() -> records.onStop(new ShutdownEvent()));
    }

    @Test
    void aStopWaitsForThePollsTakenAndTheirAcknowledgement() throws Exception {
        CaseRecords records = records(Duration.ofSeconds(30));
        Poll taken = Poll.of(RECORD, RECORD);
        List<Message<byte[]>> outputs = process(records, taken);
        assertEquals(2, outputs.size());

        CompletableFuture<Void> stop = stopping(records);
        outputs.get(0).ack().toCompletableFuture().join();
        Thread.sleep(200);
        assertFalse(stop.isDone(), "one output of the poll taken is not acknowledged yet: the stop waits");
        assertFalse(taken.acknowledgedAnything());

        outputs.get(1).ack().toCompletableFuture().join();
        stop.get(10, TimeUnit.SECONDS);
        assertTrue(taken.acknowledged(), "the poll is acknowledged (its offset handed to the commit) before the stop returns");
    }

    @Test
    void aPollArrivingAfterTheStopIsNeitherProcessedNorAcknowledged() throws Exception {
        CaseRecords records = records(Duration.ofSeconds(30));
        stopping(records).get(10, TimeUnit.SECONDS);

        Poll late = Poll.of(RECORD, RECORD, RECORD);
        assertEquals(List.of(), process(records, late), "no output: nothing to write twice");
        assertFalse(late.acknowledgedAnything(), "not committed: the partition's next owner reads it");
        assertEquals(List.of(), late.nacked(), "nor handed to the failure strategy");
    }

    @Test
    void anOutputNeverAcknowledgedHoldsTheStopOnlyForTheDrainTimeout() throws Exception {
        CaseRecords records = records(Duration.ofMillis(300));
        Poll taken = Poll.of(RECORD);
        assertEquals(1, process(records, taken).size());

        CompletableFuture<Void> stop = stopping(records);
        Thread.sleep(100);
        assertFalse(stop.isDone(), "waiting for the output");
        try {
            stop.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the stop outlived its drain timeout", e);
        }
        assertFalse(taken.acknowledgedAnything(), "its output was never acknowledged: the poll stays uncommitted");
    }

    @Test
    void aPollTakenConcurrentlyWithTheStopIsEitherWaitedForOrLeftUntouched() throws Exception {
        for (int round = 0; round < 200; round++) {
            GracefulStop stop = new GracefulStop();
            CompletableFuture<Boolean> take = CompletableFuture.supplyAsync(() -> stop.take(1));
            int left = stop.stop(Duration.ofMillis(50));
            boolean taken = take.get(10, TimeUnit.SECONDS);
            if (taken) {
                assertEquals(1, left, "a poll taken before the stop is waited for");
                stop.settled();
            }
            assertEquals(0, stop.unsettled(), "round " + round);
            assertFalse(stop.take(1), "once stopped, no poll is taken");
        }
    }
}
