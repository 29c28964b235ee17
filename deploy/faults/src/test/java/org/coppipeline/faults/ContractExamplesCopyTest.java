package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.coppipeline.local.RepoLayout;

/** The events the load generator posts come from copies of the shared contract examples: byte-for-byte the same. */
class ContractExamplesCopyTest {

    @Test
    void copiesMatchTheSharedContractExamples() throws IOException {
        Path shared = RepoLayout.locate().root().resolve("../shared/contract/examples").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "no shared folder at " + shared);
        Path copies = CasePlans.examplesDir();

        assertEquals(names(shared), names(copies), "same example files as " + shared);
        for (String name : names(shared)) {
            assertArrayEquals(Files.readAllBytes(shared.resolve(name)), Files.readAllBytes(copies.resolve(name)),
                    name + " differs from " + shared.resolve(name) + ": copy it again into deploy/faults/src/test/resources/contract/examples");
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
