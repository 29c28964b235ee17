package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The dev CDS client: its key, secret and allowlist file, and tokens as CDS Hooks 2.0 asks (ES384, kid, one-use jti). */
class DevCdsClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUD = "http://127.0.0.1:8080/cds-services/cop-patient-view";

    @TempDir
    Path state;

    @Test
    void keySecretAndAllowlistAreCreatedOnceAndKeptPrivate() throws Exception {
        DevCdsClient.ensure(state);
        String secret = Files.readString(state.resolve("cds/case-id-secret"));
        String publicKey = Files.readString(state.resolve("cds/public-key.pem"));
        DevCdsClient.ensure(state);
        assertEquals(secret, Files.readString(state.resolve("cds/case-id-secret")), "the secret survives a restart");
        assertEquals(publicKey, Files.readString(state.resolve("cds/public-key.pem")), "the key pair survives a restart");
        assertTrue(secret.length() >= 32);
        for (String file : new String[] { "private-key.pem", "case-id-secret", "gateway-cds.properties" }) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("cds/" + file))), file);
        }
        Properties allowlist = new Properties();
        allowlist.load(Files.newBufferedReader(state.resolve("cds/gateway-cds.properties")));
        assertEquals(secret, allowlist.getProperty("gateway.cds.case-id-secret"));
        for (String hospital : DevCdsClient.HOSPITALS) {
            String entry = "gateway.cds.clients.local-" + hospital + ".";
            assertEquals("urn:cop-pipeline:local-ehr:" + hospital, allowlist.getProperty(entry + "issuer"));
            assertEquals(hospital, allowlist.getProperty(entry + "hospital-id"));
            assertEquals(state.resolve("cds/public-key.pem").toAbsolutePath().toString(),
                    allowlist.getProperty(entry + "public-key-location"));
        }
    }

    @Test
    void tokensAreEs384WithKidAudienceAndAFreshJtiAndVerifyWithThePublicKey() throws Exception {
        DevCdsClient client = DevCdsClient.ensure(state);
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        String first = client.sign("hosp-b", AUD, Duration.ofSeconds(240), now);
        String second = client.sign("hosp-b", AUD, Duration.ofSeconds(240), now);
        String[] parts = first.split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("ES384", header.path("alg").asText());
        assertEquals("JWT", header.path("typ").asText());
        assertEquals(DevCdsClient.KEY_ID, header.path("kid").asText());
        assertEquals("urn:cop-pipeline:local-ehr:hosp-b", claims.path("iss").asText());
        assertEquals(AUD, claims.path("aud").asText());
        assertEquals(now.getEpochSecond(), claims.path("iat").asLong());
        assertEquals(now.getEpochSecond() + 240, claims.path("exp").asLong());
        assertNotEquals(claims.path("jti").asText(),
                JSON.readTree(Base64.getUrlDecoder().decode(second.split("\\.")[1])).path("jti").asText());

        String pem = Files.readString(state.resolve("cds/public-key.pem")).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature es384 = Signature.getInstance("SHA384withECDSAinP1363Format");
        es384.initVerify(key);
        es384.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        assertEquals(96, signature.length, "r||s of P-384, as JWS wants it");
        assertTrue(es384.verify(signature));
    }

    @Test
    void onlyTheDevHospitalsAndAtMostFiveMinutes() {
        DevCdsClient client = DevCdsClient.ensure(state);
        Instant now = Instant.now();
        assertThrows(IllegalArgumentException.class, () -> client.sign("hosp-z", AUD, Duration.ofSeconds(60), now));
        assertThrows(IllegalArgumentException.class, () -> client.sign("hosp-a", AUD, Duration.ofSeconds(301), now));
        assertThrows(IllegalArgumentException.class, () -> client.sign("hosp-a", AUD, Duration.ZERO, now));
    }
}
