package org.coppipeline.exclusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * Knowledge v1 gives byte-identical outputs for the same input: the 100,000 golden cases, rendered by the current
 * code under v1, hash to the digest recorded from the code before v2 existed.
 */
class GoldenV1DigestTest {

    @Test
    void v1OutputsMatchTheRecordedDigest() {
        ExclusionStage stage = ExclusionStage.withDefaults();
        GoldenV1Digest.Result recorded = GoldenV1Digest.recorded();
        GoldenV1Digest.Result now = GoldenV1Digest.compute(record -> stage.assess(record, KnowledgeVersion.V1));
        assertEquals(GoldenV1Cases.CASES / GoldenV1Digest.BLOCK, recorded.blocks().size(), "recorded blocks");
        for (int block = 0; block < recorded.blocks().size(); block++) {
            if (!recorded.blocks().get(block).equals(now.blocks().get(block))) {
                fail(firstDifference(stage, recorded, now, block));
            }
        }
    }

    /** Names the first case of the block whose fingerprint differs, with its (synthetic) input and today's output. */
    private static String firstDifference(ExclusionStage stage, GoldenV1Digest.Result recorded, GoldenV1Digest.Result now,
            int block) {
        int first = block * GoldenV1Digest.BLOCK;
        for (int i = first; i < first + GoldenV1Digest.BLOCK; i++) {
            if (recorded.fingerprints()[i] != now.fingerprints()[i]) {
                GoldenV1Cases cases = new GoldenV1Cases();
                for (int skip = 0; skip < i; skip++) {
                    cases.next();
                }
                var record = cases.next();
                return "v1 output differs from the golden digest; first differing case index " + i + "\ninput: " + record
                        + "\noutput now: " + new String(GoldenV1Digest.output(r -> stage.assess(r, KnowledgeVersion.V1), record),
                                StandardCharsets.UTF_8);
            }
        }
        return "v1 output differs from the golden digest in block " + block + " (cases " + first + ".."
                + (first + GoldenV1Digest.BLOCK - 1) + "); no single fingerprint differs, so the case is in that range";
    }
}
