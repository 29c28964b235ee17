package org.coppipeline.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.intake.CaseEventSchema;

/**
 * Never a 500: 1,500 seeded random mutations of a rich Bundle (members removed, values replaced by any JSON value,
 * array items duplicated) either map to an event or are refused with pointers; nothing else is ever thrown.
 */
class NeverA500Test {

    static final BundleReader READER = new BundleReader(FhirTestContext.CONTEXT, 262144);
    static final BundleMapper MAPPER = new BundleMapper(new CodeTable(ContractValues.load()));
    static final CaseEventSchema SCHEMA = CaseEventSchema.load(Fhir.JSON);

    @Test
    void everyMutationIsMappedOrRefused() throws Exception {
        JsonNode original;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fhir/amiodarone-secondary-op.bundle.json")) {
            original = Fhir.JSON.readTree(in);
        }
        Random random = new Random(20261201L);
        int mapped = 0;
        int refused = 0;
        for (int i = 0; i < 1500; i++) {
            ObjectNode bundle = original.deepCopy();
            for (int m = 0; m <= random.nextInt(3); m++) {
                mutate(bundle, random);
            }
            try {
                MappedBundle result = MAPPER.map(READER.read(Fhir.bytes(bundle)), "hosp-a");
                SCHEMA.violations(result.event()).forEach(v -> result.provenance().bundlePointer(v.pointer()));
                mapped++;
            } catch (BundleRejected e) {
                assertThat(e.issues()).isNotEmpty();
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("mutation " + i + " threw " + e + " for " + bundle);
            }
        }
        // Both outcomes occur, so the mutations reach the mapper and not only the reader.
        assertThat(mapped).isGreaterThan(150);
        assertThat(refused).isGreaterThan(150);
    }

    private static void mutate(ObjectNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(3)) {
                case 0 -> object.remove(name);
                default -> object.set(name, anyValue(random));
            }
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            int index = random.nextInt(array.size());
            switch (random.nextInt(3)) {
                case 0 -> array.remove(index);
                case 1 -> array.add(array.get(index).deepCopy());
                default -> array.set(index, anyValue(random));
            }
        }
    }

    private static JsonNode anyValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> Fhir.JSON.getNodeFactory().textNode(List.of("final", "", "x", "2026-11-01", "urn:cop-pipeline:fhir:cop",
                    "Patient/pat-1", "negative", "1e5", "2026-13-01T00:00:00Z").get(random.nextInt(9)));
            case 1 -> Fhir.JSON.getNodeFactory().numberNode(random.nextInt(2000) - 1000);
            case 2 -> Fhir.JSON.getNodeFactory().numberNode(new java.math.BigDecimal(random.nextDouble() * 1000).setScale(3,
                    java.math.RoundingMode.HALF_UP));
            case 3 -> Fhir.JSON.getNodeFactory().booleanNode(random.nextBoolean());
            case 4 -> Fhir.JSON.getNodeFactory().nullNode();
            case 5 -> Fhir.JSON.createObjectNode();
            case 6 -> Fhir.JSON.createArrayNode().add("x");
            case 7 -> Fhir.concept(Fhir.COP, List.of("ct", "fever", "negative", "trajectory", "organism", "bogus").get(random.nextInt(6)));
            default -> Fhir.JSON.createObjectNode().put("reference", "Patient/someone");
        };
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    collect(field.getValue(), into);
                }
            } else {
                node.forEach(child -> collect(child, into));
            }
        }
    }
}
