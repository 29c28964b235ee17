package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.coppipeline.gateway.support.TestConfigs;

class GatewayConfigTest {

    @Test
    void defaultsAreConsistent() {
        assertThatCode(() -> GatewayConfig.check(TestConfigs.defaults())).doesNotThrowAnyException();
    }

    @Test
    void nonPositivePublishTimeoutStopsTheStart() {
        assertThatThrownBy(() -> GatewayConfig.check(TestConfigs.config(262144, Duration.ZERO, Duration.ofSeconds(1), 50, 500)))
                .hasMessageContaining("gateway.publish.timeout");
    }

    @Test
    void negativeVisibilityDelayStopsTheStart() {
        assertThatThrownBy(() -> GatewayConfig.check(TestConfigs.config(262144, Duration.ofSeconds(1), Duration.ofSeconds(-1), 50, 500)))
                .hasMessageContaining("gateway.list.visibility-delay");
    }

    @Test
    void defaultLimitAboveMaxStopsTheStart() {
        assertThatThrownBy(() -> GatewayConfig.check(TestConfigs.config(262144, Duration.ofSeconds(1), Duration.ZERO, 600, 500)))
                .hasMessageContaining("gateway.list.default-limit");
    }

    @Test
    void aHospitalQuotaBelowOneStopsTheStart() {
        assertThatThrownBy(() -> GatewayConfig.check(TestConfigs.withHospitalQuota("h-1", TestConfigs.hospitalQuota(0, null, null))))
                .hasMessageContaining("gateway.quota.hospital.\"h-1\"");
        assertThatCode(() -> GatewayConfig.check(TestConfigs.withHospitalQuota("h-1", TestConfigs.hospitalQuota(5, 10, 1))))
                .doesNotThrowAnyException();
    }

    @Test
    void negativeTokenCacheAgeStopsTheStart() {
        assertThatThrownBy(() -> GatewayConfig.check(TestConfigs.withTokenCacheMaxAge(Duration.ofSeconds(-1))))
                .hasMessageContaining("gateway.auth.token-cache-max-age");
        assertThatCode(() -> GatewayConfig.check(TestConfigs.withTokenCacheMaxAge(Duration.ZERO))).doesNotThrowAnyException();
    }
}
