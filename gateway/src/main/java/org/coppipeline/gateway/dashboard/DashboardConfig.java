package org.coppipeline.gateway.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The clinician dashboard (/dashboard/, CONTRACT 8): the hospital's OpenID Connect provider the page signs in with,
 * and how often it polls. Served to the page as /dashboard/config.json; checked at start by {@link DashboardSettings}.
 */
@ConfigMapping(prefix = "gateway.dashboard")
public interface DashboardConfig {

    Oidc oidc();

    /** How often the page asks the API for new and changed cases (and re-checks an open case with its ETag). */
    @WithDefault("PT5S")
    Duration pollInterval();

    interface Oidc {
        /**
         * The provider's issuer URL (https, or http on a loopback address). Without it the page says that sign-in
         * is not configured and calls no API.
         */
        Optional<String> issuer();

        /** The public client registered for the dashboard at the provider (no secret: PKCE protects the code). */
        @WithDefault("cop-dashboard")
        String clientId();

        @WithDefault("openid")
        List<String> scopes();

        /** Taken from the issuer's discovery document when not set. */
        Optional<String> authorizationEndpoint();

        /** Taken from the issuer's discovery document when not set; its origin is allowed in the page's connect-src. */
        Optional<String> tokenEndpoint();
    }
}
