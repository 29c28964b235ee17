package org.coppipeline.gateway.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the gateway tells the dashboard page and its browser, worked out once at start from {@link DashboardConfig}:
 * the page's configuration (config.json) and its Content-Security-Policy. A misconfigured identity provider stops
 * the start with a message naming the property, rather than a page that fails at sign-in.
 */
public record DashboardSettings(String contentSecurityPolicy, String configJson) {

    /** Where the page lives, and so the redirect URI registered at the provider (with the gateway's origin). */
    public static final String PATH = "/dashboard/";
    /** RFC 6749 scope-token characters; a client id is printable ASCII. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static DashboardSettings of(DashboardConfig config) {
        DashboardConfig.Oidc oidc = config.oidc();
        return of(oidc.issuer(), oidc.clientId(), oidc.scopes(), oidc.authorizationEndpoint(), oidc.tokenEndpoint(),
                config.pollInterval());
    }

    public static DashboardSettings of(Optional<String> issuer, String clientId, List<String> scopes,
            Optional<String> authorizationEndpoint, Optional<String> tokenEndpoint, Duration pollInterval) {
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0 || pollInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalStateException("gateway.dashboard.poll-interval must be between 1 s and 10 min");
        }
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalStateException("gateway.dashboard.oidc.client-id must be 1..200 printable ASCII characters");
        }
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw new IllegalStateException("gateway.dashboard.oidc.scopes: '" + scope + "' is not an OAuth scope");
            }
        }
        Optional<URI> issuerUri = issuer.map(value -> endpoint("gateway.dashboard.oidc.issuer", value));
        Optional<URI> authorization = authorizationEndpoint.map(value -> endpoint("gateway.dashboard.oidc.authorization-endpoint", value));
        Optional<URI> token = tokenEndpoint.map(value -> endpoint("gateway.dashboard.oidc.token-endpoint", value));
        if (issuerUri.isEmpty() && (authorization.isPresent() || token.isPresent())) {
            throw new IllegalStateException("gateway.dashboard.oidc.issuer is required when an endpoint is configured");
        }

        // The page fetches the discovery document (on the issuer's origin) and the token endpoint: nothing else leaves 'self'.
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        issuerUri.ifPresent(uri -> connect.add(origin(uri)));
        token.ifPresent(uri -> connect.add(origin(uri)));
        String csp = String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'",
                "connect-src " + String.join(" ", connect),
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");

        Map<String, Object> page = new LinkedHashMap<>();
        page.put("issuer", issuer.map(String::trim).orElse(null));
        page.put("clientId", clientId);
        page.put("scopes", String.join(" ", scopes));
        page.put("authorizationEndpoint", authorizationEndpoint.orElse(null));
        page.put("tokenEndpoint", tokenEndpoint.orElse(null));
        page.put("redirectPath", PATH);
        page.put("pollIntervalSeconds", pollInterval.toSeconds());
        try {
            return new DashboardSettings(csp, JSON.writeValueAsString(page));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard configuration", e);
        }
    }

    /**
     * An absolute https URL, or http on a loopback address (a development provider on this machine): a token
     * requested over plain http from anywhere else could be read on the way.
     */
    static URI endpoint(String property, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(property + " is not a URL: " + e.getMessage());
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalStateException(property + " must be an absolute URL with a host and no user, query or fragment");
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback(uri.getHost()))) {
            throw new IllegalStateException(property + " must use https (http only on a loopback address)");
        }
        return uri;
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Literal addresses only: a name is never looked up here.
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** scheme://host[:port], as a CSP source expression matches it. */
    static String origin(URI uri) {
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
