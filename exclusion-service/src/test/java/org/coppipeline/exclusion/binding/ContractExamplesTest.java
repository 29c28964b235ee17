package org.coppipeline.exclusion.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.coppipeline.exclusion.domain.CauseExclusion;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.KnowledgeVersion;
import org.coppipeline.exclusion.domain.OpDrugList;

/**
 * Every contract example, through binding, rules and rendering: each category status and the conclusion, under v1
 * against the example's own expected block, and under v2 against this module's expected-v2.json.
 */
class ContractExamplesTest {

    static final OpDrugList DRUG_LIST = OpDrugList.parse(TestResources.text("knowledge/op-inducing-drugs.csv"));
    static final CauseExclusion EXCLUSION = new CauseExclusion(DRUG_LIST, ExclusionThresholds.defaults());
    static final CauseExclusion EXCLUSION_V2 = new CauseExclusion(DRUG_LIST,
            ExclusionThresholds.defaults(KnowledgeVersion.V2), KnowledgeVersion.V2);
    static final CauseInputBinder BINDER = new CauseInputBinder();
    static final List<String> CATEGORIES = List.of("infection", "drug", "radiation", "connective-tissue-disease",
            "hematologic-malignancy", "inflammatory-bowel-disease", "transplant", "aspiration-exposure");

    static JsonNode expectedV2() {
        try {
            return Examples.JSON.readTree(TestResources.text("contract/expected-v2.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Path> examples() {
        return Examples.files().stream();
    }

    @Test
    void allEightExamplesAreThere() {
        assertEquals(8, Examples.files().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void producesTheExpectedCategoriesAndConclusion(Path file) {
        ObjectNode example = Examples.read(file);
        JsonNode expected = example.get("expected");
        JsonNode out = CauseAssessmentRenderer.render(EXCLUSION.assess(BINDER.bind(Examples.scoredRecord(example))),
                ExclusionThresholds.defaults());

        List<String> names = List.of("infection", "drug", "radiation", "connective-tissue-disease", "hematologic-malignancy",
                "inflammatory-bowel-disease", "transplant", "aspiration-exposure");
        assertEquals(names, Examples.JSON.convertValue(expected.get("categories"), java.util.Map.class).keySet().stream().toList());
        for (String name : names) {
            assertEquals(expected.path("categories").path(name).asText(), out.path("categories").path(name).path("status").asText(),
                    file.getFileName() + " " + name);
        }
        assertEquals(expected.path("conclusion").asText(), out.path("conclusion").asText(), file.getFileName().toString());
        assertEquals(List.of(), Examples.JSON.convertValue(out.get("warnings"), List.class), "the examples are consistent");
        assertEquals("cop-knowledge-v1", out.path("knowledgeVersion").asText());
    }

    @Test
    void expectedV2NamesEveryExampleAndOnlyTheFieldsThisStageProduces() {
        List<String> names = Examples.files().stream().map(p -> p.getFileName().toString().replace(".json", "")).toList();
        JsonNode expected = expectedV2();
        assertEquals(names, Examples.JSON.convertValue(expected, java.util.Map.class).keySet().stream().sorted().toList());
        expected.forEach(e -> assertEquals(List.of("conclusion", "categories"),
                Examples.JSON.convertValue(e, java.util.Map.class).keySet().stream().toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void v2ProducesTheCategoriesAndConclusionOfExpectedV2(Path file) {
        JsonNode expected = expectedV2().get(file.getFileName().toString().replace(".json", ""));
        JsonNode out = CauseAssessmentRenderer.render(
                EXCLUSION_V2.assess(BINDER.bind(Examples.scoredRecord(Examples.read(file)))),
                ExclusionThresholds.defaults(KnowledgeVersion.V2));
        assertEquals(CATEGORIES, Examples.JSON.convertValue(expected.get("categories"), java.util.Map.class).keySet().stream()
                .toList());
        for (String name : CATEGORIES) {
            assertEquals(expected.path("categories").path(name).asText(), out.path("categories").path(name).path("status").asText(),
                    file.getFileName() + " " + name);
        }
        assertEquals(expected.path("conclusion").asText(), out.path("conclusion").asText(), file.getFileName().toString());
        assertEquals(List.of(), Examples.JSON.convertValue(out.get("warnings"), List.class), "the examples are consistent");
        assertEquals("cop-knowledge-v2", out.path("knowledgeVersion").asText());
    }
}
