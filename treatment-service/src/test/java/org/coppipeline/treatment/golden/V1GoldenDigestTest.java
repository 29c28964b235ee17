package org.coppipeline.treatment.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.coppipeline.treatment.DefaultStage;
import org.coppipeline.treatment.TreatmentStage;
import org.coppipeline.treatment.domain.KnowledgeVersion;
import org.coppipeline.treatment.messaging.UnprocessableRecordException;

/**
 * Knowledge v1 stays byte-identical: the treatmentPlan sections the stage renders for the {@link GoldenCases} stream
 * must hash to the digest recorded from the code before knowledge v2 (the commit is named in the digest file).
 * A block of 1,000 outputs is compared by its SHA-256; inside a differing block a 16-bit fingerprint per case names
 * the first case that differs.
 * <p>
 * To record the digest again (only ever from a commit whose v1 output is known to be right):
 * {@code ./mvnw -o -pl treatment-service test -Dtest=V1GoldenDigestTest -Dcop.golden.record=true -Dcop.golden.commit=<sha>}.
 */
class V1GoldenDigestTest {

    static final Path DIGEST = Path.of("src/test/resources/golden/treatment-v1-digest.txt");
    private static final int BLOCK = 1_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the stage gives for one record under v1: the section as written to Kafka, or the dead-letter reason. */
    private static String output(TreatmentStage stage, ObjectNode record) throws JsonProcessingException {
        try {
            return MAPPER.writeValueAsString(stage.assess(record, KnowledgeVersion.V1));
        } catch (UnprocessableRecordException e) {
            return "unprocessable: " + e.getMessage();
        }
    }

    @Test
    void v1OutputsMatchTheRecordedDigest() throws Exception {
        List<Block> actual = blocks();
        if (Boolean.getBoolean("cop.golden.record")) {
            record(actual);
        }
        List<Block> recorded = read();
        assertEquals(GoldenCases.CASES / BLOCK, recorded.size(), "blocks in " + DIGEST);
        for (int b = 0; b < recorded.size(); b++) {
            if (!recorded.get(b).sha256().equals(actual.get(b).sha256())) {
                fail(firstDifference(b, recorded.get(b), actual.get(b)));
            }
        }
    }

    private static String firstDifference(int block, Block recorded, Block actual) {
        for (int i = 0; i < BLOCK; i++) {
            if (recorded.fingerprints()[2 * i] != actual.fingerprints()[2 * i]
                    || recorded.fingerprints()[2 * i + 1] != actual.fingerprints()[2 * i + 1]) {
                return "v1 output differs from the golden digest; first differing case index: " + (block * BLOCK + i)
                        + " (GoldenCases stream, block " + block + ")";
            }
        }
        return "v1 output differs from the golden digest in block " + block + " (cases " + block * BLOCK + ".."
                + (block * BLOCK + BLOCK - 1) + "); no single fingerprint differs (a 1 in 65,536 collision)";
    }

    record Block(String sha256, byte[] fingerprints) {
    }

    private static List<Block> blocks() throws JsonProcessingException, NoSuchAlgorithmException {
        TreatmentStage stage = DefaultStage.with(MAPPER);
        GoldenCases cases = new GoldenCases();
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < GoldenCases.CASES / BLOCK; b++) {
            MessageDigest block = MessageDigest.getInstance("SHA-256");
            byte[] fingerprints = new byte[2 * BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                byte[] out = (output(stage, cases.next()) + "\n").getBytes(StandardCharsets.UTF_8);
                block.update(out);
                byte[] own = MessageDigest.getInstance("SHA-256").digest(out);
                fingerprints[2 * i] = own[0];
                fingerprints[2 * i + 1] = own[1];
            }
            blocks.add(new Block(HexFormat.of().formatHex(block.digest()), fingerprints));
        }
        return blocks;
    }

    private static List<Block> read() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (String line : Files.readAllLines(DIGEST, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] fields = line.split(" ");
            assertEquals(blocks.size(), Integer.parseInt(fields[0]), "block order in " + DIGEST);
            blocks.add(new Block(fields[1], Base64.getDecoder().decode(fields[2])));
        }
        return blocks;
    }

    private static void record(List<Block> blocks) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("# Golden digest of the knowledge-v1 treatment rules: TreatmentStage output under v1 for the\n")
                .append("# GoldenCases stream (seed 0x").append(Long.toHexString(GoldenCases.SEED).toUpperCase())
                .append(", ").append(GoldenCases.CASES).append(" records), default configuration.\n")
                .append("# Output of a case: the treatmentPlan section as Jackson writes it, or \"unprocessable: <reason>\";\n")
                .append("# each followed by a newline. Line: block index, SHA-256 of the block's ").append(BLOCK)
                .append(" outputs, base64 of a\n")
                .append("# 16-bit fingerprint per case (the first two bytes of the output's own SHA-256).\n")
                .append("# Recorded from commit ").append(System.getProperty("cop.golden.commit", "(not given)"))
                .append(", the v1 rule code before knowledge v2.\n");
        for (int b = 0; b < blocks.size(); b++) {
            text.append(b).append(' ').append(blocks.get(b).sha256()).append(' ')
                    .append(Base64.getEncoder().encodeToString(blocks.get(b).fingerprints())).append('\n');
        }
        Files.createDirectories(DIGEST.getParent());
        Files.writeString(DIGEST, text, StandardCharsets.UTF_8);
    }
}
