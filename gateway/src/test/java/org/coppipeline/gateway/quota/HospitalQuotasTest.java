package org.coppipeline.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.support.TestConfigs;

/** CONTRACT 1.1 quotas: a token bucket per hospital (200/s, bursts of 400 by default) and 16 POSTs in flight. */
class HospitalQuotasTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong now = new AtomicLong(5 * SECOND);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    HospitalQuotas quotas(Map<String, org.coppipeline.gateway.GatewayConfig.HospitalQuota> hospitals) {
        return new HospitalQuotas(TestConfigs.quota(hospitals), now::get, meters);
    }

    static ProblemException refusal(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aBurstOf400ThenTheRateOf200PerSecond() {
        HospitalQuotas quotas = quotas(Map.of());
        for (int i = 0; i < 400; i++) {
            quotas.admit("h-a");
        }
        ProblemException refused = refusal(() -> quotas.admit("h-a"));
        assertThat(refused.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
        assertThat(refused.type().status()).isEqualTo(429);
        assertThat(refused.headers()).containsEntry("Retry-After", "1");

        now.addAndGet(SECOND / 2);
        for (int i = 0; i < 100; i++) {
            quotas.admit("h-a");
        }
        assertThatThrownBy(() -> quotas.admit("h-a")).isInstanceOf(ProblemException.class);
        assertThat(meters.counter("gateway.quota.refused", "limit", "rate").count()).isEqualTo(2);
    }

    @Test
    void oneHospitalsFloodLeavesTheOthersAlone() {
        HospitalQuotas quotas = quotas(Map.of());
        for (int i = 0; i < 400; i++) {
            quotas.admit("h-flood");
        }
        assertThatThrownBy(() -> quotas.admit("h-flood")).isInstanceOf(ProblemException.class);
        assertThatCode(() -> quotas.admit("h-quiet")).doesNotThrowAnyException();
    }

    @Test
    void aHospitalsOwnValuesReplaceTheDefaultsAndRetryAfterSaysWhenATokenIsBack() {
        HospitalQuotas quotas = quotas(Map.of("h-slow", TestConfigs.hospitalQuota(1, 2, null)));
        quotas.admit("h-slow");
        quotas.admit("h-slow");
        assertThat(refusal(() -> quotas.admit("h-slow")).headers()).containsEntry("Retry-After", "1");
        now.addAndGet(SECOND / 4);
        assertThat(refusal(() -> quotas.admit("h-slow")).headers()).containsEntry("Retry-After", "1");
        now.addAndGet(SECOND);
        assertThatCode(() -> quotas.admit("h-slow")).doesNotThrowAnyException();
        // A full bucket holds its burst, never more, however long it waited.
        now.addAndGet(3600 * SECOND);
        quotas.admit("h-slow");
        quotas.admit("h-slow");
        assertThatThrownBy(() -> quotas.admit("h-slow")).isInstanceOf(ProblemException.class);
    }

    @Test
    void postsInFlightAreCountedUntilTheirSlotIsClosed() {
        HospitalQuotas quotas = quotas(Map.of("h-narrow", TestConfigs.hospitalQuota(null, null, 2)));
        HospitalQuotas.Slot first = quotas.post("h-narrow");
        HospitalQuotas.Slot second = quotas.post("h-narrow");
        ProblemException refused = refusal(() -> quotas.post("h-narrow"));
        assertThat(refused.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
        assertThat(refused.headers()).containsKey("Retry-After");
        assertThatCode(() -> quotas.post("h-other").close()).doesNotThrowAnyException();
        first.close();
        quotas.post("h-narrow").close();
        second.close();
        for (int i = 0; i < 16; i++) {
            quotas.post("h-default");
        }
        assertThatThrownBy(() -> quotas.post("h-default")).isInstanceOf(ProblemException.class);
        assertThat(meters.counter("gateway.quota.refused", "limit", "posts-in-flight").count()).isEqualTo(2);
    }
}
