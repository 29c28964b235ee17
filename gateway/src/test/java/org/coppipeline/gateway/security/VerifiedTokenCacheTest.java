package org.coppipeline.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.SecretKey;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-26T02:00:00Z");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** iat 0: the token has none. */
    private record Token(String name, long exp, long iat) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return iat == 0 ? Set.of("exp") : Set.of("exp", "iat");
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claim) {
            if ("exp".equals(claim)) {
                return (T) Long.valueOf(exp);
            }
            return "iat".equals(claim) && iat != 0 ? (T) Long.valueOf(iat) : null;
        }
    }

    /** Verifies tokens of the form "good:<exp epoch s>[:<iat epoch s>]", refuses anything else, and counts its calls. */
    private static final class CountingVerifier implements JWTParser {
        final List<String> verified = new ArrayList<>();
        final ManualClock clock;

        CountingVerifier(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verified.add(token);
            if (!token.startsWith("good:")) {
                throw new ParseException("bad signature");
            }
            long exp;
            long iat;
            try {
                String[] times = token.substring(5).split(":");
                exp = Long.parseLong(times[0]);
                iat = times.length > 1 ? Long.parseLong(times[1]) : 0;
            } catch (NumberFormatException e) {
                throw new ParseException("bad signature");
            }
            if (!Instant.ofEpochSecond(exp).isAfter(clock.instant())) {
                throw new ParseException("expired");
            }
            return new Token(token, exp, iat);
        }

        @Override
        public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
            return parse(token);
        }

        @Override
        public JsonWebToken verify(String token, PublicKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, PrivateKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken parseOnly(String token) {
            throw new UnsupportedOperationException();
        }
    }

    private final ManualClock clock = new ManualClock();
    private final CountingVerifier verifier = new CountingVerifier(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private VerifiedTokenCache cache(int size, Duration maxAge) {
        return new VerifiedTokenCache(verifier, size, maxAge, clock, meters);
    }

    private static String good(Instant exp) {
        return "good:" + exp.getEpochSecond();
    }

    private double count(String result) {
        return meters.counter("gateway.auth.token.cache", "result", result).count();
    }

    @Test
    void aRepeatedTokenIsVerifiedOnceAndAnsweredWithTheSameClaims() throws ParseException {
        VerifiedTokenCache cache = cache(16, Duration.ofMinutes(5));
        String token = good(NOW.plusSeconds(600));

        JsonWebToken first = cache.parse(token);
        JsonWebToken second = cache.parse(token);
        JsonWebToken third = cache.parse(token);

        assertThat(verifier.verified).containsExactly(token);
        assertThat(second).isSameAs(first);
        assertThat(third.getExpirationTime()).isEqualTo(NOW.plusSeconds(600).getEpochSecond());
        assertThat(count("hit")).isEqualTo(2);
        assertThat(count("miss")).isEqualTo(1);
    }

    /**
     * An iat beyond the 30 s skew is refused on top of the verifier's checks (a token "issued in ten years" for an hour
     * passes the lifetime check), on both parse paths and however often it is sent: it is never remembered.
     */
    @Test
    void aTokenIssuedInTheFutureIsRefusedAndNeverRemembered() throws ParseException {
        VerifiedTokenCache cache = cache(16, Duration.ofMinutes(5));
        String future = "good:" + NOW.plusSeconds(4200).getEpochSecond() + ":" + NOW.plusSeconds(3600).getEpochSecond();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.parse(future)).isInstanceOf(ParseException.class).hasMessageContaining("future");
        }
        assertThatThrownBy(() -> cache.parse(future, null)).isInstanceOf(ParseException.class);
        assertThat(verifier.verified).hasSize(4);
        assertThat(count("hit")).isZero();

        String withinSkew = "good:" + NOW.plusSeconds(600).getEpochSecond() + ":" + NOW.plusSeconds(30).getEpochSecond();
        assertThat(cache.parse(withinSkew).getName()).isEqualTo(withinSkew);
        assertThat(cache.parse(withinSkew).getName()).isEqualTo(withinSkew);
        assertThat(count("hit")).isEqualTo(1);
    }

    @Test
    void aTokenThatFailedIsVerifiedAgainEveryTime() {
        VerifiedTokenCache cache = cache(16, Duration.ofMinutes(5));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.parse("forged")).isInstanceOf(ParseException.class);
        }

        assertThat(verifier.verified).hasSize(3);
        assertThat(count("hit")).isZero();
    }

    @Test
    void anAlteredCopyOfACachedTokenIsVerifiedInFull() throws ParseException {
        VerifiedTokenCache cache = cache(16, Duration.ofMinutes(5));
        String token = good(NOW.plusSeconds(600));
        cache.parse(token);

        assertThatThrownBy(() -> cache.parse(token + "x")).isInstanceOf(ParseException.class);
        assertThat(verifier.verified).containsExactly(token, token + "x");
    }

    @Test
    void aCachedTokenIsNotAcceptedOnceItHasExpired() throws ParseException {
        VerifiedTokenCache cache = cache(16, Duration.ofMinutes(5));
        String token = good(NOW.plusSeconds(60));
        cache.parse(token);
        cache.parse(token);
        assertThat(verifier.verified).hasSize(1);

        clock.now = NOW.plusSeconds(60);

        assertThatThrownBy(() -> cache.parse(token)).isInstanceOf(ParseException.class).hasMessage("expired");
        assertThat(verifier.verified).hasSize(2);
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheLongestTrustedAge() throws ParseException {
        VerifiedTokenCache cache = cache(16, Duration.ofMinutes(5));
        String token = good(NOW.plusSeconds(3600));
        cache.parse(token);

        clock.now = NOW.plus(Duration.ofMinutes(5)).minusSeconds(1);
        cache.parse(token);
        assertThat(verifier.verified).hasSize(1);

        clock.now = NOW.plus(Duration.ofMinutes(5)).plusSeconds(1);
        cache.parse(token);
        assertThat(verifier.verified).hasSize(2);
    }

    @Test
    void theCacheHoldsAtMostItsSize() throws ParseException {
        VerifiedTokenCache cache = cache(4, Duration.ofMinutes(5));
        Map<Integer, String> tokens = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            tokens.put(i, good(NOW.plusSeconds(600 + i)));
            cache.parse(tokens.get(i));
        }
        verifier.verified.clear();
        for (int i = 0; i < 50; i++) {
            cache.parse(tokens.get(i));
        }
        // At most 4 of the 50 can still be remembered.
        assertThat(verifier.verified).hasSizeGreaterThanOrEqualTo(46);
    }

    @Test
    void sizeZeroVerifiesEveryRequest() throws ParseException {
        VerifiedTokenCache cache = cache(0, Duration.ofMinutes(5));
        String token = good(NOW.plusSeconds(600));
        cache.parse(token);
        cache.parse(token);
        assertThat(verifier.verified).hasSize(2);
    }
}
