package org.coppipeline.gateway.cds;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The CDS Hooks 2.0 service (CONTRACT 7): which CDS clients are trusted (per issuer: its key and the hospital it speaks
 * for), the per-deployment secret behind the suite's case ids, how long a hook waits for the pipeline, where the cards
 * link to. Checked at start ({@link CdsStartup}): an inconsistent setting stops the gateway, naming the property.
 * Without any client on the allowlist every call of /cds-services* is answered 401.
 */
@ConfigMapping(prefix = "gateway.cds")
public interface CdsConfig {

    /**
     * The allowlist of CDS clients, by a name of the operator's choosing (the name appears nowhere else). Every entry
     * names its issuer ({@code iss}), exactly one key source and the hospital it speaks for.
     */
    Map<String, Client> clients();

    /**
     * HMAC-SHA256 key of the case ids ({@code cds-} + 32 hex of HMAC(secret, fhirServer|patientId)): at least 32
     * characters, the same on every replica, never changed once cases exist (a new secret means new case ids).
     * Required as soon as a client is configured.
     */
    Optional<String> caseIdSecret();

    /** Longest wait of a hook for its event to be planned; after it the "assessment in progress" card. */
    @WithDefault("PT2S")
    Duration waitTimeout();

    /**
     * While a hook waits, the read model is also polled at this interval, for the case where another replica's
     * projector writes the plan (this replica's projector wakes the hook at once).
     */
    @WithDefault("PT0.25S")
    Duration pollInterval();

    /**
     * The public base URL of the gateway as the CDS client calls it (e.g. https://cds.hospital.example): a token's
     * {@code aud} must be this + the called path. Without it, the request's own URL (behind a proxy, configure this).
     */
    Optional<URI> publicBaseUrl();

    /**
     * The dashboard the cards link to (…/dashboard/); the case page is {@code <this>#/case/<caseId>}. Without it,
     * {@code <public base URL or the request's>/dashboard/}.
     */
    Optional<URI> dashboardUrl();

    /** Optional page about the suite, the cards' {@code source.url} (left out when not set). */
    Optional<URI> sourceUrl();

    /** Origins allowed to call /cds-services* from a browser (CORS). None by default: no CORS headers at all. */
    Optional<List<String>> corsOrigins();

    /** Largest assembled prefetch Bundle mapped (bytes); the HTTP layer caps the request at quarkus.http.limits.max-body-size. */
    @WithDefault("1048576")
    @Min(1024)
    @Max(16777216)
    int maxBundleBytes();

    Auth auth();

    Fetch fetch();

    interface Client {
        /** The exact {@code iss} of the client's tokens. */
        String issuer();

        /** The hospitalId the client speaks for (the contract's id pattern). */
        String hospitalId();

        /** The client's JWK Set URL (keys chosen by {@code kid}); or one of the two PEM sources below. */
        Optional<URI> jwksUrl();

        /** The client's public key, PEM (SubjectPublicKeyInfo, RSA or EC) inline. */
        Optional<String> publicKey();

        /** The client's public key, a PEM file (a path, or a class-path resource). */
        Optional<String> publicKeyLocation();
    }

    interface Auth {
        /** CONTRACT 7: a token's exp at most this far ahead of now. */
        @WithDefault("PT5M")
        Duration maxExpiryAhead();

        /** Tolerated clock difference for a token that has just expired or was issued a moment "in the future". */
        @WithDefault("PT30S")
        Duration clockSkew();

        /**
         * Token ids (jti) remembered until their token expires. When this many are held, a new token is refused (503)
         * rather than remembered partly: a replay must never pass because the memory was full.
         */
        @WithDefault("100000")
        @Min(100)
        @Max(10000000)
        int jtiCacheSize();

        /** How long a fetched JWK Set is used before it is fetched again (sooner when a kid is unknown). */
        @WithDefault("PT10M")
        Duration jwksCacheDuration();

        /** Connect and read timeout of a JWK Set fetch. */
        @WithDefault("PT2S")
        Duration jwksTimeout();
    }

    /** Prefetch keys the client left out, fetched from fhirServer: one attempt per key, all keys in parallel. */
    interface Fetch {
        @WithDefault("PT1S")
        Duration connectTimeout();

        /** Longest wait for one key's answer. */
        @WithDefault("PT3S")
        Duration readTimeout();

        /** Largest answer read for one key (bytes). */
        @WithDefault("1048576")
        @Min(1024)
        @Max(16777216)
        int maxBytes();
    }
}
