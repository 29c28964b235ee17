package org.coppipeline.exclusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.binding.Examples;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.KnowledgeVersion;
import org.coppipeline.exclusion.messaging.UnprocessableRecordException;

/** The CDI bean without a container: thresholds and version in, causeAssessment out. */
class ExclusionStageTest {

    private static ObjectNode example(String prefix) {
        return Examples.scoredRecord(Examples.read(Examples.files().stream()
                .filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow()));
    }

    @Test
    void assessesARecordWithTheClasspathDrugListUnderEitherVersion() {
        var stage = ExclusionStage.withDefaults();
        JsonNode v1 = stage.assess(example("amiodarone"), KnowledgeVersion.V1);
        JsonNode v2 = stage.assess(example("amiodarone"), KnowledgeVersion.V2);
        assertEquals("present", v1.path("categories").path("drug").path("status").asText());
        assertEquals("present", v2.path("categories").path("drug").path("status").asText());
        assertEquals("cop-knowledge-v1", v1.path("knowledgeVersion").asText());
        assertEquals("cop-knowledge-v2", v2.path("knowledgeVersion").asText());
        assertEquals(90, v1.path("thresholds").path("drugWindowDays").asInt());
        assertEquals(180, v2.path("thresholds").path("drugWindowDays").asInt());
        assertEquals(KnowledgeVersion.V2, stage.configuredVersion());
        assertEquals("causeAssessment", ExclusionStage.SECTION);
    }

    @Test
    void usesEachVersionsConfiguredThresholds() {
        var stage = new ExclusionStage(new ExclusionThresholds(0, 365, 25), new ExclusionThresholds(2, 365, 25, 20),
                KnowledgeVersion.V1);
        var record = example("amiodarone");
        ((ObjectNode) record.path("history").path("medications").get(0)).put("name", "nitrofurantoin")
                .put("current", false).put("stoppedDaysAgo", 1);
        JsonNode v1 = stage.assess(record, KnowledgeVersion.V1);
        assertEquals("excluded", v1.path("categories").path("drug").path("status").asText());
        assertEquals(0, v1.path("thresholds").path("drugWindowDays").asInt());
        JsonNode v2 = stage.assess(record, KnowledgeVersion.V2);
        assertEquals("present", v2.path("categories").path("drug").path("status").asText());
        assertEquals(2, v2.path("thresholds").path("drugWindowDays").asInt());
        assertEquals(KnowledgeVersion.V1, stage.configuredVersion());
    }

    @Test
    void anUnbindableRecordIsUnprocessable() {
        var record = example("amiodarone");
        record.put("history", 5);
        assertThrows(UnprocessableRecordException.class, () -> ExclusionStage.withDefaults().assess(record, KnowledgeVersion.V2));
        var method = example("amiodarone");
        method.putObject("histology").put("pattern", "organizing-pneumonia").put("method", "needle");
        var e = assertThrows(UnprocessableRecordException.class,
                () -> ExclusionStage.withDefaults().assess(method, KnowledgeVersion.V1));
        assertEquals("cannot bind /histology/method", e.getMessage());
    }

    @Test
    void aMissingResourceIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> ExclusionStage.readResource("knowledge/nope.csv"));
        assertEquals("classpath resource knowledge/nope.csv is missing", e.getMessage());
    }
}
