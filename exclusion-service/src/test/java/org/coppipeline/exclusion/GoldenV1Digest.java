package org.coppipeline.exclusion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.exclusion.messaging.UnprocessableRecordException;

/**
 * The v1 golden digest: the rendered causeAssessment of every {@link GoldenV1Cases} record (or the reason it is
 * unprocessable), hashed in blocks of {@value #BLOCK} with SHA-256, plus a one-byte fingerprint per case (the first
 * byte of the SHA-256 of its output) that lets a mismatch name the first differing case. Recorded once, from the
 * code before knowledge v2 existed (by the {@code main} method of this class at commit c64687b, since removed so
 * that nobody re-records it from v2 code); {@code GoldenV1DigestTest} recomputes it with the current code under v1.
 */
final class GoldenV1Digest {

    static final int BLOCK = 1_000;
    static final String DIGEST_RESOURCE = "golden/v1-digest.txt";
    static final String FINGERPRINT_RESOURCE = "golden/v1-fingerprints.bin";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Block digests (hex) and per-case fingerprints of one run. */
    record Result(List<String> blocks, byte[] fingerprints) {
    }

    private GoldenV1Digest() {
    }

    /** One case's output as bytes: the rendered section, or the reason the stage refuses the record. */
    static byte[] output(Function<ObjectNode, JsonNode> assess, ObjectNode record) {
        String text;
        try {
            text = JSON.writeValueAsString(assess.apply(record));
        } catch (UnprocessableRecordException e) {
            text = "unprocessable: " + e.getMessage();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Result compute(Function<ObjectNode, JsonNode> assess) {
        GoldenV1Cases cases = new GoldenV1Cases();
        MessageDigest block = sha256();
        MessageDigest single = sha256();
        List<String> blocks = new ArrayList<>();
        byte[] fingerprints = new byte[GoldenV1Cases.CASES];
        for (int i = 0; i < GoldenV1Cases.CASES; i++) {
            byte[] out = output(assess, cases.next());
            block.update(out);
            block.update((byte) '\n');
            fingerprints[i] = single.digest(out)[0];
            if ((i + 1) % BLOCK == 0) {
                blocks.add(HexFormat.of().formatHex(block.digest()));
            }
        }
        return new Result(blocks, fingerprints);
    }

    /** The recorded digest: "block-index sha256" lines; lines starting with # are comments. */
    static Result recorded() {
        List<String> blocks = new ArrayList<>();
        for (String line : new String(resource(DIGEST_RESOURCE), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                blocks.add(line.split(" ")[1]);
            }
        }
        return new Result(blocks, resource(FINGERPRINT_RESOURCE));
    }

    private static byte[] resource(String name) {
        try (InputStream in = GoldenV1Digest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
