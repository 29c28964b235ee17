package org.coppipeline.gateway.cds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;

/**
 * Verifies the CDS client's JWT of every /cds-services* call (CONTRACT 7, CDS Hooks 2.0 "Trusting CDS Clients"): the
 * issuer must be on the allowlist, the signature must verify with that issuer's key (a PEM, or its JWK Set by kid)
 * under RS256, RS384, ES256 or ES384 only (none and every HMAC are refused before any key is looked at), {@code aud}
 * must be the called URL, {@code exp}, {@code iat} and {@code jti} are required, {@code exp} at most
 * {@code gateway.cds.auth.max-expiry-ahead} ahead, and a jti is accepted once. Separate from the API's own bearer
 * tokens (mp.jwt.*, other issuers). Failures are 401 problem+json naming the check, never quoting the token.
 */
@ApplicationScoped
public class CdsClientVerifier {

    private static final Logger LOG = Logger.getLogger(CdsClientVerifier.class);
    static final String[] ALGORITHMS = { AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384 };
    static final String ALG_REFUSED = "alg must be one of RS256, RS384, ES256, ES384";
    static final String SIGNATURE_REFUSED = "the signature does not verify with the issuer's key";
    private static final Pattern HOSPITAL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    /** One allowlist entry, ready to verify with. */
    record Trusted(String issuer, String hospitalId, PublicKey key, HttpsJwksVerificationKeyResolver jwks) {
    }

    private final Map<String, Trusted> byIssuer;
    private final Duration maxAhead;
    private final int skewSeconds;
    private final JtiReplayCache jtis;
    private final Clock clock;
    private final Optional<java.net.URI> publicBaseUrl;
    /** Reads the claims before anything is trusted, only to find the issuer's entry: nothing else is taken from it. */
    private final JwtConsumer firstPass = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();

    @Inject
    public CdsClientVerifier(CdsConfig config) {
        this(trusted(config), config.auth().maxExpiryAhead(), config.auth().clockSkew(), config.auth().jtiCacheSize(),
                Clock.systemUTC(), config.publicBaseUrl());
    }

    CdsClientVerifier(Map<String, Trusted> byIssuer, Duration maxAhead, Duration skew, int jtiCacheSize, Clock clock,
            Optional<java.net.URI> publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
        this.byIssuer = Map.copyOf(byIssuer);
        this.maxAhead = maxAhead;
        this.skewSeconds = (int) skew.toSeconds();
        this.jtis = new JtiReplayCache(jtiCacheSize, clock);
        this.clock = clock;
    }

