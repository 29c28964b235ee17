package org.coppipeline.gateway.cds;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for /cds-services* only, and only for the origins in {@code gateway.cds.cors-origins} (a browser-based EHR or
 * the CDS Hooks sandbox): an allowed origin gets its own origin back (never "*"), a preflight from it 204 without a
 * JWT (browsers send none), a preflight from any other origin 403. The rest of the gateway gets no CORS headers.
 */
@ApplicationScoped
public class CdsCors {

    static final String PATHS = "^/cds-services(/.*)?$";
    /** Before the REST layer's routes, so that a preflight never reaches the JWT check. */
    static final int ORDER = -100;

    private final Set<String> origins;

    public CdsCors(CdsConfig config) {
        this.origins = Set.copyOf(config.corsOrigins().orElse(List.of()));
    }

    void routes(@Observes Router router) {
        router.routeWithRegex(PATHS).order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext context) {
        String origin = context.request().getHeader("Origin");
        if (origin == null) {
            context.next();
            return;
        }
        boolean allowed = origins.contains(origin);
        var response = context.response();
        response.putHeader("Vary", "Origin");
        boolean preflight = context.request().method() == HttpMethod.OPTIONS
                && context.request().getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            if (!allowed) {
                response.setStatusCode(403).end();
                return;
            }
            response.putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204)
                    .end();
            return;
        }
        if (allowed) {
            response.putHeader("Access-Control-Allow-Origin", origin);
        }
        context.next();
    }
}
