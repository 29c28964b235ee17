package org.coppipeline.gateway.quota;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.api.ProblemException;

/**
 * Per-hospital quotas (CONTRACT 1.1): a request rate (token bucket: {@code requests-per-second}, bursts of
 * {@code burst}) over every endpoint, and a number of POSTs handled at once. A hospital beyond either gets 429 with
 * Retry-After; the others are not affected, as nothing here is shared between hospitals. Checked after the token (a
 * quota belongs to the token's hospital) and before any database or Kafka work. Metrics carry no hospital id.
 */
@ApplicationScoped
public class HospitalQuotas {

    private static final long SECOND = 1_000_000_000L;

    private final GatewayConfig.Quota config;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Hospital> hospitals = new ConcurrentHashMap<>();
    private final Counter rateRefusals;
    private final Counter postRefusals;

    @Inject
    public HospitalQuotas(GatewayConfig config, MeterRegistry meters) {
        this(config.quota(), System::nanoTime, meters);
    }

    HospitalQuotas(GatewayConfig.Quota config, LongSupplier nanoTime, MeterRegistry meters) {
        this.config = config;
        this.nanoTime = nanoTime;
        this.rateRefusals = meters.counter("gateway.quota.refused", "limit", "rate");
        this.postRefusals = meters.counter("gateway.quota.refused", "limit", "posts-in-flight");
    }

    /** Takes one request from the hospital's bucket; 429 when it is empty. */
    public void admit(String hospitalId) {
        long wait = hospital(hospitalId).take(nanoTime.getAsLong());
        if (wait > 0) {
            rateRefusals.increment();
            throw ProblemException.tooManyRequests("This hospital's request rate is used up; retry after Retry-After seconds.",
                    Math.max(1, (wait + SECOND - 1) / SECOND));
        }
    }

    /** A slot for one POST of the hospital, held until closed; 429 when all its slots are taken. */
    public Slot post(String hospitalId) {
        Semaphore posts = hospital(hospitalId).posts;
        if (!posts.tryAcquire()) {
            postRefusals.increment();
            // A POST holds its slot at most about gateway.publish.timeout; a second is a fair first pause.
            throw ProblemException.tooManyRequests("This hospital has too many events in flight; retry after Retry-After seconds.", 1);
        }
        return posts::release;
    }

    /** A held POST slot. */
    @FunctionalInterface
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private Hospital hospital(String hospitalId) {
        return hospitals.computeIfAbsent(hospitalId, id -> {
            GatewayConfig.HospitalQuota own = config.hospital().get(id);
            int rate = own != null && own.requestsPerSecond().isPresent() ? own.requestsPerSecond().getAsInt() : config.requestsPerSecond();
            int burst = own != null && own.burst().isPresent() ? own.burst().getAsInt() : config.burst();
            int posts = own != null && own.postsInFlight().isPresent() ? own.postsInFlight().getAsInt() : config.postsInFlight();
            return new Hospital(rate, burst, posts, nanoTime.getAsLong());
        });
    }

    /** One hospital's bucket and POST slots. */
    private static final class Hospital {
        final double perNano;
        final double burst;
        final Semaphore posts;
        double tokens;
        long refilledAt;

        Hospital(int rate, int burst, int posts, long now) {
            this.perNano = rate / (double) SECOND;
            this.burst = burst;
            this.posts = new Semaphore(posts);
            this.tokens = burst;
            this.refilledAt = now;
        }

        /** 0 when a token was taken, else the nanoseconds until one is there. */
        synchronized long take(long now) {
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
                refilledAt = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }
}
