package org.coppipeline.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * CONTRACT 1.1: every answer of the API carries {@code Cache-Control: no-store}, those with case data (view, list,
 * history, audit) and the problems alike, whoever writes them (the resources, the security layer, the 413 guard): no
 * shared or browser cache keeps a copy of protected health information. ETag and If-None-Match keep working: a client
 * that keeps a view itself revalidates it.
 */
@ApplicationScoped
public class NoStore {

    /** Before the body-size guard (which answers 413 itself), so that its answers carry the header too. */
    static final int ORDER = Integer.MIN_VALUE;

    void install(@Observes Router router) {
        router.route("/api/*").order(ORDER).handler(ctx -> {
            ctx.addHeadersEndHandler(done -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-store"));
            ctx.next();
        });
    }
}
