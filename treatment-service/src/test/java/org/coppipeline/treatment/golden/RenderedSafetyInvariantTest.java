package org.coppipeline.treatment.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.coppipeline.treatment.DefaultStage;
import org.coppipeline.treatment.TreatmentStage;
import org.coppipeline.treatment.domain.KnowledgeVersion;
import org.coppipeline.treatment.messaging.UnprocessableRecordException;

/**
 * The safety invariant as the next stage sees it, through binding and rendering: over the 100,000 records of the
 * {@link GoldenCases} stream, a rendered section says glucocorticoidRecommended true only when the record's
 * infection category is excluded, and then carries a regimen; in each knowledge version.
 */
class RenderedSafetyInvariantTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(KnowledgeVersion.class)
    void glucocorticoidRecommendedOnlyWithInfectionExcluded(KnowledgeVersion version) {
        TreatmentStage stage = DefaultStage.with(MAPPER);
        GoldenCases cases = new GoldenCases();
        int planned = 0;
        int glucocorticoid = 0;
        for (int i = 0; i < GoldenCases.CASES; i++) {
            ObjectNode record = cases.next();
            JsonNode section;
            try {
                section = stage.assess(record, version);
            } catch (UnprocessableRecordException e) {
                continue; // the spoiled records of the stream: they go to the dead-letter topic, with no plan
            }
            planned++;
            assertEquals(version.code(), section.path("knowledgeVersion").asText());
            if (section.path("glucocorticoidRecommended").asBoolean()) {
                glucocorticoid++;
                assertEquals("excluded", record.at("/causeAssessment/categories/infection/status").asText(), "case " + i);
                assertTrue(section.path("regimen").isObject(), "case " + i);
            } else {
                assertTrue(section.path("regimen").isNull(), "case " + i);
            }
        }
        assertTrue(planned > 95_000, "records planned: " + planned);
        assertTrue(glucocorticoid > 10_000, "glucocorticoid plans among them: " + glucocorticoid);
    }
}
