package org.coppipeline.gateway;

import java.time.Duration;

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
    }
}
