package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /**
     * CONTRACT 1.1: a 256 KiB body can hold 87,000 invalid items or 40,000 unknown members. Validating them one by one
     * built one error each (75 MB for the items, measured on the validator alone); the work and the memory must not
     * depend on how much of the body is wrong. Measured as bytes allocated by this thread (not time).
     */
    @Test
    void hugeInvalidBodiesAreJudgedWithBoundedMemoryAndAtMostTheLimitOfErrors() {
        ObjectNode items = minimal();
        ArrayNode symptoms = items.putArray("symptoms");
        for (int i = 0; i < 87_000; i++) {
            symptoms.addObject();
        }
        ObjectNode members = minimal();
        for (int i = 0; i < 40_000; i++) {
            ((ObjectNode) members.get("patient")).put("m" + i, 1);
        }
        SCHEMA.violations(items, 100);
        SCHEMA.violations(members, 100);

        long before = allocatedBytes();
        CaseEventSchema.Violations tooManyItems = SCHEMA.violations(items, 100);
        long forItems = allocatedBytes() - before;
        before = allocatedBytes();
        CaseEventSchema.Violations tooManyMembers = SCHEMA.violations(members, 100);
        long forMembers = allocatedBytes() - before;

        assertThat(tooManyItems.errors()).hasSizeLessThanOrEqualTo(100).extracting(FieldError::pointer)
                .contains("/symptoms", "/symptoms/0/code", "/symptoms/49/code").doesNotContain("/symptoms/50/code");
        assertThat(tooManyItems.errors()).filteredOn(e -> e.pointer().equals("/symptoms")).extracting(FieldError::message)
                .containsExactly("must have at most 50 items but found 87000");
        assertThat(tooManyItems.truncated()).as("items beyond maxItems were not looked at").isTrue();
        assertThat(tooManyMembers.errors()).hasSize(100).allSatisfy(e -> assertThat(e.pointer()).startsWith("/patient/m"));
        assertThat(tooManyMembers.truncated()).isTrue();
        assertThat(forItems).as("bytes allocated for 87,000 items").isLessThan(4L << 20);
        assertThat(forMembers).as("bytes allocated for 40,000 members").isLessThan(4L << 20);
    }

    /** The quick check of a valid body is as bounded as the full account: it stops at the first violation. */
    @Test
    void theQuickCheckOfHugeBodiesIsBoundedToo() {
        ObjectNode items = minimal();
        ArrayNode symptoms = items.putArray("symptoms");
        for (int i = 0; i < 87_000; i++) {
            symptoms.addObject().put("code", "fever");
        }
        ObjectNode members = minimal();
        for (int i = 0; i < 40_000; i++) {
            ((ObjectNode) members.get("patient")).put("m" + i, 1);
        }
        SCHEMA.conforms(items);
        SCHEMA.conforms(members);

        long before = allocatedBytes();
        boolean itemsConform = SCHEMA.conforms(items);
        long forItems = allocatedBytes() - before;
        before = allocatedBytes();
        boolean membersConform = SCHEMA.conforms(members);
        long forMembers = allocatedBytes() - before;

        assertThat(itemsConform).isFalse();
        assertThat(membersConform).isFalse();
        assertThat(SCHEMA.conforms(minimal())).isTrue();
        assertThat(forItems).as("bytes allocated for 87,000 items").isLessThan(4L << 20);
        assertThat(forMembers).as("bytes allocated for 40,000 members").isLessThan(4L << 20);
    }

    @Test
    void whatIsLeftOutIsOnlyWhatTheSchemaForbidsOutright() {
        ObjectNode event = minimal();
        ((ObjectNode) event.get("patient")).put("ageYears", 500).put("wieghtKg", 70);
        ArrayNode symptoms = event.putArray("symptoms");
        symptoms.addObject().put("code", "dyspnea");
        symptoms.addObject().put("code", "sneezing");
        CaseEventSchema.Violations violations = SCHEMA.violations(event, 100);
        assertThat(violations.errors()).extracting(FieldError::pointer)
                .containsExactly("/patient/ageYears", "/patient/wieghtKg", "/symptoms/1/code");
        assertThat(violations.truncated()).isFalse();
        assertThat(SCHEMA.violations(event, 2).errors()).hasSize(2);
        assertThat(SCHEMA.violations(event, 2).truncated()).isTrue();
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
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
