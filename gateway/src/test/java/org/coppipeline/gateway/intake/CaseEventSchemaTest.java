package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.gateway.api.Problem.FieldError;

class CaseEventSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final CaseEventSchema SCHEMA = CaseEventSchema.load(JSON);
    static final Path EXAMPLES = Path.of("../../shared/contract/examples");

    @Test
    void everyContractExampleIsAValidEvent() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(EXAMPLES), "shared/ is not beside the repository");
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            JsonNode event = JSON.readTree(file.toFile()).get("event");
            assertThat(SCHEMA.violations(event)).as(file.getFileName().toString()).isEmpty();
        }
    }

    @Test
    void pointersEscapeMemberNames() {
        JsonNode event = minimal().put("a/b~c", 1);
        assertThat(SCHEMA.violations(event)).extracting(FieldError::pointer).containsExactly("/a~1b~0c");
    }

    @Test
    void rootThatIsNotAnObjectIsReportedAtTheRoot() {
        assertThat(SCHEMA.violations(JSON.valueToTree(List.of(1)))).extracting(FieldError::pointer).contains("");
    }

    @Test
    void minimalEventIsValid() {
        assertThat(SCHEMA.violations(minimal())).isEmpty();
    }

    static com.fasterxml.jackson.databind.node.ObjectNode minimal() {
        var event = JSON.createObjectNode()
                .put("eventId", "3f0c8a56-1b2d-4c5e-8f90-123456789abc")
                .put("caseId", "c1")
                .put("hospitalId", "h1")
                .put("occurredAt", "2025-01-01T00:00:00Z");
        event.putObject("patient").put("ageYears", 50);
        return event;
    }
}
