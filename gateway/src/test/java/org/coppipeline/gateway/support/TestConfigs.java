package org.coppipeline.gateway.support;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

import org.coppipeline.gateway.GatewayConfig;

/**
 * GatewayConfig values for plain unit tests (no Quarkus). Dynamic proxies rather than classes: the mapping's
 * validation constraints would make any implementing class in the test index an interceptor target.
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static GatewayConfig config(int maxBodyBytes, Duration publishTimeout, Duration visibilityDelay, int defaultLimit,
            int maxLimit) {
        GatewayConfig.Publish publish = proxy(GatewayConfig.Publish.class,
                Map.of("timeout", publishTimeout, "retryAfterSeconds", 5));
        GatewayConfig.Listing listing = listing(visibilityDelay, defaultLimit, maxLimit);
        return config(maxBodyBytes, publish, listing, Duration.ofMinutes(5));
    }

    public static GatewayConfig withTokenCacheMaxAge(Duration maxAge) {
        return config(262144, proxy(GatewayConfig.Publish.class, Map.of("timeout", Duration.ofSeconds(10), "retryAfterSeconds", 5)),
                listing(Duration.ofSeconds(1), 50, 500), maxAge);
    }

    private static GatewayConfig.Listing listing(Duration visibilityDelay, int defaultLimit, int maxLimit) {
        return proxy(GatewayConfig.Listing.class, Map.of("visibilityDelay", visibilityDelay, "defaultLimit", defaultLimit,
                "maxLimit", maxLimit, "historyDefaultLimit", 50, "historyMaxLimit", 200));
    }

    /** Quota defaults of the contract (200/s, bursts of 400, 16 POSTs), with one hospital's own values if given. */
    public static GatewayConfig.Quota quota(Map<String, GatewayConfig.HospitalQuota> hospitals) {
        return proxy(GatewayConfig.Quota.class, Map.of("requestsPerSecond", 200, "burst", 400, "postsInFlight", 16,
                "hospital", hospitals));
    }

    public static GatewayConfig.HospitalQuota hospitalQuota(Integer requestsPerSecond, Integer burst, Integer postsInFlight) {
        return proxy(GatewayConfig.HospitalQuota.class, Map.of(
                "requestsPerSecond", optional(requestsPerSecond), "burst", optional(burst), "postsInFlight", optional(postsInFlight)));
    }

    private static java.util.OptionalInt optional(Integer value) {
        return value == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(value);
    }

    /** The defaults with one hospital's quota replaced (for the start-up checks). */
    public static GatewayConfig withHospitalQuota(String hospital, GatewayConfig.HospitalQuota quota) {
        return config(262144, proxy(GatewayConfig.Publish.class, Map.of("timeout", Duration.ofSeconds(10), "retryAfterSeconds", 5)),
                listing(Duration.ofSeconds(1), 50, 500), Duration.ofMinutes(5), quota(Map.of(hospital, quota)));
    }

    private static GatewayConfig config(int maxBodyBytes, GatewayConfig.Publish publish, GatewayConfig.Listing listing,
            Duration tokenCacheMaxAge) {
        return config(maxBodyBytes, publish, listing, tokenCacheMaxAge, quota(Map.of()));
    }

    private static GatewayConfig config(int maxBodyBytes, GatewayConfig.Publish publish, GatewayConfig.Listing listing,
            Duration tokenCacheMaxAge, GatewayConfig.Quota quota) {
        GatewayConfig.Auth auth = proxy(GatewayConfig.Auth.class,
                Map.of("tokenCacheSize", 1024, "tokenCacheMaxAge", tokenCacheMaxAge));
        GatewayConfig.Audit audit = proxy(GatewayConfig.Audit.class, Map.of("defaultLimit", 50, "maxLimit", 500));
        return proxy(GatewayConfig.class, Map.of("maxBodyBytes", maxBodyBytes, "publish", publish, "list", listing,
                "auth", auth, "quota", quota, "audit", audit));
    }

    public static GatewayConfig defaults() {
        return config(262144, Duration.ofSeconds(10), Duration.ofSeconds(1), 50, 500);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
