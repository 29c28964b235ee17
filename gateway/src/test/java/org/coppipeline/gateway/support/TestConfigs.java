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
        GatewayConfig.Listing listing = proxy(GatewayConfig.Listing.class,
                Map.of("visibilityDelay", visibilityDelay, "defaultLimit", defaultLimit, "maxLimit", maxLimit));
        return config(maxBodyBytes, publish, listing, Duration.ofMinutes(5));
    }

    public static GatewayConfig withTokenCacheMaxAge(Duration maxAge) {
        return config(262144, proxy(GatewayConfig.Publish.class, Map.of("timeout", Duration.ofSeconds(10), "retryAfterSeconds", 5)),
                proxy(GatewayConfig.Listing.class, Map.of("visibilityDelay", Duration.ofSeconds(1), "defaultLimit", 50, "maxLimit", 500)),
                maxAge);
    }

    private static GatewayConfig config(int maxBodyBytes, GatewayConfig.Publish publish, GatewayConfig.Listing listing,
            Duration tokenCacheMaxAge) {
        GatewayConfig.Auth auth = proxy(GatewayConfig.Auth.class,
                Map.of("tokenCacheSize", 1024, "tokenCacheMaxAge", tokenCacheMaxAge));
        return proxy(GatewayConfig.class,
                Map.of("maxBodyBytes", maxBodyBytes, "publish", publish, "list", listing, "auth", auth));
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
