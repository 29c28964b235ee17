package org.coppipeline.gateway.support;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Case events for tests. The clinical values carry recognisable PHI markers (weight 71.3859 kg, organism
 * "ZZPHI-ORGANISM", drug "ZZPHI-DRUG") so that a log test can prove none of them is ever written to a log. The weight
 * has digits enough not to turn up by chance in a log line's other numbers (a duration, a count, a version).
 */
public final class Events {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String PHI_WEIGHT = "71.3859";
    public static final String PHI_ORGANISM = "ZZPHI-ORGANISM";
    public static final String PHI_DRUG = "ZZPHI-DRUG";

    private Events() {
    }

    public static String newCaseId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ObjectNode event(String hospitalId, String caseId) {
        return event(UUID.randomUUID(), hospitalId, caseId, Instant.parse("2025-03-01T10:00:00Z"));
    }

    public static ObjectNode event(UUID eventId, String hospitalId, String caseId, Instant occurredAt) {
        try {
            return (ObjectNode) JSON.readTree("""
                    {
                      "eventId": "%s",
                      "caseId": "%s",
                      "hospitalId": "%s",
                      "occurredAt": "%s",
                      "schemaVersion": 1,
                      "patient": {"ageYears": 58, "sex": "female", "weightKg": %s},
                      "symptoms": [{"code": "dyspnea"}, {"code": "fever"}, {"code": "productive-cough", "present": false}],
                      "course": {"symptomDurationDays": 30, "trajectory": "progressive", "antibioticCourses": 2, "antibioticResponse": "none"},
                      "measurements": {"spo2RestPercent": 92, "crpMgPerL": 80, "respiratorySupport": "none"},
                      "imaging": {"ct": {"performed": true, "lobesInvolved": 3,
                                 "findings": ["bilateral-consolidation", "peripheral-distribution"]}},
                      "tests": {"microbiology": [
                          {"test": "blood-culture", "result": "negative"},
                          {"test": "sputum-culture", "result": "positive", "organism": "ZZPHI-ORGANISM"}],
                        "autoimmunePanel": "negative", "bloodCount": "normal"},
                      "history": {"medicationsReviewed": true,
                                  "medications": [{"name": "ZZPHI-DRUG", "current": true, "startedDaysAgo": 40}],
                                  "radiotherapyReviewed": true, "conditionsReviewed": true, "exposuresReviewed": true,
                                  "conditions": ["diabetes"]}
                    }
                    """.formatted(eventId, caseId, hospitalId, occurredAt, PHI_WEIGHT));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
