package org.coppipeline.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import org.coppipeline.gateway.GatewayConfig;

/**
 * Answers 413 as problem+json from the Content-Length header alone, before any of the body is read, for every
 * size. Bodies without a length (chunked) are checked while read: by the resource up to the HTTP layer's cap
 * (quarkus.http.limits.max-body-size), and by Vert.x itself beyond it (a bare 413).
 */
@ApplicationScoped
public class BodySizeGuard {

    void install(@Observes Router router, GatewayConfig config, ObjectMapper mapper) {
        long max = config.maxBodyBytes();
        String problem;
        try {
            problem = mapper.writeValueAsString(new Problem(ProblemType.PAYLOAD_TOO_LARGE.uri(),
                    ProblemType.PAYLOAD_TOO_LARGE.title(), 413, "The body exceeds " + (max / 1024) + " KiB.", null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        router.route().order(NoStore.ORDER + 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && ctx.request().method() != HttpMethod.GET && tooLong(length, max)) {
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        // The unread body would otherwise have to be drained first.
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem);
                return;
            }
            ctx.next();
        });
    }

    private static boolean tooLong(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            // A malformed length is the HTTP layer's to refuse.
            return false;
        }
    }
}
