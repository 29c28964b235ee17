package org.coppipeline.gateway.fhir;

import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

import ca.uhn.fhir.context.FhirContext;

/**
 * The FHIR CodeSystem {@code urn:cop-pipeline:fhir:cop}: every cop code the mapping accepts, generated from the code
 * table the mapper uses, so what is served is what is read.
 */
public final class CopCodeSystem {

    public static final String ID = "cop";
    /** The contract version whose section 6 this code system belongs to. */
    public static final String VERSION = "1.2";

    private CopCodeSystem() {
    }

    public static CodeSystem of(CodeTable table) {
        CodeSystem system = new CodeSystem();
        system.setId(ID);
        system.setUrl(CodeTable.COP);
        system.setVersion(VERSION);
        system.setName("CopPipelineCaseEvent");
        system.setTitle("COP case pipeline: case-event fields and values");
        system.setStatus(PublicationStatus.ACTIVE);
        system.setExperimental(false);
        system.setCaseSensitive(true);
        system.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        system.setDescription("The codes of the suite's own code system (CONTRACT 6): the case event's field names and values, "
                + "so that every field of the case event can be sent in a FHIR Bundle. Standard codes (LOINC, SNOMED CT, "
                + "ICD-10, ATC, UCUM) are accepted where the contract names them; these codes cover the rest.");
        for (Map.Entry<String, List<String>> code : table.copCodes().entrySet()) {
            system.addConcept()
                    .setCode(code.getKey())
                    .setDisplay(code.getKey())
                    .setDefinition(String.join("; ", code.getValue()));
        }
        system.setCount(system.getConcept().size());
        return system;
    }

    public static String json(FhirContext context, CodeTable table) {
        return context.newJsonParser().encodeResourceToString(of(table));
    }
}
