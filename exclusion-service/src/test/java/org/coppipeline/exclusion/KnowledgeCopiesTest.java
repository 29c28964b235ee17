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

import org.coppipeline.exclusion.domain.ExclusionThresholds;

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
    void knowledgeTitleSaysTheVersionThisServiceReports() throws IOException {
        String title = Files.readAllLines(KNOWLEDGE.resolve("cop-knowledge.md"), StandardCharsets.UTF_8).get(0);
        Matcher version = Pattern.compile("^# .*knowledge base, v(\\d+)$").matcher(title);
        assertTrue(version.matches(), title);
        assertEquals("1", version.group(1));
        assertEquals("cop-knowledge-v" + version.group(1), new CauseStage(ExclusionThresholds.defaults()).knowledgeVersion());
    }
}
