package org.coppipeline.gateway.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A wrong allowlist entry or a missing secret stops the start, naming the property (CdsStartup). */
class CdsConfigCheckTest {

    static final String PEM = Prefetch.read("cds-test-keys/hosp-a-public.pem");

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    static CdsConfig.Client client(String issuer, String hospital, Optional<URI> jwks, Optional<String> pem,
            Optional<String> location) {
        return proxy(CdsConfig.Client.class, Map.of("issuer", issuer, "hospitalId", hospital, "jwksUrl", jwks,
                "publicKey", pem, "publicKeyLocation", location));
    }

    static CdsConfig config(Map<String, CdsConfig.Client> clients, Optional<String> secret) {
        CdsConfig.Auth auth = proxy(CdsConfig.Auth.class, Map.of("maxExpiryAhead", Duration.ofMinutes(5), "clockSkew",
                Duration.ofSeconds(30), "jtiCacheSize", 100, "jwksCacheDuration", Duration.ofMinutes(10), "jwksTimeout",
                Duration.ofSeconds(2)));
        Map<String, Object> values = new HashMap<>();
        values.put("clients", clients);
        values.put("caseIdSecret", secret);
        values.put("auth", auth);
        values.put("waitTimeout", Duration.ofSeconds(2));
        values.put("pollInterval", Duration.ofMillis(250));
        values.put("publicBaseUrl", Optional.empty());
        values.put("corsOrigins", Optional.of(List.of()));
        return proxy(CdsConfig.class, values);
    }

    @Test
    void aValidAllowlistIsReadByIssuer() {
        CdsConfig config = config(Map.of("a", client("https://a", "hosp-a", Optional.empty(), Optional.of(PEM), Optional.empty()),
                "b", client("https://b", "hosp-b", Optional.empty(), Optional.empty(), Optional.of("cds-test-keys/hosp-b-public.pem"))),
                Optional.of("x".repeat(32)));
        CdsSecrets.check(config);
        var trusted = CdsClientVerifier.trusted(config);
        assertThat(trusted).containsOnlyKeys("https://a", "https://b");
        assertThat(trusted.get("https://a").key().getAlgorithm()).isEqualTo("RSA");
        assertThat(trusted.get("https://b").key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void everyMistakeIsNamed() {
        assertThatThrownBy(() -> CdsClientVerifier.trusted(config(Map.of("a",
                client("https://a", "hosp-a", Optional.empty(), Optional.empty(), Optional.empty())), Optional.empty())))
                .hasMessageContaining("gateway.cds.clients.a needs exactly one of jwks-url, public-key, public-key-location");
        assertThatThrownBy(() -> CdsClientVerifier.trusted(config(Map.of("a",
                client("https://a", "hosp-a", Optional.of(URI.create("https://a/jwks")), Optional.of(PEM), Optional.empty())),
                Optional.empty()))).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> CdsClientVerifier.trusted(config(Map.of("a",
                client("https://a", "no spaces allowed", Optional.empty(), Optional.of(PEM), Optional.empty())), Optional.empty())))
                .hasMessageContaining("gateway.cds.clients.a.hospital-id");
        assertThatThrownBy(() -> CdsClientVerifier.trusted(config(Map.of("a",
                client("https://a", "hosp-a", Optional.empty(), Optional.of("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
                        Optional.empty())), Optional.empty()))).hasMessageContaining("neither an RSA nor an EC key");
        assertThatThrownBy(() -> CdsClientVerifier.trusted(config(Map.of("a",
                client("https://a", "hosp-a", Optional.empty(), Optional.empty(), Optional.of("/nowhere/key.pem"))), Optional.empty())))
                .hasMessageContaining("public-key-location names no file or resource");
        assertThatThrownBy(() -> CdsClientVerifier.trusted(config(Map.of("a",
                client("https://a", "hosp-a", Optional.of(URI.create("file:///etc/jwks")), Optional.empty(), Optional.empty())),
                Optional.empty()))).hasMessageContaining("jwks-url must be an http(s) URL");
        assertThatThrownBy(() -> CdsClientVerifier.trusted(config(Map.of(
                "a", client("https://same", "hosp-a", Optional.empty(), Optional.of(PEM), Optional.empty()),
                "b", client("https://same", "hosp-b", Optional.empty(), Optional.of(PEM), Optional.empty())), Optional.empty())))
                .hasMessageContaining("on the allowlist twice");
    }

    @Test
    void aClientNeedsTheCaseIdSecret() {
        Map<String, CdsConfig.Client> one = Map.of("a", client("https://a", "hosp-a", Optional.empty(), Optional.of(PEM),
                Optional.empty()));
        assertThatThrownBy(() -> CdsSecrets.check(config(one, Optional.empty()))).hasMessageContaining("gateway.cds.case-id-secret");
        assertThatThrownBy(() -> CdsSecrets.check(config(one, Optional.of("too-short")))).hasMessageContaining("at least 32");
        CdsSecrets.check(config(Map.of(), Optional.empty()));
    }
}
