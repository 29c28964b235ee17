package org.coppipeline.gateway.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.crypto.SecretKey;

import jakarta.json.JsonNumber;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

import org.coppipeline.gateway.GatewayConfig;

/**
 * The bearer-token parser the JWT mechanism uses, with a memory of tokens already verified. Checking an RS256
 * signature is the most expensive step of a request (a fifth of the gateway's CPU under load, JFR), and clients
 * repeat the same token: a platform posts every event with it, a dashboard polls with it. A token is looked up by
 * its exact compact text (header, claims and signature), so a hit means these very bytes passed the full check
 * (signature, issuer, audience, expiry) before; an altered token is a different key and is verified in full.
 * An entry leaves when the token expires, or after {@code gateway.auth.token-cache-max-age}, whichever is first,
 * and an expired token is never answered from memory. Tokens are not logged and not used as metric tags.
 * <p>
 * The verifier's checks are configuration (application.properties): signature with the pinned algorithm
 * (mp.jwt.verify.publickey.algorithm; none and HMAC never), issuer, audience, exp and iat present
 * (smallrye.jwt.required.claims), a lifetime exp - iat of at most 24 h (smallrye.jwt.time-to-live), expiry with a
 * skew of 30 s (mp.jwt.verify.clock.skew). One more is made here, on every token verified in full: an iat more than
 * the skew in the future is refused, else a token issued "in ten years" for one hour would pass the lifetime check
 * and be valid for ten years. None of this can be skipped by the memory: a hit is the very text that passed all of
 * it, and its one check that depends on the time (exp) is made again on every hit, without the skew.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private final JWTParser verifier;
    private final Clock clock;
    private final Duration skew;
    /** Null when the cache is configured off (size 0): every token is verified. */
    private final Cache<String, JsonWebToken> verified;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public VerifiedTokenCache(DefaultJWTParser verifier, GatewayConfig config, MeterRegistry meters,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") int skewSeconds) {
        this(verifier, config.auth().tokenCacheSize(), config.auth().tokenCacheMaxAge(), Clock.systemUTC(), meters,
                Duration.ofSeconds(skewSeconds));
    }

    VerifiedTokenCache(JWTParser verifier, int size, Duration maxAge, Clock clock, MeterRegistry meters) {
        this(verifier, size, maxAge, clock, meters, Duration.ofSeconds(30));
    }

    VerifiedTokenCache(JWTParser verifier, int size, Duration maxAge, Clock clock, MeterRegistry meters, Duration skew) {
        this.verifier = verifier;
        this.clock = clock;
        this.skew = skew;
        this.verified = size == 0 || maxAge.isZero() ? null : Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfter(Expiry.<String, JsonWebToken>creating((token, jwt) -> lifetime(jwt, maxAge)))
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
        this.hits = meters.counter("gateway.auth.token.cache", "result", "hit");
        this.misses = meters.counter("gateway.auth.token.cache", "result", "miss");
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified == null ? null : verified.getIfPresent(token);
        if (known != null && unexpired(known)) {
            hits.increment();
            return known;
        }
        misses.increment();
        JsonWebToken fresh = notIssuedInTheFuture(verifier.parse(token));
        if (verified != null && unexpired(fresh)) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    /** A token with other verification settings is checked in full, never answered from memory. */
    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return notIssuedInTheFuture(verifier.parse(token, context));
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }

    private JsonWebToken notIssuedInTheFuture(JsonWebToken jwt) throws ParseException {
        // iat is required (smallrye.jwt.required.claims); read without unboxing, for parsers that leave it out.
        Object iat = jwt.getClaim(Claims.iat.name());
        long issuedAt = iat instanceof Number number ? number.longValue()
                : iat instanceof JsonNumber json ? json.longValue() : 0;
        if (Instant.ofEpochSecond(issuedAt).isAfter(clock.instant().plus(skew))) {
            throw new ParseException("the token's iat is in the future");
        }
        return jwt;
    }

    /** The verifier has checked exp already; this keeps a remembered token from outliving it. */
    private boolean unexpired(JsonWebToken jwt) {
        return jwt.getExpirationTime() > 0 && Instant.ofEpochSecond(jwt.getExpirationTime()).isAfter(clock.instant());
    }

    private Duration lifetime(JsonWebToken jwt, Duration maxAge) {
        Duration untilExpiry = Duration.between(clock.instant(), Instant.ofEpochSecond(jwt.getExpirationTime()));
        Duration lifetime = untilExpiry.compareTo(maxAge) < 0 ? untilExpiry : maxAge;
        return lifetime.isNegative() ? Duration.ZERO : lifetime;
    }
}
