package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void cpuTicksAreCountedAfterTheCommandNameWhateverItHolds() {
        String stat = "4242 (java) odd) name) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";
        assertEquals(1234 + 567, ProcessStats.parseCpuTicks(stat));
    }

    @Test
    void machineBusyTimeLeavesOutIdleAndIowait() {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        assertEquals(100 + 2 + 30 + 4 + 5 + 6, ProcessStats.parseBusyTicks("cpu  100 2 30 9999 888 4 5 6 0 0"));
    }

    @Test
    void kibFieldsOfProcStatus() {
        assertEquals(123456, ProcessStats.parseKib("  123456 kB"));
    }

    @Test
    void readsThisProcessFromProc() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc only");
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcessStats.rssKib(pid).orElseThrow() > 1024, "a JVM holds more than 1 MiB");
        assertTrue(ProcessStats.peakRssKib(pid).orElseThrow() >= ProcessStats.rssKib(pid).orElseThrow() / 2);
        assertTrue(ProcessStats.cpuMillis(pid).orElseThrow() >= 0);
        assertTrue(ProcessStats.machineBusyMillis() > 0);
        assertTrue(ProcessStats.rssKib(Long.MAX_VALUE).isEmpty(), "no such process");
    }
}
