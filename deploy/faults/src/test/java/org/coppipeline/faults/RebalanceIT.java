package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.coppipeline.local.Service;
import org.coppipeline.local.ServiceProcess;

/**
 * A second instance of a stage service joins its consumer group under load (partitions move to it), works for a
 * while, then leaves (SIGTERM: partitions move back). Two rebalances mid-stream: nothing lost, order per case kept.
 */
class RebalanceIT {
    static final Duration SHARED_WORK = Duration.ofSeconds(10);

    @ParameterizedTest(name = "{0}: second instance joins, then leaves")
    @EnumSource(value = Service.class, names = { "SYMPTOM", "EXCLUSION", "TREATMENT" })
    void secondInstanceJoinsThenLeavesUnderLoad(Service service) throws Exception {
        String group = service.module(); // each stage's group.id is its application name
        AtomicReference<List<Integer>> shared = new AtomicReference<>();
        AtomicReference<List<Integer>> after = new AtomicReference<>();
        Checker.Verdict v = Scenario.run(service.alias() + "-scale-out-in", (stack, history) -> {
            history.fault();
            ServiceProcess second = stack.startSecondInstance(service);
            try {
                Awaitility.await(group + ": the partitions shared by two members")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            shared.set(stack.partitionsPerMember(group));
                            return shared.get().size() == 2 && shared.get().stream().allMatch(n -> n > 0);
                        });
                Scenario.sleep(SHARED_WORK);
            } finally {
                second.close();
                history.restored();
            }
            Awaitility.await(group + ": every partition back with one member")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        after.set(stack.partitionsPerMember(group));
                        return after.get().size() == 1 && after.get().get(0) == 12;
                    });
        });
        System.out.printf("faults: %s: partitions per member with the second instance %s, after it left %s%n",
                v.scenario(), shared.get(), after.get());
        assertEquals(2, shared.get().size(), group + ": the second instance took partitions");
        assertEquals(List.of(12), after.get(), group + ": one member holds all 12 partitions again");
        Scenario.assertHolds(v);
    }
}
