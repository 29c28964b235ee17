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
import org.coppipeline.exclusion.domain.OpDrugList;

/** Every contract example, through binding, rules and rendering: each category status and the conclusion. */
class ContractExamplesTest {

    static final CauseExclusion EXCLUSION = new CauseExclusion(
            OpDrugList.parse(TestResources.text("knowledge/op-inducing-drugs.csv")), ExclusionThresholds.defaults());
    static final CauseInputBinder BINDER = new CauseInputBinder();

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
    }
}
