package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.coppipeline.local.Service;

/**
 * The broker under load: killed (SIGKILL) and restarted on the same data, stopped cleanly (SIGTERM) and restarted,
 * away while clients post (503 + Retry-After, readiness DOWN, no false 202), and frozen (SIGSTOP) for longer than
 * the gateway producer's delivery timeout (8 s).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFaultsIT {
    /** A POST must be answered, 202 or 503, within this: the gateway's publish timeout (10 s) plus generous slack. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
    static final Duration DOWNTIME = Duration.ofSeconds(5);
    static final Duration OUTAGE = Duration.ofSeconds(20);
    /** Longer than the gateway producer's delivery.timeout.ms (8 s) and publish timeout (10 s). */
    static final Duration PAUSE = Duration.ofSeconds(20);

    @Test
    @Order(1)
    void brokerKilledAndRestartedOnTheSameDataMidStream() throws Exception {
        Checker.Verdict v = Scenario.run("broker-kill-9", (stack, history) -> {
            history.fault();
            stack.broker().kill();
            Scenario.sleep(DOWNTIME);
            stack.broker().start(FaultStack.READY_TIMEOUT);
            history.restored();
        });
        Scenario.assertHolds(v);
    }

    @Test
    @Order(2)
    void brokerStoppedCleanlyAndRestartedMidStream() throws Exception {
        Checker.Verdict v = Scenario.run("broker-sigterm", (stack, history) -> {
            history.fault();
            stack.broker().close();
            Scenario.sleep(Duration.ofSeconds(2));
            stack.broker().start(FaultStack.READY_TIMEOUT);
            history.restored();
        });
        Scenario.assertHolds(v);
    }

    @Test
    @Order(3)
    void brokerAwayWhileClientsPost503InBoundedTimeReadinessDownAndNoFalse202() throws Exception {
        List<String> observations = new ArrayList<>();
        AtomicLong downAfter = new AtomicLong(-1);
        AtomicLong upAfter = new AtomicLong(-1);
        // Every fourth case's client gives its event id up after the first 503 and retries with a new id.
        Checker.Verdict v = Scenario.run("broker-away-at-post", Scenario.CASES, i -> i % 4 == 0, (stack, history) -> {
            var gateway = stack.service(Service.GATEWAY);
            history.fault();
            long t0 = System.nanoTime();
            stack.broker().close();
            Awaitility.await("gateway readiness DOWN while the broker is away")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> FaultStack.readiness(gateway) == 503);
            downAfter.set(System.nanoTime() - t0);
            long rest = OUTAGE.toNanos() - (System.nanoTime() - t0);
            if (rest > 0) {
                Scenario.sleep(Duration.ofNanos(rest));
            }
            observations.add(String.format(Locale.ROOT, "503s during the outage so far: %d", history.unavailableCount()));
            long t1 = System.nanoTime();
            stack.broker().start(FaultStack.READY_TIMEOUT);
            history.restored();
            Awaitility.await("gateway readiness UP once the broker is back")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> FaultStack.readiness(gateway) == 200);
            upAfter.set(System.nanoTime() - t1);
        });
        System.out.printf(Locale.ROOT, "faults: broker-away-at-post: readiness DOWN %.1f s after the broker stopped, UP %.1f s after it "
                + "was back; %s; slowest 503 %.1f s; abandoned ids %d, their ghost records on case-events %d%n",
                downAfter.get() / 1e9, upAfter.get() / 1e9, observations, v.slowest503s(), v.abandonedCount(), v.ghostRecords());
        Scenario.assertHolds(v);
        assertAll("broker away at POST",
                () -> assertTrue(v.unavailable() > 0, "the outage was seen by clients as 503"),
                () -> assertTrue(v.abandonedCount() > 0, "some ids were abandoned after a 503 (and left no row)"),
                () -> assertTrue(v.slowest503s() <= ANSWER_BOUND.toSeconds(),
                        "slowest 503 took " + v.slowest503s() + " s (bound " + ANSWER_BOUND.toSeconds() + " s)"),
                () -> assertTrue(v.slowestRequestS() <= ANSWER_BOUND.toSeconds(),
                        "slowest answer took " + v.slowestRequestS() + " s (bound " + ANSWER_BOUND.toSeconds() + " s)"));
    }

    @Test
    @Order(4)
    void brokerFrozenLongerThanTheProducersDeliveryTimeout() throws Exception {
        List<Integer> readiness = new ArrayList<>();
        Checker.Verdict v = Scenario.run("broker-sigstop", Scenario.CASES, i -> i % 4 == 0, (stack, history) -> {
            var gateway = stack.service(Service.GATEWAY);
            history.fault();
            long t0 = System.nanoTime();
            stack.broker().suspend();
            try {
                while (System.nanoTime() - t0 < PAUSE.toNanos()) {
                    readiness.add(FaultStack.readiness(gateway));
                    Scenario.sleep(Duration.ofSeconds(2));
                }
            } finally {
                stack.broker().resume();
                history.restored();
            }
        });
        System.out.printf(Locale.ROOT, "faults: broker-sigstop: gateway readiness while frozen (every 2 s): %s; 503s %d, slowest %.1f s; "
                + "abandoned ids %d, their ghost records on case-events %d%n",
                readiness, v.unavailable(), v.slowest503s(), v.abandonedCount(), v.ghostRecords());
        Scenario.assertHolds(v);
        assertAll("broker frozen",
                () -> assertTrue(v.unavailable() > 0, "the pause was seen by clients as 503"),
                () -> assertTrue(readiness.stream().anyMatch(status -> status != 200),
                        "gateway readiness DOWN at some point while the broker was frozen: " + readiness),
                () -> assertTrue(v.slowestRequestS() <= ANSWER_BOUND.toSeconds(),
                        "slowest answer took " + v.slowestRequestS() + " s (bound " + ANSWER_BOUND.toSeconds() + " s)"));
    }
}
