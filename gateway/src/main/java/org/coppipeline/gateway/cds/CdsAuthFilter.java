package org.coppipeline.gateway.cds;

import java.net.URI;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every call of /cds-services*, discovery included, carries the CDS client's JWT (CONTRACT 7): verified here before
 * the resource runs (only application-scoped beans are injected: a provider is built before the configuration
 * mappings exist), against the URL the client called ({@code gateway.cds.public-base-url} + path when configured,
 * else the request's own URL). The API's own bearer tokens (mp.jwt.*) play no part on these paths.
 */
@Provider
@CdsAuthenticated
@Priority(Priorities.AUTHENTICATION)
public class CdsAuthFilter implements ContainerRequestFilter {

    @Inject
    CdsClientVerifier verifier;

    @Inject
    CdsCaller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        long started = System.nanoTime();
        URI called = request.getUriInfo().getRequestUri();
        String url = calledUrl(verifier.publicBaseUrl(), called);
        caller.set(verifier.verify(request.getHeaderString(HttpHeaders.AUTHORIZATION), url), started);
    }

    /** The called URL without query: the configured public base (if any) and the request's path. */
    static String calledUrl(Optional<URI> publicBase, URI called) {
        String path = called.getRawPath();
        if (publicBase.isPresent()) {
            String base = publicBase.get().toString();
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        }
        return called.getScheme() + "://" + called.getRawAuthority() + path;
    }
}
