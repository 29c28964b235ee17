package org.coppipeline.symptom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.coppipeline.symptom.domain.KnowledgeVersion;

/**
 * The module keeps copies of shared files (knowledge base, contract examples). They must stay byte-for-byte equal
 * to /work/shared, found as ../../shared from the module directory (Surefire's working directory). Skipped only
 * where that folder does not exist.
 */
class SharedCopiesTest {

    private static final Path MODULE = Paths.get("").toAbsolutePath();
    private static final Path SHARED = MODULE.getParent().getParent().resolve("shared");

    private static void assumeShared() {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), "no shared folder at " + SHARED);
    }

    @Test
    void knowledgeCopyIsIdentical() throws IOException {
        assumeShared();
        assertSame(SHARED.resolve("domain/cop-knowledge.md"),
                MODULE.resolve("src/main/resources/knowledge/cop-knowledge.md"));
    }

    @Test
    void everyContractExampleIsCopiedIdentically() throws IOException {
        assumeShared();
        Path sharedExamples = SHARED.resolve("contract/examples");
        Path copies = MODULE.resolve("src/test/resources/contract/examples");
        assertEquals(names(sharedExamples), names(copies));
        for (String name : names(sharedExamples)) {
            assertSame(sharedExamples.resolve(name), copies.resolve(name));
        }
    }

    @Test
    void theKnowledgeFileHoldsEveryVersionTheStageEvaluates() throws IOException {
        List<String> lines = Files.readAllLines(MODULE.resolve("src/main/resources/knowledge/cop-knowledge.md"),
                StandardCharsets.UTF_8);
        // v1 is the file's body (its title says so); v2 is the section that names its code.
        assertTrue(lines.get(0).startsWith("# ") && lines.get(0).endsWith(", v1"), lines.get(0));
        assertEquals("cop-knowledge-v1", KnowledgeVersion.V1.code());
        assertTrue(lines.contains("## Knowledge v2 (`" + KnowledgeVersion.V2.code() + "`, CONTRACT section 9)"),
                "no Knowledge v2 section naming " + KnowledgeVersion.V2.code());
        assertEquals(2, KnowledgeVersion.values().length);
    }

    private static void assertSame(Path original, Path copy) throws IOException {
        assertTrue(Files.exists(copy), "missing copy " + MODULE.relativize(copy));
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy),
                MODULE.relativize(copy) + " differs from " + original + ": copy it again");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }
}
