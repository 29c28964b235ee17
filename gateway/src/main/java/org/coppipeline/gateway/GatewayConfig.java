package org.coppipeline.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tunables of the gateway. Invalid values stop the start (Hibernate Validator on the mapping, checks in {@link #check}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** CONTRACT 1: bodies over 256 KiB are refused with 413. */
    @WithDefault("262144")
    @Min(1024)
    @Max(1048576)
    int maxBodyBytes();

    Publish publish();

    Listing list();

    Auth auth();

    Quota quota();

    Audit audit();

    /**
     * CONTRACT 1.1: what one hospital may ask at once, so that it never exhausts the database pool or the Kafka producer
     * for the others. Beyond it: 429 with Retry-After, for that hospital only.
     */
    interface Quota {
        /** Requests per second of one hospital, every endpoint together (a token bucket refilled at this rate). */
        @WithDefault("200")
        @Min(1)
        @Max(1000000)
        int requestsPerSecond();

        /** The bucket's size: how many requests a hospital may send at once after a quiet spell. */
        @WithDefault("400")
        @Min(1)
        @Max(10000000)
        int burst();

        /** POSTs of one hospital handled at the same time (each may wait up to gateway.publish.timeout for Kafka). */
        @WithDefault("16")
        @Min(1)
        @Max(100000)
        int postsInFlight();

        /** Values for one hospital, replacing the defaults above: {@code gateway.quota.hospital."h-1".burst=50}. */
        Map<String, HospitalQuota> hospital();
    }

    interface HospitalQuota {
        OptionalInt requestsPerSecond();

        OptionalInt burst();

        OptionalInt postsInFlight();
    }

    interface Audit {
        /** Limit of GET /api/v1/audit-events when none is given, and the most it accepts (CONTRACT 1.1: 50, 1..500). */
        @WithDefault("50")
        @Min(1)
        int defaultLimit();

        @WithDefault("500")
        @Min(1)
        int maxLimit();
    }

    interface Auth {
        /**
         * How many verified bearer tokens are kept, so that a client sending the same token again (a platform
         * posting, a dashboard polling) skips the RS256 signature check; 0 verifies every request. An entry is
         * the token's exact text, so only the very bytes that passed verification ever hit, and it leaves the
         * cache when the token expires (or after {@link #tokenCacheMaxAge()}, whichever comes first).
         */
        @WithDefault("1024")
        @Min(0)
        @Max(1000000)
        int tokenCacheSize();

        /** Longest time a verified token is trusted without checking its signature again. */
        @WithDefault("PT5M")
        Duration tokenCacheMaxAge();
    }

    interface Publish {
        /** Upper bound on the wait for Kafka's acknowledgement of one event before answering 503. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Seconds sent in Retry-After with a 503. */
        @WithDefault("5")
        @Min(1)
        @Max(3600)
        int retryAfterSeconds();
    }

    interface Listing {
        /**
         * Rows updated within this delay before a list query are left for the next poll: a writer stamps
         * updated_at a moment before it commits, and a cursor must never step over a row that commits late.
         */
        @WithDefault("PT1S")
        Duration visibilityDelay();

        @WithDefault("50")
        @Min(1)
        int defaultLimit();

        @WithDefault("500")
        @Min(1)
        int maxLimit();

        /** Limit of a case's history page when none is given, and the most it accepts (CONTRACT 1.1: 50, 1..200). */
        @WithDefault("50")
        @Min(1)
        int historyDefaultLimit();

        @WithDefault("200")
        @Min(1)
        int historyMaxLimit();
    }

    /** Cross-field checks that constraints on single values cannot express. */
    static void check(GatewayConfig config) {
        if (config.publish().timeout().isNegative() || config.publish().timeout().isZero()) {
            throw new IllegalStateException("gateway.publish.timeout must be positive");
        }
        if (config.list().visibilityDelay().isNegative()) {
            throw new IllegalStateException("gateway.list.visibility-delay must not be negative");
        }
        if (config.auth().tokenCacheMaxAge().isNegative()) {
            throw new IllegalStateException("gateway.auth.token-cache-max-age must not be negative");
        }
        if (config.list().defaultLimit() > config.list().maxLimit()) {
            throw new IllegalStateException("gateway.list.default-limit must not exceed gateway.list.max-limit");
        }
        if (config.list().historyDefaultLimit() > config.list().historyMaxLimit()) {
            throw new IllegalStateException("gateway.list.history-default-limit must not exceed gateway.list.history-max-limit");
        }
        if (config.audit().defaultLimit() > config.audit().maxLimit()) {
            throw new IllegalStateException("gateway.audit.default-limit must not exceed gateway.audit.max-limit");
        }
        config.quota().hospital().forEach((hospital, quota) -> {
            for (OptionalInt value : new OptionalInt[] { quota.requestsPerSecond(), quota.burst(), quota.postsInFlight() }) {
                if (value.isPresent() && value.getAsInt() < 1) {
                    throw new IllegalStateException("gateway.quota.hospital.\"" + hospital + "\" values must be at least 1");
                }
            }
        });
    }
}
