package org.coppipeline.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Real JWTs, signed with the test-only key in src/test/resources/test-keys (see its README). */
public final class Tokens {

    public static final String ISSUER = "cop-pipeline-local";
    public static final String AUDIENCE = "cop-gateway";
    public static final String PUBLISHER = "case-publisher";
    public static final String VIEWER = "case-viewer";

    private Tokens() {
    }

    public static String publisher(String hospital) {
        return token(hospital, PUBLISHER);
    }

    public static String viewer(String hospital) {
        return token(hospital, VIEWER);
    }

    public static String token(String hospital, String... roles) {
        return claims(hospital, roles).sign();
    }

    public static JwtClaimsBuilder claims(String hospital, String... roles) {
        // Valid for an hour: test classes keep tokens in static fields, made when the class is set up, and the whole
        // suite can take longer than a few minutes on a slow machine.
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("test-client")
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
