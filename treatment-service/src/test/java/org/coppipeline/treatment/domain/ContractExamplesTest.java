package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.coppipeline.treatment.binding.TreatmentInputBinder;

/**
 * Every worked example of the contract, through binding and the rules: the record is the example's event plus
 * the causeAssessment the exclusion service would have written (its expected conclusion and categories). Under v1
 * the plan must give the example's expected block; under v2, this module's expected-v2.json.
 */
class ContractExamplesTest {

    static final Path EXAMPLES = Path.of("src/test/resources/contract/examples");
    /** This stage's v2 outcome of each example; the examples' own expected blocks are v1 (CONTRACT 9). */
    static final Path EXPECTED_V2 = Path.of("src/test/resources/contract/expected-v2.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void allEightExamplesAreHere() throws IOException {
        assertEquals(8, examples().size());
    }

    /**
     * The opEvidence the exclusion service gives this example: it follows from the conclusion where the conclusion
     * names it, and from the event otherwise (the first lines of the CONTRACT 4.2 ladder these examples use).
     */
    static String opEvidence(JsonNode example) {
        String conclusion = example.path("expected").path("conclusion").asText();
        JsonNode event = example.path("event");
        switch (conclusion) {
            case "cop-confirmed":
                return "confirmed";
            case "cop-probable":
                return "probable";
            case "suspected-op":
                return "suspected";
            default:
                break;
        }
        if (event.path("course").path("antibioticResponse").asText().equals("resolved")) {
            return "unlikely";
        }
        if (event.path("histology").path("pattern").asText().equals("organizing-pneumonia")) {
            return "confirmed";
        }
        List<String> findings = MAPPER.convertValue(event.path("imaging").path("ct").path("findings"),
                MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
        boolean typicalCt = event.path("imaging").path("ct").path("performed").asBoolean()
                && findings.stream().anyMatch(f -> f.endsWith("consolidation") || f.equals("ground-glass"))
                && findings.stream().anyMatch(f -> f.endsWith("-distribution"));
        if (typicalCt) {
            return "probable";
        }
        throw new IllegalStateException("no opEvidence rule for this example: extend the test");
    }

    static ObjectNode record(JsonNode example) {
        ObjectNode record = example.path("event").deepCopy();
        ObjectNode cause = record.putObject("causeAssessment");
        cause.put("conclusion", example.path("expected").path("conclusion").asText());
        cause.put("opEvidence", opEvidence(example));
        ObjectNode categories = cause.putObject("categories");
        example.path("expected").path("categories").fields().forEachRemaining(e -> {
            ObjectNode category = categories.putObject(e.getKey());
            category.put("status", e.getValue().asText());
            if (e.getValue().asText().equals("present")) {
                category.putArray("evidence").add("named by the exclusion service");
            } else {
                category.putArray("evidence");
            }
        });
        return record;
    }

    /**
     * The record as exclusion v2 forwards it. For these examples v2 reaches the same conclusion and category statuses
     * as v1 (checked against CONTRACT 9 "4.2 v2" example by example: every negative panel has a lower-respiratory culture
     * and a blood culture, the pending one stays incomplete, no CT mass, no immunocompromised patient); what v2 adds is
     * the knowledge-base names of the matched drugs, here the current medications of the event in lower case.
     */
    static ObjectNode recordV2(JsonNode example) {
        ObjectNode record = record(example);
        ObjectNode drug = (ObjectNode) record.path("causeAssessment").path("categories").path("drug");
        if (drug.path("status").asText().equals("present")) {
            ArrayNode drugs = drug.putArray("drugs");
            example.path("event").path("history").path("medications").forEach(m -> {
                if (m.path("current").asBoolean()) {
                    drugs.add(m.path("name").asText().toLowerCase(Locale.ROOT));
                }
            });
        }
        return record;
    }

    /** What the treatment stage produces of an example's expected block, plus the categories of its cause actions. */
    static ObjectNode outcome(TreatmentPlan plan) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("severity", plan.severity().code());
        out.put("recommendation", plan.recommendation().code());
        out.put("glucocorticoidRecommended", plan.glucocorticoidRecommended());
        out.put("criticalWarning", plan.hasWarning(Warning.INFECTION_NOT_EXCLUDED));
        ArrayNode actions = out.putArray("causeActions");
        plan.causeActions().orElseThrow().forEach(a -> actions.add(a.category().code()));
        return out;
    }

    @Test
    void expectedV2NamesEveryExampleAndNothingElse() throws IOException {
        JsonNode expected = MAPPER.readTree(EXPECTED_V2.toFile());
        List<String> names = new ArrayList<>();
        expected.fieldNames().forEachRemaining(names::add);
        assertEquals(examples().stream().map(ContractExamplesTest::name).toList(), names.stream().sorted().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void v2PlanMatchesExpectedV2(Path file) throws IOException {
        JsonNode example = MAPPER.readTree(file.toFile());
        JsonNode expected = MAPPER.readTree(EXPECTED_V2.toFile()).path(name(file));
        TreatmentInput input = new TreatmentInputBinder(MAPPER).bind(recordV2(example), KnowledgeVersion.V2);
        TreatmentPlan plan = TreatmentPlanner.plan(input, TreatmentThresholds.defaults(), KnowledgeVersion.V2);
        assertEquals(expected, outcome(plan));
        assertTrue(plan.warnings().stream().noneMatch(w -> w.code().startsWith("conclusion-contradicts")), plan.warnings().toString());
    }

    private static String name(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void planMatchesTheExpectedOutcome(Path file) throws IOException {
        JsonNode example = MAPPER.readTree(file.toFile());
        JsonNode expected = example.path("expected");
        TreatmentInput input = new TreatmentInputBinder(MAPPER).bind(record(example), KnowledgeVersion.V1);
        TreatmentPlan plan = TreatmentPlanner.plan(input, TreatmentThresholds.defaults(), KnowledgeVersion.V1);

        assertEquals(expected.path("severity").asText(), plan.severity().code(), "severity");
        assertEquals(expected.path("recommendation").asText(), plan.recommendation().code(), "recommendation");
        assertEquals(expected.path("glucocorticoidRecommended").asBoolean(), plan.glucocorticoidRecommended(), "glucocorticoidRecommended");
        assertEquals(expected.path("criticalWarning").asBoolean(), plan.hasWarning(Warning.INFECTION_NOT_EXCLUDED), "criticalWarning");
        // the examples are consistent input: nothing to warn about beyond the gate
        assertTrue(plan.warnings().stream().noneMatch(w -> w.code().startsWith("conclusion-contradicts")), plan.warnings().toString());
    }

    @Test
    void opEvidenceDerivationCoversEachKindOfExample() throws IOException {
        List<String> derived = examples().stream().map(p -> {
            try {
                return opEvidence(MAPPER.readTree(p.toFile()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertTrue(derived.containsAll(List.of("unlikely", "suspected", "probable", "confirmed")), derived.toString());
    }
}
