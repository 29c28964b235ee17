package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.IntPredicate;

import org.awaitility.Awaitility;

import org.coppipeline.faults.CasePlans.CasePlan;

/**
 * One scenario run: the load starts, the fault is injected once a third of the cases are posted, the part comes back,
 * the load finishes, and the checker compares the history with the pipeline. Every wait is bounded.
 */
final class Scenario {
    /** Cases per scenario: -Dfaults.cases=N (default 2,000). */
    static final int CASES = Integer.getInteger("faults.cases", 2000);
    /** Posting pace: the load lasts about CASES / RATE seconds without faults (-Dfaults.rate). */
    static final double RATE = Double.parseDouble(System.getProperty("faults.rate", "100"));
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(12);
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(6);

    /** The fault: injected while the load runs; returns once the faulty part is back (or the fault is over). */
    @FunctionalInterface
    interface Fault {
        void inject(FaultStack stack, History history) throws Exception;
    }

    private Scenario() {
    }

    static Checker.Verdict run(String name, Fault fault) throws Exception {
        return run(name, CASES, i -> false, fault);
    }

    static Checker.Verdict run(String name, int cases, IntPredicate abandonAfter503, Fault fault) throws Exception {
        FaultStack stack = FaultStack.get();
        stack.ensureHealthy();
        String prefix = CasePlans.prefix(name);
        List<CasePlan> plans = CasePlans.plans(prefix, cases);
        History history = new History();
        history.plans(plans);
        System.out.printf("faults: %s: %d cases (prefix %s) at %.0f cases/s with %d threads%n", name, cases, prefix, RATE,
                LoadGenerator.THREADS);
        try (LoadGenerator load = new LoadGenerator(stack, history, plans, RATE, abandonAfter503).start()) {
            Awaitility.await(name + ": a third of the cases posted; " + stack.logsHint())
                    .atMost(LOAD_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> load.casesDone() >= cases / 3);
            try {
                fault.inject(stack, history);
            } finally {
                if (history.restoredAt() == 0 && history.faultAt() != 0) {
                    history.restored();
                }
            }
            assertTrue(load.awaitDone(LOAD_TIMEOUT), name + ": the load did not finish within " + LOAD_TIMEOUT.toMinutes()
                    + " min; " + stack.logsHint());
        } finally {
            stack.ensureHealthy();
        }
        return Checker.check(name, stack, history, prefix, DRAIN_TIMEOUT);
    }

    /** What must hold after every scenario: nothing accepted is lost, one current view per case, newest wins. */
    static void assertHolds(Checker.Verdict v) {
        assertAll(v.scenario(),
                () -> assertEquals(List.of(), v.anomalies(), "unexpected answers to the client"),
                () -> assertEquals(v.casesPosted(), v.casesAccepted(), "every posted case accepted in the end"),
                () -> assertEquals(List.of(), List.copyOf(v.lostEvents()), "lost: accepted (202) but never planned"),
                () -> assertEquals(List.of(), List.copyOf(v.wrongViews()), "views not planned with the newest event's outcome"),
                () -> assertEquals(List.of(), List.copyOf(v.duplicateViews()), "more than one current view per case"),
                () -> assertEquals(List.of(), List.copyOf(v.rowsWithout202()), "accepted rows the client never got a 202 for"),
                () -> assertEquals(List.of(), List.copyOf(v.missingRows()), "202 without an accepted row"),
                () -> assertEquals(List.of(), List.copyOf(v.abandonedWithRow()), "rows of ids abandoned after a 503"));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
