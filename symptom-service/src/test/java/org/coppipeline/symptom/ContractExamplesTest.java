package org.coppipeline.symptom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.coppipeline.symptom.binding.SymptomAssessmentRenderer;
import org.coppipeline.symptom.domain.Contribution;
import org.coppipeline.symptom.domain.EvidenceLevel;
import org.coppipeline.symptom.domain.KnowledgeVersion;
import org.coppipeline.symptom.domain.ScoringThresholds;
import org.coppipeline.symptom.domain.SuspicionAssessment;
import org.coppipeline.symptom.domain.SuspicionScorer;

/**
 * Every worked case of the contract (the test copy of contract/examples): bound, scored and rendered, under v1 against
 * the example's own expected block (which is v1's) and under v2 against contract/expected-v2.json.
 */
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
        assertSuspicion(example.get("event"), example.at("/expected/suspicion").asText(), KnowledgeVersion.V1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void v2SuspicionIsTheOneOfExpectedV2(Path file) throws IOException, URISyntaxException {
        JsonNode example = MAPPER.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".json", "");
        JsonNode expected = expectedV2().get(name);
        assertNotNull(expected, "contract/expected-v2.json has no entry for " + name);
        assertEquals(List.of("suspicion"), fieldNames(expected));
        assertSuspicion(example.get("event"), expected.get("suspicion").asText(), KnowledgeVersion.V2);
    }

    @Test
    void expectedV2NamesExactlyTheExamples() throws Exception {
        List<String> names = examples().map(p -> p.getFileName().toString().replace(".json", "")).toList();
        assertEquals(names, fieldNames(expectedV2()).stream().sorted().toList());
    }

    private void assertSuspicion(JsonNode event, String expected, KnowledgeVersion version) {
        SuspicionAssessment assessment = scorer.assess(binder.bind((ObjectNode) event), version);

        assertEquals(expected, assessment.suspicion().code());
        assertEquals(assessment.contributions().stream().mapToInt(Contribution::points).sum(), assessment.score());
        assertEquals(List.of(), assessment.warnings());

        JsonNode rendered = SymptomAssessmentRenderer.render(assessment, version.code());
        assertEquals(expected, rendered.get("suspicion").asText());
        assertEquals(version.code(), rendered.get("knowledgeVersion").asText());
        assertFalse(rendered.get("contributions").isEmpty());
        rendered.get("contributions").forEach(c -> assertTrue(c.at("/source/ruleId").asText().startsWith("SX-")));
    }

    private static JsonNode expectedV2() throws IOException, URISyntaxException {
        return MAPPER.readTree(Paths.get(ContractExamplesTest.class.getResource("/contract/expected-v2.json").toURI())
                .toFile());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void classicCaseScoresEveryTypicalFinding() throws Exception {
        JsonNode example = MAPPER.readTree(examples().filter(p -> p.endsWith("classic-cop-moderate.json"))
                .findFirst().orElseThrow().toFile());
        SuspicionAssessment a = scorer.assess(binder.bind((ObjectNode) example.get("event")), KnowledgeVersion.V1);
        // 5 symptoms, age 55, 49 days, failed antibiotics, typical CT, migratory opacities, lymphocytic BAL
        assertEquals(5 + 1 + 2 + 3 + 4 + 2 + 2, a.score());
        assertEquals("histology", a.evidenceLevel().code());
        assertEquals(List.of(), a.counterIndicators());
    }

    @Test
    void resolvedOnAntibioticsIsCountedAgainst() throws Exception {
        JsonNode example = MAPPER.readTree(examples().filter(p -> p.endsWith("antibiotics-worked.json"))
                .findFirst().orElseThrow().toFile());
        SuspicionAssessment a = scorer.assess(binder.bind((ObjectNode) example.get("event")), KnowledgeVersion.V1);
        assertEquals(5 + 1 + 2 - 3 + 4 + 2 + 2, a.score());
        assertEquals(List.of("antibiotic-response-resolved"), a.counterIndicators());
        assertEquals("imaging", a.evidenceLevel().code());
    }

    @Test
    void symptomsOnlyCaseSaysSo() throws Exception {
        JsonNode example = MAPPER.readTree(examples().filter(p -> p.endsWith("symptoms-only.json"))
                .findFirst().orElseThrow().toFile());
        for (KnowledgeVersion version : KnowledgeVersion.values()) {
            SuspicionAssessment a = scorer.assess(binder.bind((ObjectNode) example.get("event")), version);
            assertEquals(6, a.score(), version.code());
            assertEquals(EvidenceLevel.SYMPTOMS_ONLY, a.evidenceLevel());
            List<String> fields = a.missingData().stream().map(m -> m.field()).distinct().toList();
            assertEquals(List.of("/symptoms", "/course/symptomDurationDays", "/course/antibioticCourses",
                    "/course/antibioticResponse", "/imaging/ct", "/bal"), fields);
            // Below the high band, the symptoms-only cap has nothing to do: SX-BANDS says why it is moderate.
            assertEquals("SX-BANDS", a.band().source().ruleId());
        }
    }

    @Test
    void v2ScoresTheSameAsV1WhereNoV2RuleApplies() throws Exception {
        // The examples hold no finding whose weight v2 changes, and every age is within 40..70.
        for (Path file : examples().toList()) {
            ObjectNode event = (ObjectNode) MAPPER.readTree(file.toFile()).get("event");
            SuspicionAssessment v1 = scorer.assess(binder.bind(event), KnowledgeVersion.V1);
            SuspicionAssessment v2 = scorer.assess(binder.bind(event), KnowledgeVersion.V2);
            assertEquals(v1.score(), v2.score(), file.getFileName().toString());
            assertEquals(v1.suspicion(), v2.suspicion(), file.getFileName().toString());
        }
    }
}