    /**
     * The client behind {@code authorization} (the whole Authorization header) for a call of {@code calledUrl}
     * (scheme, host, port and path, as the client addressed it).
     */
    public CdsClient verify(String authorization, String calledUrl) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw refused("a CDS client JWT is required (Authorization: Bearer)");
        }
        String token = authorization.substring(7).trim();
        JwtContext unverified;
        String issuer;
        try {
            unverified = firstPass.process(token);
            issuer = unverified.getJwtClaims().getIssuer();
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw refused("the token is not a JWT");
        }
        Trusted trusted = issuer == null ? null : byIssuer.get(issuer);
        if (trusted == null) {
            throw refused("the issuer is not on the allowlist");
        }
        String alg = unverified.getJoseObjects().isEmpty() ? null
                : unverified.getJoseObjects().get(0).getAlgorithmHeaderValue();
        if (alg == null || !java.util.Arrays.asList(ALGORITHMS).contains(alg)) {
            throw refused(ALG_REFUSED);
        }
        if (trusted.key() != null && !alg.startsWith(trusted.key().getAlgorithm().equals("RSA") ? "RS" : "ES")) {
            throw refused(SIGNATURE_REFUSED);
        }
        JwtClaims claims;
        try {
            claims = consumer(trusted, calledUrl).processToClaims(token);
        } catch (InvalidJwtException e) {
            throw refused(reason(e, calledUrl));
        }
        try {
            Instant expires = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
            Instant now = clock.instant();
            if (expires.isAfter(now.plus(maxAhead))) {
                throw refused("exp is more than " + maxAhead.toSeconds() + " s ahead");
            }
            if (!jtis.firstUse(issuer, claims.getJwtId(), expires.plusSeconds(skewSeconds))) {
                throw refused("this jti was used before");
            }
            String subject = claims.getSubject();
            return new CdsClient(issuer, trusted.hospitalId(), subject == null || subject.isBlank() ? issuer : subject);
        } catch (MalformedClaimException e) {
            throw refused("a claim has the wrong type");
        } catch (JtiReplayCache.Full e) {
            LOG.warn("CDS client token refused: the jti replay cache is full (gateway.cds.auth.jti-cache-size)");
            throw ProblemException.unavailable("Too many CDS client tokens in the last minutes; retry shortly.", 1);
        }
    }

    private JwtConsumer consumer(Trusted trusted, String calledUrl) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, ALGORITHMS)
                .setExpectedIssuer(trusted.issuer())
                .setExpectedAudience(true, calledUrl)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(skewSeconds);
        if (trusted.jwks() != null) {
            builder.setVerificationKeyResolver(trusted.jwks());
        } else {
            builder.setVerificationKey(trusted.key());
        }
        return builder.build();
    }

    /** The check that failed, in words an integrator can act on (never a value of the token). */
    private static String reason(InvalidJwtException e, String calledUrl) {
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "aud must be the called URL " + calledUrl;
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
            return "the token has expired";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING) || e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)
                || e.hasErrorCode(ErrorCodes.JWT_ID_MISSING)) {
            return "exp, iat and jti are required";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "iat is in the future";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return SIGNATURE_REFUSED;
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("AlgorithmConstraints") || text.contains("not permitted")) {
            return ALG_REFUSED;
        }
        if (text.contains("Unable to find a suitable verification key")) {
            return "no key of the issuer matches the token (kid)";
        }
        return "the token is not valid";
    }

    private static ProblemException refused(String why) {
        LOG.debugf("CDS client token refused: %s", why);
        return new ProblemException(ProblemType.UNAUTHENTICATED, "CDS client JWT refused: " + why + ".", null,
                Map.of("WWW-Authenticate", "Bearer"));
    }

    // ------------------------------------------------------------------------------------------ the allowlist

    static Map<String, Trusted> trusted(CdsConfig config) {
        Map<String, Trusted> byIssuer = new HashMap<>();
        config.clients().forEach((name, client) -> {
            String property = "gateway.cds.clients." + name;
            if (client.issuer() == null || client.issuer().isBlank()) {
                throw new IllegalStateException(property + ".issuer must be set");
            }
            if (!HOSPITAL.matcher(client.hospitalId()).matches()) {
                throw new IllegalStateException(property + ".hospital-id must match " + HOSPITAL.pattern());
            }
            int sources = (client.jwksUrl().isPresent() ? 1 : 0) + (client.publicKey().isPresent() ? 1 : 0)
                    + (client.publicKeyLocation().isPresent() ? 1 : 0);
            if (sources != 1) {
                throw new IllegalStateException(property + " needs exactly one of jwks-url, public-key, public-key-location");
            }
            if (byIssuer.containsKey(client.issuer())) {
                throw new IllegalStateException(property + ".issuer is on the allowlist twice");
            }
            Trusted trusted;
            if (client.jwksUrl().isPresent()) {
                String scheme = client.jwksUrl().get().getScheme();
                if (!"https".equals(scheme) && !"http".equals(scheme)) {
                    throw new IllegalStateException(property + ".jwks-url must be an http(s) URL");
                }
                trusted = new Trusted(client.issuer(), client.hospitalId(), null,
                        jwks(client.jwksUrl().get().toString(), config.auth()));
            } else {
                String pem = client.publicKey().orElseGet(() -> read(client.publicKeyLocation().get(), property));
                trusted = new Trusted(client.issuer(), client.hospitalId(), publicKey(pem, property), null);
            }
            byIssuer.put(client.issuer(), trusted);
        });
        return byIssuer;
    }

    /** A JWK Set fetched once per cache period, one attempt (no retries), bounded in time and size. */
    static HttpsJwksVerificationKeyResolver jwks(String url, CdsConfig.Auth auth) {
        HttpsJwks jwks = new HttpsJwks(url);
        Get get = new Get();
        get.setRetries(0);
        get.setConnectTimeout((int) auth.jwksTimeout().toMillis());
        get.setReadTimeout((int) auth.jwksTimeout().toMillis());
        get.setResponseBodySizeLimit(256 * 1024);
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(auth.jwksCacheDuration().toSeconds());
        return new HttpsJwksVerificationKeyResolver(jwks);
    }

    static PublicKey publicKey(String pem, String property) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": the public key is not PEM");
        }
        for (String algorithm : new String[] { "RSA", "EC" }) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this kind of key: try the next
            }
        }
        throw new IllegalStateException(property + ": the public key is neither an RSA nor an EC key (PEM, SubjectPublicKeyInfo)");
    }

    private static String read(String location, String property) {
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
            try (InputStream resource = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (resource != null) {
                    return new String(resource.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(property + ".public-key-location cannot be read");
        }
        throw new IllegalStateException(property + ".public-key-location names no file or resource");
    }

    /** gateway.cds.public-base-url, when configured. */
    Optional<java.net.URI> publicBaseUrl() {
        return publicBaseUrl;
    }

    Optional<Trusted> entry(String issuer) {
        return Optional.ofNullable(byIssuer.get(issuer));
    }
}
