package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The end-to-end v2 expectations (contract/expected-v2.json here and in deploy/faults) agree with each stage's own,
 * which its rule-core tests check: one reviewed set of v2 outcomes, not four that could drift apart.
 */
class ExpectedV2ConsistencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "src/test/resources/contract/expected-v2.json";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "symptom-service", "exclusion-service", "treatment-service", "deploy/faults" })
    void endToEndExpectationsAgreeWithTheModules(String module) throws IOException {
        Path file = RepoLayout.locate().root().resolve(module).resolve(FILE);
        assertTrue(Files.isRegularFile(file), file + " exists");
        JsonNode theirs = JSON.readTree(file.toFile());
        Map<String, JsonNode> ours = ContractExpectations.v2();
        assertEquals(ours.keySet(), fieldNames(theirs), module + ": the same examples");
        for (Map.Entry<String, JsonNode> example : ours.entrySet()) {
            JsonNode their = theirs.get(example.getKey());
            assertFalse(their.isEmpty(), module + " expects something of " + example.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> fields = their.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertEquals(example.getValue().get(field.getKey()), field.getValue(),
                        module + ": " + example.getKey() + "." + field.getKey());
            }
        }
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
