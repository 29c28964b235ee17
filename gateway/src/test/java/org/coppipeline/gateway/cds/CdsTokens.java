package org.coppipeline.gateway.cds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * CDS client JWTs as an EHR signs them (src/test/resources/cds-test-keys): client A (hospital h-cds-a) with RSA, client
 * B (h-cds-b) with EC P-256. Each token has a fresh jti; aud is the URL being called.
 */
final class CdsTokens {

    static final String ISSUER_A = "https://ehr-a.test.example";
    static final String ISSUER_B = "https://ehr-b.test.example";
    static final String HOSPITAL_A = "h-cds-a";
    static final String HOSPITAL_B = "h-cds-b";

    private CdsTokens() {
    }

    static JwtClaimsBuilder claims(String issuer, String audience) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer)
                .audience(audience)
                .issuedAt(now)
                .expiresAt(now.plusSeconds(240))
                .claim("jti", UUID.randomUUID().toString());
    }

    static String a(String audience) {
        return claims(ISSUER_A, audience).jws().keyId("a-1").algorithm(SignatureAlgorithm.RS384).sign(key("hosp-a-private.pem", "RSA"));
    }

    static String b(String audience) {
        return claims(ISSUER_B, audience).jws().keyId("b-1").algorithm(SignatureAlgorithm.ES256).sign(key("hosp-b-private.pem", "EC"));
    }

    static String signedA(JwtClaimsBuilder claims) {
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign(key("hosp-a-private.pem", "RSA"));
    }

    /** HS256 with a secret: CDS Hooks forbids every symmetric algorithm. */
    static String hs256(String audience) {
        return claims(ISSUER_A, audience).jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec("a-shared-secret-of-at-least-256-bits-length!!".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** Client A's RS256 signature over exactly these claims (the builder would add a jti of its own). */
    static String rawA(String claimsJson) {
        try {
            org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
            jws.setPayload(claimsJson);
            jws.setAlgorithmHeaderValue("RS256");
            jws.setHeader("typ", "JWT");
            jws.setKey(key("hosp-a-private.pem", "RSA"));
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {"alg":"none"} with valid claims and no signature. */
    static String none(String audience) {
        String signed = a(audience);
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + signed.split("\\.")[1] + ".";
    }

    static PrivateKey key(String file, String algorithm) {
        try (InputStream in = CdsTokens.class.getClassLoader().getResourceAsStream("cds-test-keys/" + file)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
