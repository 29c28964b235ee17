package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class LoadGateTest {

    private static final double LIMIT = 1.5;

    @Test
    void aQuietAttemptIsKept() {
        assertEquals(LoadGate.Verdict.VALID, LoadGate.judge(0.4, LIMIT, 1, 3));
        assertEquals(LoadGate.Verdict.VALID, LoadGate.judge(1.5, LIMIT, 1, 3), "at the limit counts as quiet");
    }

    @Test
    void aBusyAttemptIsRepeatedWhileAttemptsAreLeft() {
        assertEquals(LoadGate.Verdict.REPEAT, LoadGate.judge(1.51, LIMIT, 1, 3));
        assertEquals(LoadGate.Verdict.REPEAT, LoadGate.judge(20, LIMIT, 2, 3));
        assertEquals(LoadGate.Verdict.NOT_VALID, LoadGate.judge(20, LIMIT, 3, 3));
        assertEquals(LoadGate.Verdict.NOT_VALID, LoadGate.judge(2, LIMIT, 1, 1), "a single attempt is never repeated");
    }

    @Test
    void anUnknownLoadIsNotHeldAgainstTheAttempt() {
        assertEquals(LoadGate.Verdict.VALID, LoadGate.judge(Double.NaN, LIMIT, 1, 3));
    }

    @Test
    void theFirstQuietAttemptIsReportedElseTheLeastLoadedOne() {
        assertEquals(1, LoadGate.chosen(List.of(3.0, 1.2, 0.8), LIMIT), "the first quiet one, not the quietest");
        assertEquals(0, LoadGate.chosen(List.of(1.0), LIMIT));
        assertEquals(2, LoadGate.chosen(List.of(4.0, 3.0, 2.0), LIMIT), "none quiet: the lowest load");
        assertEquals(0, LoadGate.chosen(List.of(2.0, 2.0), LIMIT), "equals: the first");
        assertThrows(IllegalArgumentException.class, () -> LoadGate.chosen(List.of(), LIMIT));
    }
}
