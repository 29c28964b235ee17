package org.coppipeline.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DashboardSettingsTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void connectSrcAllowsTheIssuerAndTheTokenEndpointAndNothingElse() throws Exception {
        DashboardSettings settings = DashboardSettings.of(Optional.of("https://login.hospital.example:8443/realms/wards/"),
                "cop-dashboard", List.of("openid", "profile"), Optional.of("https://login.hospital.example:8443/auth"),
                Optional.of("https://tokens.hospital.example/token"), FIVE_SECONDS);

        assertThat(settings.contentSecurityPolicy())
                .startsWith("default-src 'self'; script-src 'self'; style-src 'self';")
                .contains("connect-src 'self' https://login.hospital.example:8443 https://tokens.hospital.example;")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        JsonNode config = new ObjectMapper().readTree(settings.configJson());
        assertThat(config.get("issuer").asText()).isEqualTo("https://login.hospital.example:8443/realms/wards/");
        assertThat(config.get("scopes").asText()).isEqualTo("openid profile");
        assertThat(config.get("tokenEndpoint").asText()).isEqualTo("https://tokens.hospital.example/token");
        assertThat(config.get("pollIntervalSeconds").asInt()).isEqualTo(5);
    }

    @Test
    void withoutAnIssuerThePageTalksOnlyToItsOwnOrigin() throws Exception {
        DashboardSettings settings = DashboardSettings.of(Optional.empty(), "cop-dashboard", List.of("openid"), Optional.empty(),
                Optional.empty(), FIVE_SECONDS);
        assertThat(settings.contentSecurityPolicy()).contains("connect-src 'self';");
        assertThat(new ObjectMapper().readTree(settings.configJson()).get("issuer").isNull()).isTrue();
    }

    @Test
    void plainHttpOnlyOnLoopback() {
        assertThat(DashboardSettings.of(Optional.of("http://127.0.0.1:8084"), "c", List.of("openid"), Optional.empty(),
                Optional.empty(), FIVE_SECONDS).contentSecurityPolicy()).contains("connect-src 'self' http://127.0.0.1:8084;");
        assertThat(DashboardSettings.of(Optional.of("http://localhost:8084"), "c", List.of("openid"), Optional.empty(),
                Optional.empty(), FIVE_SECONDS).contentSecurityPolicy()).contains("http://localhost:8084");
        for (String issuer : List.of("http://idp.hospital.example", "http://10.0.0.5:8080", "http://127.0.0.1.evil.example")) {
            assertThatThrownBy(() -> DashboardSettings.of(Optional.of(issuer), "c", List.of("openid"), Optional.empty(),
                    Optional.empty(), FIVE_SECONDS)).hasMessageContaining("gateway.dashboard.oidc.issuer must use https");
        }
    }

    @Test
    void mistakesNameTheProperty() {
        assertThatThrownBy(() -> DashboardSettings.of(Optional.of("https://idp.example/?x=1"), "c", List.of("openid"),
                Optional.empty(), Optional.empty(), FIVE_SECONDS)).hasMessageContaining("gateway.dashboard.oidc.issuer");
        assertThatThrownBy(() -> DashboardSettings.of(Optional.of("/realms/x"), "c", List.of("openid"),
                Optional.empty(), Optional.empty(), FIVE_SECONDS)).hasMessageContaining("absolute URL");
        assertThatThrownBy(() -> DashboardSettings.of(Optional.of("https://idp.example"), "c", List.of("openid"),
                Optional.empty(), Optional.of("ftp://idp.example/token"), FIVE_SECONDS))
                .hasMessageContaining("gateway.dashboard.oidc.token-endpoint");
        assertThatThrownBy(() -> DashboardSettings.of(Optional.empty(), "c", List.of("openid"),
                Optional.empty(), Optional.of("https://idp.example/token"), FIVE_SECONDS)).hasMessageContaining("issuer is required");
        assertThatThrownBy(() -> DashboardSettings.of(Optional.of("https://idp.example"), "c", List.of("open id\""),
                Optional.empty(), Optional.empty(), FIVE_SECONDS)).hasMessageContaining("gateway.dashboard.oidc.scopes");
        assertThatThrownBy(() -> DashboardSettings.of(Optional.of("https://idp.example"), "has space", List.of("openid"),
                Optional.empty(), Optional.empty(), FIVE_SECONDS)).hasMessageContaining("client-id");
        assertThatThrownBy(() -> DashboardSettings.of(Optional.of("https://idp.example"), "c", List.of("openid"),
                Optional.empty(), Optional.empty(), Duration.ofMillis(100))).hasMessageContaining("poll-interval");
    }
}
