package org.coppipeline.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.fhir.CodeTable.Target;

/**
 * The code table against the contract: every field of section 2 can be sent, every list comes from the schema, and
 * every cop code the CodeSystem lists is one the mapper really reads.
 */
class CodeTableTest {

    static final CodeTable TABLE = new CodeTable(ContractValues.load());
    static final BundleReader READER = new BundleReader(FhirTestContext.CONTEXT, 262144);
    static final BundleMapper MAPPER = new BundleMapper(TABLE);

    /** Fields fed by something other than a code: the Bundle's identity, the Patient, medication resources. */
    static final Set<String> NOT_BY_CODE = Set.of("/eventId", "/caseId", "/hospitalId", "/occurredAt", "/schemaVersion",
            "/patient/ageYears", "/patient/sex", "/history/medications");

    @Test
    void everyFieldOfTheContractHasAFhirSource() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(getClass().getClassLoader().getResourceAsStream(ContractValues.SCHEMA));
        List<String> leaves = new ArrayList<>();
        leaves(schema, "", leaves);
        assertThat(leaves).contains("/patient/immunocompromised", "/imaging/ct/findings", "/bal/cd4Cd8Ratio");
        for (String leaf : leaves) {
            boolean covered = NOT_BY_CODE.stream().anyMatch(f -> leaf.equals(f) || leaf.startsWith(f + "/"))
                    || TABLE.targets().stream().anyMatch(t -> leaf.equals(t.field()) || leaf.startsWith(t.field() + "/"));
            assertThat(covered).as("a FHIR source for %s", leaf).isTrue();
        }
    }

    private static void leaves(JsonNode node, String path, List<String> into) {
        JsonNode properties = node.path("properties");
        if (properties.isMissingNode() || properties.isEmpty()) {
            into.add(path);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            leaves(property.getValue(), path + "/" + property.getKey(), into);
        }
    }

    @Test
    void everyListComesFromTheSchema() {
        ContractValues contract = ContractValues.load();
        assertThat(TABLE.values("/imaging/ct/findings")).isEqualTo(contract.values("/imaging/ct/findings"));
        assertThat(TABLE.values("/tests/microbiology/result")).isEqualTo(contract.values("/tests/microbiology/result"));
        assertThat(TABLE.values("/course/trajectory")).containsExactly("improving", "stable", "progressive", "rapidly-progressive");
        assertThat(TABLE.targets().stream().filter(t -> t.field().equals("/symptoms")).map(Target::item))
                .containsExactlyElementsOf(contract.values("/symptoms/code"));
        assertThat(TABLE.targets().stream().filter(t -> t.field().equals("/history/conditions")).map(Target::item))
                .containsExactlyElementsOf(contract.values("/history/conditions"));
        assertThat(TABLE.targets().stream().filter(t -> t.field().equals("/tests/microbiology")).map(Target::item))
                .containsExactlyElementsOf(contract.values("/tests/microbiology/test"));
    }

    @Test
    void theCodeSystemListsExactlyTheTablesCopCodes() {
        org.hl7.fhir.r4.model.CodeSystem system = CopCodeSystem.of(TABLE);
        Set<String> listed = new TreeSet<>();
        system.getConcept().forEach(c -> listed.add(c.getCode()));
        assertThat(system.getUrl()).isEqualTo("urn:cop-pipeline:fhir:cop");
        assertThat(system.getCount()).isEqualTo(listed.size());
        assertThat(listed).isEqualTo(new TreeSet<>(TABLE.copCodes().keySet()));
        assertThat(system.getConcept()).allSatisfy(c -> assertThat(c.getDefinition()).isNotBlank());
        // Every value of every contract list that a Bundle carries as a cop code.
        ContractValues contract = ContractValues.load();
        for (String list : List.of("/symptoms/code", "/imaging/ct/findings", "/tests/microbiology/test", "/tests/microbiology/result",
                "/history/conditions", "/history/radiotherapy/site", "/histology/method", "/histology/pattern",
                "/measurements/respiratorySupport", "/course/trajectory", "/course/antibioticResponse", "/tests/autoimmunePanel",
                "/tests/bloodCount")) {
            assertThat(listed).as(list).containsAll(contract.values(list));
        }
        assertThat(listed).contains("nodules", "consolidation", "op-pattern", "atypical-serology", "bal-stains", "immunocompromised",
                "organism", "ct", "radiotherapy", "ctPerformed", "histologyPattern");
    }

    /** Each field code of the CodeSystem, sent in the resource its row names, feeds that field. */
    @Test
    void everyFieldCodeIsReadByTheMapper() {
        for (Target target : TABLE.targets()) {
            ObjectNode resource = resourceFor(target);
            MappedBundle mapped = MAPPER.map(READER.read(Fhir.bytes(Fhir.bundle(resource))), "hosp-a");
            List<String> fed = mapped.mapping().used().stream().filter(u -> u.pointer().equals("/entry/1/resource"))
                    .map(Mapping.Used::field).toList();
            assertThat(fed).as("cop %s", target.copCode()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f).startsWith(target.field().equals("/imaging/ct") ? "/imaging/ct" : target.field()));
            if (target.isListItem()) {
                assertThat(mapped.event().at(target.field()).toString()).contains("\"" + target.item() + "\"");
            }
        }
    }

    /** Each value code of the CodeSystem, as the value of a field of its list, is taken as that value. */
    @Test
    void everyValueCodeIsReadByTheMapper() {
        for (Map.Entry<String, List<String>> code : TABLE.copCodes().entrySet()) {
            for (String use : code.getValue()) {
                if (!use.startsWith("value of ")) {
                    continue;
                }
                String field = "/" + use.substring("value of ".length()).replace('.', '/');
                ObjectNode resource = valueResource(field, code.getKey());
                ObjectNode event = MAPPER.map(READER.read(Fhir.bytes(Fhir.bundle(resource))), "hosp-a").event();
                assertThat(event.toString()).as("%s as %s", code.getKey(), field).contains("\"" + code.getKey() + "\"");
            }
        }
    }

    private static ObjectNode resourceFor(Target target) {
        String type = target.resourceTypes().contains(CodeTable.OBSERVATION) ? CodeTable.OBSERVATION : target.resourceTypes().iterator().next();
        return switch (type) {
            case CodeTable.CONDITION -> Fhir.condition(Fhir.COP, target.copCode());
            case CodeTable.DIAGNOSTIC_REPORT -> Fhir.report(Fhir.COP, target.copCode(), "mass");
            case CodeTable.PROCEDURE -> {
                ObjectNode p = Fhir.procedure("completed", Fhir.COP, target.copCode());
                p.put("performedDateTime", "2026-10-01");
                yield p;
            }
            default -> {
                ObjectNode o = Fhir.observation(Fhir.COP, target.copCode());
                switch (target.read()) {
                    case QUANTITY, DAYS -> {
                        String ucum = TABLE.units(target.field()).get(0).ucum();
                        Fhir.quantity(o, "2", ucum.isEmpty() ? null : ucum);
                    }
                    case INTEGER -> o.put("valueInteger", 2);
                    case BOOLEAN -> o.put("valueBoolean", true);
                    case CODED -> Fhir.coded(o, Fhir.COP, TABLE.values(target.field()).get(0));
                    case HISTOLOGY -> Fhir.coded(o, Fhir.COP, TABLE.values("/histology/pattern").get(0));
                    case TEST -> Fhir.coded(o, Fhir.COP, "negative");
                    default -> {
                        // SYMPTOM: the code alone says it is present.
                    }
                }
                yield o;
            }
        };
    }

    private static ObjectNode valueResource(String field, String value) {
        return switch (field) {
            case "/imaging/ct/findings" -> Fhir.report(Fhir.COP, "ct", value);
            case "/tests/microbiology/result" -> Fhir.coded(Fhir.observation(Fhir.COP, "blood-culture"), Fhir.COP, value);
            case "/histology/pattern" -> Fhir.copObservation("histologyPattern", value);
            case "/histology/method" -> {
                ObjectNode o = Fhir.copObservation("histologyPattern", "other");
                o.set("method", Fhir.concept(Fhir.COP, value));
                yield o;
            }
            case "/history/radiotherapy/site" -> {
                ObjectNode p = Fhir.procedure("completed", Fhir.COP, "radiotherapy");
                p.put("performedDateTime", "2026-10-01");
                p.putArray("bodySite").add(Fhir.concept(Fhir.COP, value));
                yield p;
            }
            default -> Fhir.copObservation(CodeTable.name(field), value);
        };
    }
}
