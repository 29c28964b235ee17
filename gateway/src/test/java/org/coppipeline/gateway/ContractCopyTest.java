package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The gateway validates with a copy of the contract's schema: it must stay byte-for-byte the shared one. */
class ContractCopyTest {

    static final Path SHARED = Path.of("../../shared");

    @Test
    void schemaCopyIsTheSharedSchema() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), "shared/ is not beside the repository");
        byte[] shared = Files.readAllBytes(SHARED.resolve("contract/case-event.schema.json"));
        byte[] copy = Files.readAllBytes(Path.of("src/main/resources/contract/case-event.schema.json"));
        assertThat(copy).as("gateway/src/main/resources/contract/case-event.schema.json differs from shared/contract")
                .isEqualTo(shared);
    }
}
