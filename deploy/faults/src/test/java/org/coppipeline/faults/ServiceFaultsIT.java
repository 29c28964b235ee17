package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.coppipeline.local.Service;
import org.coppipeline.local.ServiceProcess;

/**
 * Each service under load: killed (SIGKILL: no commit, no flush) and restarted, then stopped gracefully (SIGTERM:
 * Quarkus drains and closes its Kafka clients) and restarted. Records in flight either finish or are redelivered
 * (offsets are committed only after the downstream write is acknowledged), so nothing accepted is lost.
 */
class ServiceFaultsIT {
    static final Duration DOWNTIME = Duration.ofSeconds(3);
    /**
     * How long a killed consumer may keep its group membership (and so its partitions): the services' session.timeout.ms
     * (10 s) plus room for a loaded machine. With the client's default of 45 s the killed member stayed 41-50 s.
     */
    static final Duration KILLED_MEMBER_GONE_WITHIN = Duration.ofSeconds(25);

    @ParameterizedTest(name = "{0} kill -9")
    @EnumSource(Service.class)
    void serviceKilledMidStreamAndRestarted(Service service) throws Exception {
        String group = FaultStack.consumerGroup(service);
        AtomicReference<Double> memberGoneS = new AtomicReference<>(Double.NaN);
        AtomicReference<Double> readyS = new AtomicReference<>(Double.NaN);
        Checker.Verdict v = Scenario.run(service.alias() + "-kill-9", (stack, history) -> {
            ServiceProcess process = stack.service(service);
            Set<String> members = stack.memberIds(group);
            history.fault();
            long killedAt = System.nanoTime();
            process.kill();
            CompletableFuture<Double> gone = CompletableFuture.supplyAsync(
                    () -> stack.secondsUntilMembersLeave(group, members, killedAt, Duration.ofSeconds(90)));
            Scenario.sleep(DOWNTIME);
            process.start().awaitReady(FaultStack.READY_TIMEOUT);
            readyS.set((System.nanoTime() - killedAt) / 1e9);
            history.restored();
            memberGoneS.set(gone.get(100, TimeUnit.SECONDS));
            assertFalse(members.isEmpty(), group + " had members before the kill");
        });
        System.out.printf(java.util.Locale.ROOT, "faults: %s: the killed consumers left group %s %.1f s after the kill; the "
                + "restarted %s was ready (for a stage: holding its partitions) %.1f s after the kill; recovery %.1f s after that%n",
                v.scenario(), group, memberGoneS.get(), service.module(), readyS.get(), v.recoveryS());
        assertAll(v.scenario(),
                () -> Scenario.assertHolds(v),
                () -> assertTrue(memberGoneS.get() <= KILLED_MEMBER_GONE_WITHIN.toSeconds(), "the killed consumers of " + group
                        + " kept their partitions for " + memberGoneS.get() + " s (NaN: still members 90 s after the kill), more than "
                        + KILLED_MEMBER_GONE_WITHIN.toSeconds() + " s: is session.timeout.ms set on the incoming channels?"));
    }

    @ParameterizedTest(name = "{0} SIGTERM")
    @EnumSource(Service.class)
    void serviceStoppedGracefullyUnderLoadAndRestarted(Service service) throws Exception {
        Checker.Verdict v = Scenario.run(service.alias() + "-sigterm", (stack, history) -> {
            ServiceProcess process = stack.service(service);
            history.fault();
            process.close();
            Scenario.sleep(DOWNTIME);
            process.start().awaitReady(FaultStack.READY_TIMEOUT);
            history.restored();
        });
        Scenario.assertHolds(v);
        if (service != Service.GATEWAY) {
            // A stage stopped gracefully finishes the records it had read and commits them before its clients close
            // (the connector's graceful shutdown): unlike after kill -9, none is processed twice. (The gateway's in-flight
            // requests finishing on SIGTERM is deploy/local LifecycleIT.)
            assertEquals(0, v.duplicates()[outputTopic(service)], service.module() + ": records written twice after a graceful stop");
        }
    }

    /**
     * A stage stopped gracefully while it catches up a backlog: frozen 5 s under load (SIGSTOP), let go, and stopped
     * (SIGTERM) 300 ms later, its consumer holding polls of the backlog it has not processed yet. The stop finishes the
     * polls the stage took and leaves the others uncommitted: nothing is written twice. (On 2026-12-05 treatment-sigterm
     * wrote 2-3 records twice when a stop met a backlog: the connector's wait for in-flight records ran out while fetched
     * polls kept reaching the stage, and the records processed after its commit were processed again after the restart.)
     */
    @ParameterizedTest(name = "{0} SIGTERM while catching up a backlog")
    @EnumSource(value = Service.class, names = { "SYMPTOM", "EXCLUSION", "TREATMENT" })
    void stageStoppedGracefullyWhileCatchingUpABacklog(Service service) throws Exception {
        Checker.Verdict v = Scenario.run(service.alias() + "-sigterm-backlog", (stack, history) -> {
            ServiceProcess process = stack.service(service);
            history.fault();
            process.suspend();
            Scenario.sleep(Duration.ofSeconds(5));
            process.resume();
            Scenario.sleep(Duration.ofMillis(300));
            process.close();
            Scenario.sleep(DOWNTIME);
            process.start().awaitReady(FaultStack.READY_TIMEOUT);
            history.restored();
        });
        Scenario.assertHolds(v);
        assertEquals(0, v.duplicates()[outputTopic(service)], service.module() + ": records written twice after a graceful stop");
    }

    /** Index of the stage's output topic in {@link TopicObserver#TOPICS} (case-events, -scored, -assessed, -planned). */
    private static int outputTopic(Service stage) {
        return switch (stage) {
            case SYMPTOM -> 1;
            case EXCLUSION -> 2;
            case TREATMENT -> 3;
            case GATEWAY -> throw new IllegalArgumentException("the gateway writes case-events");
        };
    }
}
