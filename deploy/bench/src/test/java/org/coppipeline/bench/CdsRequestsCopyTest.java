package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The FHIR charts of the CDS step are byte-for-byte the ones deploy/local's CdsHooksIT proves end to end. */
class CdsRequestsCopyTest {

    @Test
    void copiesMatchDeployLocalsCharts() throws IOException {
        Path local = Path.of(System.getProperty("cop.repo.root", "../..")).resolve("deploy/local/src/test/resources/fhir");
        for (String example : CdsRequests.EXAMPLES) {
            String name = example + ".bundle.json";
            assertArrayEquals(Files.readAllBytes(local.resolve(name)), Files.readAllBytes(Path.of("src/main/resources/fhir").resolve(name)),
                    name + " differs from " + local.resolve(name) + ": copy it again");
        }
    }
}
