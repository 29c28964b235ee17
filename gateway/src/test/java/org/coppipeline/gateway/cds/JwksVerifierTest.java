package org.coppipeline.gateway.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import org.coppipeline.gateway.api.ProblemException;

/**
 * A client whose key is a JWK Set URL (CDS Hooks 2.0: keys chosen by kid): fetched from a loopback stub, cached, and a
 * token of an unknown kid refused.
 */
class JwksVerifierTest {

    static final String AUD = "https://cds.example/cds-services";

    @Test
    void aJwkSetUrlVerifiesByKidAndIsFetchedOncePerCachePeriod() throws Exception {
        String pem = Prefetch.read("cds-test-keys/hosp-b-public.pem").replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey((ECPublicKey) key);
        jwk.setKeyId("b-1");
        byte[] set = new JsonWebKeySet(jwk).toJson().getBytes(StandardCharsets.UTF_8);
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, set.length);
            exchange.getResponseBody().write(set);
            exchange.close();
        });
        server.start();
        try {
            CdsConfig.Auth auth = (CdsConfig.Auth) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { CdsConfig.Auth.class }, (self, method, args) -> switch (method.getName()) {
                        case "jwksCacheDuration" -> Duration.ofMinutes(10);
                        case "jwksTimeout" -> Duration.ofSeconds(2);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            var resolver = CdsClientVerifier.jwks("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks", auth);
            CdsClientVerifier verifier = new CdsClientVerifier(
                    Map.of(CdsTokens.ISSUER_B, new CdsClientVerifier.Trusted(CdsTokens.ISSUER_B, "h-b", null, resolver)),
                    Duration.ofMinutes(5), Duration.ofSeconds(30), 100, Clock.systemUTC(), Optional.empty());

            CdsClient client = verifier.verify("Bearer " + CdsTokens.b(AUD), AUD);
            assertThat(client.hospitalId()).isEqualTo("h-b");
            assertThat(client.actor()).isEqualTo(CdsTokens.ISSUER_B);
            verifier.verify("Bearer " + CdsTokens.b(AUD), AUD);
            assertThat(fetches.get()).isEqualTo(1);

            String unknownKid = CdsTokens.claims(CdsTokens.ISSUER_B, AUD).jws().keyId("b-2")
                    .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256).sign(CdsTokens.key("hosp-b-private.pem", "EC"));
            assertThatThrownBy(() -> verifier.verify("Bearer " + unknownKid, AUD)).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("no key of the issuer matches the token");
        } finally {
            server.stop(0);
        }
    }
}
