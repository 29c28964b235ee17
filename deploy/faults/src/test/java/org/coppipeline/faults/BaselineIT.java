package org.coppipeline.faults;

import org.junit.jupiter.api.Test;

/** The control run (as in Jepsen): the same load and checker with no fault, so a fault's figures have a reference. */
class BaselineIT {

    @Test
    void withoutFaultsEveryAcceptedCaseIsPlannedOnceWithItsNewestEvent() throws Exception {
        Scenario.assertHolds(Scenario.run("baseline", (stack, history) -> { }));
    }
}
