package org.coppipeline.symptom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.symptom.binding.SuspicionInputBinder;
import org.coppipeline.symptom.binding.SymptomAssessmentJson;
import org.coppipeline.symptom.domain.Contribution;
import org.coppipeline.symptom.domain.ScoringThresholds;
import org.coppipeline.symptom.domain.SuspicionAssessment;
import org.coppipeline.symptom.domain.SuspicionScorer;

/** Every worked case of the contract (the test copy of contract/examples): bound, scored and rendered. */
class ContractExamplesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SuspicionInputBinder binder = new SuspicionInputBinder(MAPPER);
    private final SuspicionScorer scorer = new SuspicionScorer(ScoringThresholds.defaults());

    static Stream<Path> examples() throws IOException, URISyntaxException {
        Path dir = Paths.get(ContractExamplesTest.class.getResource("/contract/examples").toURI());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream();
    }

    @Test
    void theExamplesAreThere() throws Exception {
        assertEquals(8, examples().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void suspicionIsTheExpectedOne(Path file) throws IOException {
        JsonNode example = MAPPER.readTree(file.toFile());
        SuspicionAssessment assessment = scorer.assess(binder.bind((ObjectNode) example.get("event")));

        assertEquals(example.at("/expected/suspicion").asText(), assessment.suspicion().code());
        assertEquals(assessment.contributions().stream().mapToInt(Contribution::points).sum(), assessment.score());
        assertEquals(List.of(), assessment.warnings());

        JsonNode rendered = SymptomAssessmentJson.render(assessment, SymptomStage.KNOWLEDGE_VERSION);
        assertEquals(example.at("/expected/suspicion").asText(), rendered.get("suspicion").asText());
        assertEquals("cop-knowledge-v1", rendered.get("knowledgeVersion").asText());
        assertFalse(rendered.get("contributions").isEmpty());
        rendered.get("contributions").forEach(c -> assertTrue(c.at("/source/ruleId").asText().startsWith("SX-")));
    }

    @Test
    void classicCaseScoresEveryTypicalFinding() throws Exception {
        JsonNode example = MAPPER.readTree(examples().filter(p -> p.endsWith("classic-cop-moderate.json"))
                .findFirst().orElseThrow().toFile());
        SuspicionAssessment a = scorer.assess(binder.bind((ObjectNode) example.get("event")));
        // 5 symptoms, age 55, 49 days, failed antibiotics, typical CT, migratory opacities, lymphocytic BAL
        assertEquals(5 + 1 + 2 + 3 + 4 + 2 + 2, a.score());
        assertEquals("histology", a.evidenceLevel().code());
        assertEquals(List.of(), a.counterIndicators());
    }

    @Test
    void resolvedOnAntibioticsIsCountedAgainst() throws Exception {
        JsonNode example = MAPPER.readTree(examples().filter(p -> p.endsWith("antibiotics-worked.json"))
                .findFirst().orElseThrow().toFile());
        SuspicionAssessment a = scorer.assess(binder.bind((ObjectNode) example.get("event")));
        assertEquals(5 + 1 + 2 - 3 + 4 + 2 + 2, a.score());
        assertEquals(List.of("antibiotic-response-resolved"), a.counterIndicators());
        assertEquals("imaging", a.evidenceLevel().code());
    }

    @Test
    void symptomsOnlyCaseSaysSo() throws Exception {
        JsonNode example = MAPPER.readTree(examples().filter(p -> p.endsWith("symptoms-only.json"))
                .findFirst().orElseThrow().toFile());
        SuspicionAssessment a = scorer.assess(binder.bind((ObjectNode) example.get("event")));
        assertEquals(6, a.score());
        assertEquals("symptoms-only", a.evidenceLevel().code());
        List<String> fields = a.missingData().stream().map(m -> m.field()).distinct().toList();
        assertEquals(List.of("/symptoms", "/course/symptomDurationDays", "/course/antibioticCourses",
                "/course/antibioticResponse", "/imaging/ct", "/bal"), fields);
    }
}
