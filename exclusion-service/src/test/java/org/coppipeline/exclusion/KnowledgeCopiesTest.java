package org.coppipeline.exclusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * The copies this module ships are byte-for-byte those of /work/shared (../../shared from the module
 * directory, Surefire's working directory). Skipped only where that folder is absent.
 */
class KnowledgeCopiesTest {

    private static final Path SHARED = Path.of("..", "..", "shared");
    private static final Path KNOWLEDGE = Path.of("src", "main", "resources", "knowledge");
    private static final Path EXAMPLES = Path.of("src", "test", "resources", "contract", "examples");

    private static void assumeShared() {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), "no shared folder at " + SHARED.toAbsolutePath().normalize());
    }

    private static void assertSameBytes(Path shared, Path copy) throws IOException {
        assertArrayEquals(Files.readAllBytes(shared), Files.readAllBytes(copy), copy + " differs from " + shared);
    }

    private static List<String> jsonNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void knowledgeCopiesMatchShared() throws IOException {
        assumeShared();
        assertSameBytes(SHARED.resolve("domain/cop-knowledge.md"), KNOWLEDGE.resolve("cop-knowledge.md"));
        assertSameBytes(SHARED.resolve("domain/op-inducing-drugs.csv"), KNOWLEDGE.resolve("op-inducing-drugs.csv"));
    }

    @Test
    void contractExampleCopiesMatchSharedOneForOne() throws IOException {
        assumeShared();
        Path shared = SHARED.resolve("contract/examples");
        List<String> names = jsonNames(shared);
        assertEquals(names, jsonNames(EXAMPLES));
        for (String name : names) {
            assertSameBytes(shared.resolve(name), EXAMPLES.resolve(name));
        }
    }

    @Test
    void theKnowledgeFileDefinesEveryVersionThisServiceReports() throws IOException {
        List<String> lines = Files.readAllLines(KNOWLEDGE.resolve("cop-knowledge.md"), StandardCharsets.UTF_8);
        Matcher title = Pattern.compile("^# .*knowledge base, v(\\d+)$").matcher(lines.get(0));
        assertTrue(title.matches(), lines.get(0));
        assertEquals(KnowledgeVersion.V1.code(), "cop-knowledge-v" + title.group(1), "the title names v1");
        assertTrue(lines.contains("## Knowledge v2 (`" + KnowledgeVersion.V2.code() + "`, CONTRACT section 9)"),
                "a section defines v2");
        assertEquals(2, KnowledgeVersion.values().length);
    }
}
