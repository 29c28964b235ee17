package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOverOneToHundred() {
        double[] samples = IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray(); // unsorted
        Percentiles p = Percentiles.of(samples);
        assertEquals(100, p.count());
        assertEquals(50, p.p50());
        assertEquals(95, p.p95());
        assertEquals(99, p.p99());
        assertEquals(100, p.max());
    }

    @Test
    void fewSamplesTakeTheNextHigherOne() {
        Percentiles p = Percentiles.of(new double[] { 7, 3, 5 });
        assertEquals(5, p.p50());
        assertEquals(7, p.p95());
        assertEquals(7, p.p99());
        assertEquals(7, p.max());
    }

    @Test
    void noSamplesNoFigures() {
        Percentiles p = Percentiles.of(new double[0]);
        assertEquals(0, p.count());
        assertTrue(Double.isNaN(p.p50()));
    }
}
