package org.coppipeline.faults;

import java.time.Duration;

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

    @ParameterizedTest(name = "{0} kill -9")
    @EnumSource(Service.class)
    void serviceKilledMidStreamAndRestarted(Service service) throws Exception {
        Scenario.assertHolds(Scenario.run(service.alias() + "-kill-9", (stack, history) -> {
            ServiceProcess process = stack.service(service);
            history.fault();
            process.kill();
            Scenario.sleep(DOWNTIME);
            process.start().awaitReady(FaultStack.READY_TIMEOUT);
            history.restored();
        }));
    }

    @ParameterizedTest(name = "{0} SIGTERM")
    @EnumSource(Service.class)
    void serviceStoppedGracefullyUnderLoadAndRestarted(Service service) throws Exception {
        Scenario.assertHolds(Scenario.run(service.alias() + "-sigterm", (stack, history) -> {
            ServiceProcess process = stack.service(service);
            history.fault();
            process.close();
            Scenario.sleep(DOWNTIME);
            process.start().awaitReady(FaultStack.READY_TIMEOUT);
            history.restored();
        }));
    }
}
