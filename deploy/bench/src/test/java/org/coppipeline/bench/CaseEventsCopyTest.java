package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The examples the benchmark posts are byte-for-byte the shared contract's (../shared beside the repository). */
class CaseEventsCopyTest {

    private static final Path COPIES = Path.of("src/main/resources/contract/examples");

    @Test
    void copiesMatchTheSharedContractExamples() throws IOException {
        Path shared = Path.of(System.getProperty("cop.repo.root", "../..")).resolve("../shared/contract/examples").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "no shared folder at " + shared);

        assertEquals(names(shared), names(COPIES), "same example files as " + shared);
        for (String name : names(shared)) {
            assertArrayEquals(Files.readAllBytes(shared.resolve(name)), Files.readAllBytes(COPIES.resolve(name)),
                    name + " differs from " + shared.resolve(name) + ": copy it again into " + COPIES);
        }
    }

    @Test
    void everyCopiedExampleIsPosted() throws IOException {
        assertEquals(names(COPIES), CaseEvents.EXAMPLES.stream().sorted().toList());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
