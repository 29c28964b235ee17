package org.coppipeline.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.json.JsonUtil;
import org.jose4j.jws.JsonWebSignature;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/** Real JWTs, signed with the test-only key in src/test/resources/test-keys (see its README). */
public final class Tokens {

    public static final String ISSUER = "cop-pipeline-local";
    public static final String AUDIENCE = "cop-gateway";
    public static final String PUBLISHER = "case-publisher";
    public static final String VIEWER = "case-viewer";
    public static final String AUDITOR = "case-auditor";
    public static final String SUBJECT = "test-client";

    private Tokens() {
    }

    public static String publisher(String hospital) {
        return token(hospital, PUBLISHER);
    }

    public static String viewer(String hospital) {
        return token(hospital, VIEWER);
    }

    public static String auditor(String hospital) {
        return token(hospital, AUDITOR);
    }

    /** A token of the given subject (the actor of the access audit). */
    public static String as(String subject, String hospital, String... roles) {
        return claims(hospital, roles).subject(subject).sign();
    }

    public static String token(String hospital, String... roles) {
        return claims(hospital, roles).sign();
    }

    public static JwtClaimsBuilder claims(String hospital, String... roles) {
        // Valid for an hour: test classes keep tokens in static fields, made when the class is set up, and the whole
        // suite can take longer than a few minutes on a slow machine.
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(SUBJECT)
                .groups(Set.of(roles))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(3600));
        if (hospital != null) {
            claims.claim("hospital", hospital);
        }
        return claims;
    }

    /** Signed by a key the gateway does not trust. */
    public static String badSignature(String hospital, String... roles) {
        return claims(hospital, roles).sign(strangerKey());
    }

    public static String expired(String hospital, String... roles) {
        return claims(hospital, roles)
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
    }

    /** Expired {@code seconds} ago, issued ten minutes before that. */
    public static String expiredAgo(long seconds, String hospital, String... roles) {
        Map<String, Object> claims = goodClaims(hospital, roles);
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - seconds - 600);
        claims.put("exp", now - seconds);
        return raw("RS256", null, claims);
    }

    /** Issued now, valid for {@code seconds}. */
    public static String lifetime(long seconds, String hospital, String... roles) {
        Map<String, Object> claims = goodClaims(hospital, roles);
        claims.put("exp", (Long) claims.get("iat") + seconds);
        return raw("RS256", null, claims);
    }

    public static String without(String claim, String hospital, String... roles) {
        Map<String, Object> claims = goodClaims(hospital, roles);
        claims.remove(claim);
        return raw("RS256", null, claims);
    }

    /** Issued an hour from now, for ten minutes: a short lifetime that would be valid for over an hour. */
    public static String issuedInTheFuture(String hospital, String... roles) {
        Map<String, Object> claims = goodClaims(hospital, roles);
        long later = Instant.now().getEpochSecond() + 3600;
        claims.put("iat", later);
        claims.put("exp", later + 600);
        return raw("RS256", null, claims);
    }

    /** HS256 with a secret: the gateway pins RS256, so no HMAC key is ever tried. */
    public static String hmac(String hospital, String... roles) {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return raw("HS256", new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"), goodClaims(hospital, roles));
    }

    /** ES256, correctly signed with a key of its own: not the pinned algorithm. */
    public static String es256(String hospital, String... roles) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return raw("ES256", generator.generateKeyPair().getPrivate(), goodClaims(hospital, roles));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String wrongIssuer(String hospital, String... roles) {
        return claims(hospital, roles).issuer("someone-else").sign();
    }

    public static String wrongAudience(String hospital, String... roles) {
        return claims(hospital, roles).audience("another-service").sign();
    }

    /** An unsigned token ({"alg":"none"}) carrying the right claims. */
    public static String unsigned(String hospital, String... roles) {
        String signed = token(hospital, roles);
        String payload = signed.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /**
     * A token with exactly these claims and this header algorithm, signed with {@code key} (the trusted RSA key when
     * null). The builder above always adds iat and exp; this one adds nothing.
     */
    public static String raw(String algorithm, java.security.Key key, Map<String, Object> claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JsonUtil.toJson(claims));
            jws.setAlgorithmHeaderValue(algorithm);
            jws.setHeader("typ", "JWT");
            jws.setKey(key != null ? key : trustedKey());
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a good token (iss, aud, sub, groups, hospital, iat now, exp in 10 min) to change for raw(). */
    public static Map<String, Object> goodClaims(String hospital, String... roles) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", SUBJECT);
        claims.put("groups", List.of(roles));
        claims.put("hospital", hospital);
        claims.put("iat", now);
        claims.put("exp", now + 600);
        return claims;
    }

    public static PrivateKey trustedKey() {
        try {
            return KeyUtils.readPrivateKey("test-keys/privateKey.pem");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey strangerKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
