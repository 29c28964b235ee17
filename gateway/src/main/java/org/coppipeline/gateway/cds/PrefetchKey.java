package org.coppipeline.gateway.cds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The prefetch templates both services announce (CONTRACT 7): the patient and six searches of
 * {{context.patientId}}. A value is a Patient resource for {@code patient}, a searchset Bundle for the others.
 */
public enum PrefetchKey {
    PATIENT("patient", "Patient", "Patient/{{context.patientId}}"),
    CONDITIONS("conditions", "Condition", "Condition?patient={{context.patientId}}"),
    OBSERVATIONS("observations", "Observation", "Observation?patient={{context.patientId}}"),
    MEDICATION_REQUESTS("medicationRequests", "MedicationRequest", "MedicationRequest?patient={{context.patientId}}"),
    MEDICATION_STATEMENTS("medicationStatements", "MedicationStatement", "MedicationStatement?patient={{context.patientId}}"),
    PROCEDURES("procedures", "Procedure", "Procedure?patient={{context.patientId}}"),
    DIAGNOSTIC_REPORTS("diagnosticReports", "DiagnosticReport", "DiagnosticReport?patient={{context.patientId}}");

    private static final String TOKEN = "{{context.patientId}}";

    private final String key;
    private final String resourceType;
    private final String template;

    PrefetchKey(String key, String resourceType, String template) {
        this.key = key;
        this.resourceType = resourceType;
        this.template = template;
    }

    public String key() {
        return key;
    }

    public String resourceType() {
        return resourceType;
    }

    public String template() {
        return template;
    }

    /** A read (the patient) rather than a search. */
    public boolean isRead() {
        return this == PATIENT;
    }

    /** The template with the patient's id, relative to fhirServer. */
    String query(String patientId) {
        return template.replace(TOKEN, URLEncoder.encode(patientId, StandardCharsets.UTF_8));
    }
}
