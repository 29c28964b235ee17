package org.coppipeline.gateway.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * The dashboard's HTTP face: the static page under META-INF/resources/dashboard/ is served by Quarkus; these routes
 * put the security headers on every answer under /dashboard/ (page, scripts, styles, config, not-found) and serve
 * config.json. They sit before Quarkus's own handlers and hold no case data: the page reads cases through the API.
 */
@ApplicationScoped
public class DashboardRoutes {

    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    static final String REFERRER_POLICY = "Referrer-Policy";

    void install(@Observes Router router, DashboardConfig config) {
        DashboardSettings settings = DashboardSettings.of(config);

        // A regex: a plain "/dashboard" route would also match "/dashboard/" (Vert.x ignores a trailing slash).
        router.routeWithRegex("^/dashboard$").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(ctx -> ctx.response()
                .setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, DashboardSettings.PATH)
                .end());

        router.route("/dashboard/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(ctx -> {
            ctx.response().headers()
                    .set(CONTENT_SECURITY_POLICY, settings.contentSecurityPolicy())
                    .set(CONTENT_TYPE_OPTIONS, "nosniff")
                    .set(REFERRER_POLICY, "no-referrer")
                    // The page and its scripts are revalidated on each load, so a new version is never mixed with an old one.
                    .set(HttpHeaders.CACHE_CONTROL, "no-cache");
            ctx.next();
        });

        router.route(HttpMethod.GET, "/dashboard/config.json").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1)
                .handler(ctx -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .end(settings.configJson()));
    }
}
