package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    /** jcmd PID VM.native_memory summary scale=KB of a JDK 17.0.15 JVM (shortened; the layout is this JDK's). */
    static final String SUMMARY = """
            4242:

            Native Memory Tracking:

            (Omitting categories weighting less than 1KB)

            Total: reserved=1626114KB, committed=233258KB
                   malloc: 10125KB #61087
                   mmap:   reserved=7832392KB, committed=474608KB

            -                 Java Heap (reserved=163840KB, committed=98304KB)
                                        (mmap: reserved=163840KB, committed=98304KB)\s
            \s
            -                     Class (reserved=1057966KB, committed=17390KB)
                                        (classes #14211)
                                        (  instance classes #13391, array classes #820)
                                        (malloc=2222KB #31321)\s
                                        (mmap: reserved=1055744KB, committed=15168KB)\s
                                        (  Metadata:   )
                                        (    reserved=65536KB, committed=64768KB)
                                        (    used=63900KB)
            \s
            -                    Thread (reserved=31003KB, committed=2879KB)
                                        (thread #60)
                                        (stack: reserved=30720KB, committed=2596KB)
            \s
            -                      Code (reserved=67262KB, committed=27442KB)
                                        (malloc=1598KB #8339)\s
                                        (mmap: reserved=65664KB, committed=25844KB)\s
            \s
            -                        GC (reserved=6201KB, committed=3113KB)
            \s
            -                  Compiler (reserved=1125KB, committed=1125KB)
            \s
            -                  Internal (reserved=812KB, committed=812KB)
            \s
            -                     Other (reserved=9011KB, committed=9011KB)
            \s
            -                    Symbol (reserved=17760KB, committed=17760KB)
            \s
            -    Native Memory Tracking (reserved=3066KB, committed=3066KB)
            \s
            -        Shared class space (reserved=12288KB, committed=11944KB, readonly=0KB)
            \s
            -               Arena Chunk (reserved=412KB, committed=412KB)
            \s
            -                 Metaspace (reserved=65574KB, committed=40000KB)
                                        (malloc=166KB #210)
            """;

    @Test
    void committedPerCategoryAndTheTotal() {
        NativeMemory.Summary s = NativeMemory.parse(SUMMARY, 250_000).orElseThrow();
        assertEquals(233_258, s.totalCommittedKib());
        assertEquals(98_304, s.committedKib().get("Java Heap"));
        assertEquals(17_390, s.committedKib().get("Class"), "the category line, not its Metadata sub-line");
        assertEquals(2_879, s.committedKib().get("Thread"));
        assertEquals(27_442, s.committedKib().get("Code"));
        assertEquals(3_113, s.committedKib().get("GC"));
        assertEquals(812, s.committedKib().get("Internal"));
        assertEquals(9_011, s.committedKib().get("Other"));
        assertEquals(3_066, s.committedKib().get("Native Memory Tracking"), "a name with spaces");
        assertEquals(11_944, s.committedKib().get("Shared class space"), "a line with a third figure");
        assertEquals(40_000, s.committedKib().get("Metaspace"));
        assertEquals(13, s.committedKib().size());
        assertEquals(98_304 * 1024 / 1e6, s.committedMb("Java Heap"), 1e-9);
        assertEquals(250_000 * 1024 / 1e6, s.rssMb(), 1e-9);
    }

    @Test
    void restIsTheTotalLessTheReportedColumns() {
        NativeMemory.Summary s = NativeMemory.parse(SUMMARY, 0).orElseThrow();
        long columns = 98_304 + 17_390 + 40_000 + 2_879 + 27_442 + 3_113 + 812 + 9_011;
        assertEquals((233_258 - columns) * 1024 / 1e6, s.restMb(), 1e-9);
        assertEquals(1125 + 17_760 + 3_066 + 11_944 + 412, 233_258 - columns, "rest: Compiler, Symbol, NMT, CDS, Arena");
    }

    @Test
    void aJvmWithoutNmtGivesNoSummary() {
        assertTrue(NativeMemory.parse("4242:\nNative memory tracking is not enabled\n", 1).isEmpty());
        assertTrue(NativeMemory.parse("", 1).isEmpty());
    }
}
