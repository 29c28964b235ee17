package org.coppipeline.exclusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.coppipeline.exclusion.binding.Examples;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.messaging.UnprocessableRecordException;

/** The CDI bean without a container: thresholds in, causeAssessment out. */
class CauseStageTest {

    @Test
    void assessesARecordWithTheClasspathDrugList() {
        var stage = new CauseStage(ExclusionThresholds.defaults());
        var example = Examples.read(Examples.files().stream()
                .filter(p -> p.getFileName().toString().startsWith("amiodarone")).findFirst().orElseThrow());
        JsonNode out = stage.assess(Examples.scoredRecord(example));
        assertEquals("present", out.path("categories").path("drug").path("status").asText());
        assertEquals("cop-knowledge-v1", stage.knowledgeVersion());
        assertEquals("causeAssessment", CauseStage.SECTION);
    }

    @Test
    void usesTheConfiguredThresholds() {
        var stage = new CauseStage(new ExclusionThresholds(0, 365, 25));
        var record = Examples.scoredRecord(Examples.read(Examples.files().get(0)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.path("history").path("medications").get(0))
                .put("current", false).put("stoppedDaysAgo", 1);
        JsonNode out = stage.assess(record);
        assertEquals("excluded", out.path("categories").path("drug").path("status").asText());
        assertEquals(0, out.path("thresholds").path("drugWindowDays").asInt());
    }

    @Test
    void anUnbindableRecordIsUnprocessable() {
        var record = Examples.scoredRecord(Examples.read(Examples.files().get(0)));
        record.put("history", 5);
        assertThrows(UnprocessableRecordException.class, () -> new CauseStage(ExclusionThresholds.defaults()).assess(record));
    }

    @Test
    void aMissingResourceIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> CauseStage.readResource("knowledge/nope.csv"));
        assertEquals("classpath resource knowledge/nope.csv is missing", e.getMessage());
    }
}
