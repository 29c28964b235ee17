package org.coppipeline.gateway.fhir;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * FHIR R4 JSON for tests, written as a platform would send it.
 * The Patient carries recognisable PHI markers (name, identifier, address, telecom) that must never come out.
 */
final class Fhir {

    static final ObjectMapper JSON = JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();
    static final String COP = CodeTable.COP;
    static final String LOINC = CodeTable.LOINC;
    static final String SNOMED = CodeTable.SNOMED;
    static final String UCUM = CodeTable.UCUM;
    static final String OCCURRED_AT = "2026-11-01T09:30:00Z";
    static final String PATIENT_URL = "urn:uuid:6f1c1f7e-0d55-4c8b-9d3e-0c7a1f2b3c4d";
    static final String PHI_NAME = "ZZPHI-NAME";
    static final String PHI_MRN = "ZZPHI-MRN";
    static final String PHI_PHONE = "ZZPHI-PHONE";
    static final String PHI_STREET = "ZZPHI-STREET";

    private Fhir() {
    }

    /** A collection Bundle for case PUB-T1 at {@link #OCCURRED_AT} with the Patient first (born 1971-03-15, female). */
    static ObjectNode bundle(ObjectNode... resources) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.putObject("identifier").put("system", "urn:example:cases").put("value", "PUB-T1");
        bundle.put("timestamp", OCCURRED_AT);
        ArrayNode entries = bundle.putArray("entry");
        entries.addObject().put("fullUrl", PATIENT_URL).set("resource", patient("1971-03-15", "female"));
        for (ObjectNode resource : resources) {
            entries.addObject().set("resource", resource);
        }
        return bundle;
    }

    static ObjectNode patient(String birthDate, String gender) {
        ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p1");
        patient.putArray("identifier").addObject().put("system", "urn:example:mrn").put("value", PHI_MRN);
        patient.putArray("name").addObject().put("family", PHI_NAME).putArray("given").add(PHI_NAME + "-GIVEN");
        patient.putArray("telecom").addObject().put("system", "phone").put("value", PHI_PHONE);
        patient.putArray("address").addObject().putArray("line").add(PHI_STREET);
        if (gender != null) {
            patient.put("gender", gender);
        }
        if (birthDate != null) {
            patient.put("birthDate", birthDate);
        }
        return patient;
    }

    static ObjectNode concept(String system, String code) {
        ObjectNode concept = JSON.createObjectNode();
        concept.putArray("coding").addObject().put("system", system).put("code", code);
        return concept;
    }

    static ObjectNode concept(String system1, String code1, String system2, String code2) {
        ObjectNode concept = concept(system1, code1);
        ((ArrayNode) concept.get("coding")).addObject().put("system", system2).put("code", code2);
        return concept;
    }

    static ObjectNode observation(String system, String code) {
        ObjectNode o = JSON.createObjectNode().put("resourceType", "Observation").put("status", "final");
        o.set("code", concept(system, code));
        o.putObject("subject").put("reference", PATIENT_URL);
        return o;
    }

    static ObjectNode quantity(ObjectNode observation, String value, String ucum) {
        ObjectNode q = observation.putObject("valueQuantity");
        q.set("value", JSON.getNodeFactory().numberNode(new java.math.BigDecimal(value)));
        if (ucum != null) {
            q.put("unit", ucum).put("system", UCUM).put("code", ucum);
        }
        return observation;
    }

    static ObjectNode coded(ObjectNode observation, String system, String code) {
        observation.set("valueCodeableConcept", concept(system, code));
        return observation;
    }

    static ObjectNode copObservation(String code, String copValue) {
        return coded(observation(COP, code), COP, copValue);
    }

    static ObjectNode condition(String system, String code) {
        ObjectNode c = JSON.createObjectNode().put("resourceType", "Condition");
        c.set("clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
        c.set("verificationStatus", concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
        c.set("code", concept(system, code));
        c.putObject("subject").put("reference", "Patient/p1");
        return c;
    }

    static ObjectNode report(String system, String code, String... copFindings) {
        ObjectNode r = JSON.createObjectNode().put("resourceType", "DiagnosticReport").put("status", "final");
        r.set("code", concept(system, code));
        r.putObject("subject").put("reference", PATIENT_URL);
        if (copFindings.length > 0) {
            ArrayNode conclusions = r.putArray("conclusionCode");
            for (String finding : copFindings) {
                conclusions.add(concept(COP, finding));
            }
        }
        return r;
    }

    static ObjectNode procedure(String status, String system, String code) {
        ObjectNode p = JSON.createObjectNode().put("resourceType", "Procedure").put("status", status);
        p.set("code", concept(system, code));
        p.putObject("subject").put("reference", PATIENT_URL);
        return p;
    }

    static ObjectNode medicationStatement(String status, String name) {
        ObjectNode s = JSON.createObjectNode().put("resourceType", "MedicationStatement").put("status", status);
        s.putObject("medicationCodeableConcept").put("text", name);
        s.putObject("subject").put("reference", PATIENT_URL);
        return s;
    }

    static ObjectNode medicationRequest(String status, String name) {
        ObjectNode r = JSON.createObjectNode().put("resourceType", "MedicationRequest").put("status", status).put("intent", "order");
        r.putObject("medicationCodeableConcept").put("text", name);
        r.putObject("subject").put("reference", PATIENT_URL);
        return r;
    }

    static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
