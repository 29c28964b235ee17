package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DevTokenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    @Test
    void keyPairIsCreatedOnceWithAPrivateKeyOnlyItsOwnerReads() throws Exception {
        DevKeys first = DevKeys.ensure(state);
        DevKeys second = DevKeys.ensure(state);

        assertEquals(first.publicKey(), second.publicKey(), "the second start reuses the key pair");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("jwt/private-key.pem"))));
        assertTrue(Files.readString(first.publicKeyFile()).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals(2048, first.publicKey().getModulus().bitLength());
    }

    @Test
    void tokenIsAnRs256JwtWithTheGatewaysClaimsAndAValidSignature() throws Exception {
        DevKeys keys = DevKeys.ensure(state);
        Instant now = Instant.parse("2026-11-01T10:00:00Z");
        String token = DevToken.sign(keys.privateKey(),
                new DevToken.Request("hosp-a", List.of("case-publisher", "case-viewer", "case-viewer"), null, Duration.ofMinutes(30)), now);

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        assertTrue(verifies(keys.publicKey(), parts), "signature verifies with the public PEM the gateway gets");
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        assertEquals("RS256", header.get("alg").asText());
        assertEquals("cop-pipeline-local", claims.get("iss").asText());
        assertEquals("cop-gateway", claims.get("aud").asText());
        assertEquals("dev-hosp-a", claims.get("sub").asText());
        assertEquals("hosp-a", claims.get("hospital").asText());
        assertEquals(JSON.readTree("[\"case-publisher\",\"case-viewer\"]"), claims.get("groups"));
        assertEquals(now.getEpochSecond(), claims.get("iat").asLong());
        assertEquals(now.plusSeconds(1800).getEpochSecond(), claims.get("exp").asLong());
    }

    @Test
    void aTamperedTokenDoesNotVerify() throws Exception {
        DevKeys keys = DevKeys.ensure(state);
        String token = DevToken.sign(keys.privateKey(),
                new DevToken.Request("hosp-a", List.of("case-viewer"), "alice", Duration.ofMinutes(5)), Instant.now());
        String[] parts = token.split("\\.");
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("hosp-a", "hosp-b")
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(verifies(keys.publicKey(), parts));
    }

    @Test
    void anAuditorTokenCarriesTheAuditorRole() throws Exception {
        DevKeys keys = DevKeys.ensure(state);
        String token = DevToken.sign(keys.privateKey(),
                new DevToken.Request("hosp-a", List.of("case-auditor"), "privacy-office", Duration.ofMinutes(10)), Instant.now());
        JsonNode claims = decode(token.split("\\.")[1]);
        assertEquals(JSON.readTree("[\"case-auditor\"]"), claims.get("groups"));
        assertEquals("privacy-office", claims.get("sub").asText());
    }

    @Test
    void requestsOutsideTheContractAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DevToken.Request("hosp-a", List.of("admin"), null, Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> new DevToken.Request("hosp-a", List.of(), null, Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> new DevToken.Request("-bad", List.of("case-viewer"), null, Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> new DevToken.Request("hosp-a", List.of("case-viewer"), null, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new DevToken.Request("hosp-a", List.of("case-viewer"), null, Duration.ofDays(2)));
    }

    @Test
    void withoutAKeyTheMessageSaysToStartTheStackFirst() {
        StackException e = assertThrows(StackException.class, () -> DevKeys.load(state));
        assertTrue(e.getMessage().contains("start the stack once"), e.getMessage());
    }

    private static boolean verifies(PublicKey key, String[] parts) throws Exception {
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }
}
