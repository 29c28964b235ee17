package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final long S = 1_000_000_000L;

    @Test
    void countsFallIntoTenSecondIntervalsFromTheStart() {
        Timeline.Recorder r = new Timeline.Recorder(10, 60);
        long t0 = 5_000 * S;
        r.start(t0);
        r.accepted(t0);
        r.planned(t0 + 9 * S);
        r.planned(t0 + 10 * S);
        r.planned(t0 + 25 * S);
        r.error(t0 + 11 * S);
        r.throttled(t0 + 12 * S);
        Timeline line = r.snapshot();
        assertEquals(10, line.bucketSeconds());
        assertArrayEquals(new long[] { 1, 1, 1 }, line.planned(), "empty intervals after the last event are left out");
        assertArrayEquals(new long[] { 1, 0, 0 }, line.accepted());
        assertArrayEquals(new long[] { 0, 1, 0 }, line.errors());
        assertArrayEquals(new long[] { 0, 1, 0 }, line.throttled());
        assertArrayEquals(new double[] { 0.1, 0.1, 0.1 }, line.plannedPerSecond(), 1e-12);
    }

    @Test
    void momentsOutsideTheCoveredSpanCountAtItsEdges() {
        Timeline.Recorder r = new Timeline.Recorder(10, 20);
        r.start(100 * S);
        r.planned(99 * S);
        r.planned(1_000 * S);
        assertArrayEquals(new long[] { 1, 1 }, r.snapshot().planned());
    }

    @Test
    void nothingHappenedNothingReported() {
        Timeline.Recorder r = new Timeline.Recorder(10, 60);
        r.start(0);
        assertEquals(0, r.snapshot().planned().length);
    }
}
