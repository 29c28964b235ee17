package org.coppipeline.gateway.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** Token ids remembered until their token expires; bounded without ever letting a replay through. */
class JtiReplayCacheTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aJtiIsAcceptedOncePerIssuerUntilItsTokenExpires() {
        JtiReplayCache cache = new JtiReplayCache(10, clock);
        Instant until = now.get().plusSeconds(300);
        assertThat(cache.firstUse("iss-a", "j-1", until)).isTrue();
        assertThat(cache.firstUse("iss-a", "j-1", until)).isFalse();
        assertThat(cache.firstUse("iss-b", "j-1", until)).isTrue();
        now.set(until.plus(Duration.ofSeconds(1)));
        assertThat(cache.firstUse("iss-a", "j-1", now.get().plusSeconds(60))).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aFullCacheRefusesRatherThanForgets() {
        JtiReplayCache cache = new JtiReplayCache(2, clock);
        cache.firstUse("iss", "j-1", now.get().plusSeconds(100));
        cache.firstUse("iss", "j-2", now.get().plusSeconds(200));
        assertThatThrownBy(() -> cache.firstUse("iss", "j-3", now.get().plusSeconds(300))).isInstanceOf(JtiReplayCache.Full.class);
        assertThat(cache.firstUse("iss", "j-1", now.get().plusSeconds(100))).isFalse();
        now.set(now.get().plusSeconds(150));
        assertThat(cache.firstUse("iss", "j-3", now.get().plusSeconds(300))).isTrue();
    }
}
