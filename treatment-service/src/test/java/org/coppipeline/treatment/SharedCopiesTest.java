package org.coppipeline.treatment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The service ships copies of shared files; they must stay byte-for-byte what /work/shared holds. Skipped only
 * where the shared folder is absent (a checkout without it); a copy that differs fails.
 */
class SharedCopiesTest {

    private static final Path SHARED = Path.of("../../shared");
    private static final Path KNOWLEDGE_COPY = Path.of("src/main/resources/knowledge/cop-knowledge.md");
    private static final Path EXAMPLES_COPY = Path.of("src/test/resources/contract/examples");

    @Test
    void knowledgeFileIsTheSharedOne() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "shared folder absent");
        assertArrayEquals(Files.readAllBytes(SHARED.resolve("domain/cop-knowledge.md")), Files.readAllBytes(KNOWLEDGE_COPY));
    }

    @Test
    void contractExamplesAreTheSharedOnes() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "shared folder absent");
        Path shared = SHARED.resolve("contract/examples");
        assertEquals(names(shared), names(EXAMPLES_COPY), "same set of examples");
        for (String name : names(shared)) {
            assertArrayEquals(Files.readAllBytes(shared.resolve(name)), Files.readAllBytes(EXAMPLES_COPY.resolve(name)), name);
        }
    }

    @Test
    void copiedKnowledgeTitleSaysV1() throws IOException {
        String title = Files.readString(KNOWLEDGE_COPY, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertTrue(title.matches("# .*, v1"), title);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }
}
