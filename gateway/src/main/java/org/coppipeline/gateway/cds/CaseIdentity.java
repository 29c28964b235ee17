package org.coppipeline.gateway.cds;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.fhir.BundleMapper;

/**
 * The suite's identity of a hook's case and event (CONTRACT 7). The case id is {@code cds-} + the first 32 hex digits
 * of HMAC-SHA256(per-deployment secret, fhirServer + "|" + patientId): stable for a patient, and without the secret
 * it names no patient. The event id is the name-based UUID (v5, in {@link #EVENT_ID_NAMESPACE}) of
 * {@code hospitalId/caseId/<SHA-256 of the mapped clinical content>}, the content being the mapped event without its
 * eventId and occurredAt: an identical hook repeated is one event, a changed chart a new one.
 */
public final class CaseIdentity {

    /** Namespace of the CDS event ids (distinct from the FHIR input's, CONTRACT 6). */
    public static final UUID EVENT_ID_NAMESPACE = UUID.fromString("8f0c4e52-9a77-4b1e-a6d3-5c2f9e1b7d40");
    public static final String PREFIX = "cds-";

    private final SecretKeySpec key;

    public CaseIdentity(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The case id of {@code fhirServer|patientId} (see {@link HookRequest#identity()}). */
    public String caseId(String identity) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(identity.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The event id of a mapped event (its own eventId and occurredAt are not part of the content). */
    public static UUID eventId(String hospitalId, String caseId, ObjectNode event) {
        ObjectNode content = event.deepCopy();
        content.remove("eventId");
        content.remove("occurredAt");
        return BundleMapper.uuidV5(EVENT_ID_NAMESPACE, hospitalId + "/" + caseId + "/" + sha256(content));
    }

    static String sha256(JsonNode content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
