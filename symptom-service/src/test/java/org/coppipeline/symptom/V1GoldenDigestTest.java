package org.coppipeline.symptom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.symptom.GoldenV1Cases.Block;
import org.coppipeline.symptom.binding.SuspicionInputBinder;

/**
 * Knowledge v1 must give byte-identical sections for the same input whatever else changes: 100,000 generated cases
 * are scored with the current code under v1 and compared, block by block, with the digest of the code before v2.
 */
class V1GoldenDigestTest {

    @Test
    void v1OutputsMatchTheGoldenDigest() throws IOException {
        List<String> expected = goldenLines();
        assertEquals(GoldenV1Cases.CASES / GoldenV1Cases.BLOCK, expected.size());
        List<Block> actual = GoldenV1Cases.compute();
        for (int b = 0; b < actual.size(); b++) {
            String[] line = expected.get(b).split(" ");
            assertEquals(String.valueOf(b), line[0]);
            if (!line[1].equals(actual.get(b).sha256())) {
                fail("v1 output differs from the golden digest in block " + b + ", first at case index "
                        + firstDifferingCase(b, line[2], actual.get(b).fingerprints()) + " (GoldenV1Cases.record(index))");
            }
        }
    }

    @Test
    void theGeneratorIsDeterministic() {
        assertEquals(GoldenV1Cases.record(12_345), GoldenV1Cases.record(12_345));
        SuspicionInputBinder binder = new SuspicionInputBinder(new ObjectMapper());
        assertEquals(GoldenV1Cases.output(binder, GoldenV1Cases.scorers(), 4_242),
                GoldenV1Cases.output(binder, GoldenV1Cases.scorers(), 4_242));
    }

    /** The first case whose fingerprint differs; if every differing case of the block collides (1 in 64 each), its start. */
    private static String firstDifferingCase(int block, String expected, String actual) {
        int start = block * GoldenV1Cases.BLOCK;
        for (int i = 0; i < GoldenV1Cases.BLOCK; i++) {
            if (expected.charAt(i) != actual.charAt(i)) {
                return String.valueOf(start + i);
            }
        }
        return "(not located: the fingerprints collide) " + start + ".." + (start + GoldenV1Cases.BLOCK - 1);
    }

    private static List<String> goldenLines() throws IOException {
        try (InputStream in = V1GoldenDigestTest.class.getResourceAsStream(GoldenV1Cases.RESOURCE)) {
            assertNotNull(in, GoldenV1Cases.RESOURCE + " is not on the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).toList();
        }
    }
}
