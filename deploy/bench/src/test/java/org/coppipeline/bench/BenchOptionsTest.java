package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(15, o.seconds());
        assertEquals(0, o.rate(), "no fixed rate: search for saturation");
        assertFalse(o.fresh());
        assertEquals(200_000, o.rawRecords());
        assertEquals(4, o.hospitals());
        assertEquals(20, o.waitQuietMinutes());
        assertEquals(60, o.warmupSeconds());
        assertFalse(o.jfr());
    }

    @Test
    void theIssuesTwoOptionsAndTheOthers() {
        BenchOptions o = BenchOptions.parse("--seconds", "30", "--rate", "120", "--fresh", "--hospitals", "2", "--wait-quiet", "0",
                "--skip-raw", "--raw-records", "1000", "--start-rate", "10", "--max-rate", "80", "--jfr", "--warmup-seconds", "5");
        assertEquals(30, o.seconds());
        assertEquals(120, o.rate());
        assertTrue(o.fresh());
        assertEquals(2, o.hospitals());
        assertEquals(0, o.waitQuietMinutes());
        assertTrue(o.skipRaw());
        assertEquals(1000, o.rawRecords());
        assertEquals(10, o.startRate());
        assertEquals(80, o.maxRate());
        assertTrue(o.jfr());
        assertEquals(5, o.warmupSeconds());
    }

    @Test
    void refusals() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--seconds", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rate", "fast"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rate"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--wait-quiet", "-1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--start-rate", "100", "--max-rate", "50"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--bogus"));
        assertThrows(BenchOptions.HelpRequested.class, () -> BenchOptions.parse("--help"));
    }
}
