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
        assertEquals(3, o.rawAttempts());
        assertEquals(0, o.cdsRate(), "the CDS step runs at the half-saturation rate");
        assertFalse(o.skipCds());
        assertEquals(10, o.cdsOrderEvery());
        assertFalse(o.cold());
        assertEquals(60, o.coldSeconds());
        assertFalse(o.nmt());
    }

    @Test
    void theStepsOfIssue15And12() {
        BenchOptions o = BenchOptions.parse("--raw-attempts", "5", "--cds-rate", "40", "--cds-order-every", "4", "--cold",
                "--cold-rate", "30", "--cold-seconds", "20", "--nmt");
        assertEquals(5, o.rawAttempts());
        assertEquals(40, o.cdsRate());
        assertEquals(4, o.cdsOrderEvery());
        assertTrue(o.cold());
        assertEquals(30, o.coldRate());
        assertEquals(20, o.coldSeconds());
        assertTrue(o.nmt());
        assertTrue(BenchOptions.parse("--skip-cds").skipCds());
    }

    @Test
    void coldAndNmtNeedAStackOfTheBenchmarksOwn() {
        assertTrue(BenchOptions.parse("--cold").fresh());
        assertTrue(BenchOptions.parse("--nmt").fresh());
        BenchOptions gc = BenchOptions.parse("--service-jvm-options", " -Xlog:gc ");
        assertEquals("-Xlog:gc", gc.serviceJvmOptions());
        assertTrue(gc.fresh(), "options for JVMs the benchmark starts itself");
        assertEquals("", BenchOptions.parse().serviceJvmOptions());
        assertFalse(BenchOptions.parse("--jfr").fresh());
    }

    @Test
    void withoutWaitingForQuietTheRawBaselineIsNotRepeated() {
        assertEquals(1, BenchOptions.parse("--wait-quiet", "0", "--raw-attempts", "4").rawAttempts());
        assertEquals(4, BenchOptions.parse("--wait-quiet", "1", "--raw-attempts", "4").rawAttempts());
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
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--raw-attempts", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--cds-order-every", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--cold-rate", "-5"));
        assertThrows(BenchOptions.HelpRequested.class, () -> BenchOptions.parse("--help"));
    }
}
