package org.coppipeline.gateway.api;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure into an RFC 9457 answer, so no body, token or path ever ends in a bare 500.
 * Log lines name the kind of error only: exception messages of parsers and drivers can quote request values (PHI).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        if (e.type().status() >= 500) {
            LOG.warnf("answered %d %s", e.type().status(), e.type().name());
        } else {
            LOG.debugf("answered %d %s", e.type().status(), e.type().name());
        }
        Response.ResponseBuilder answer = respond(e.toProblem());
        e.headers().forEach(answer::header);
        return answer.build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e) {
        LOG.debugf("answered 401 (%s)", e.getClass().getSimpleName());
        return respond(problem(ProblemType.UNAUTHENTICATED, "A valid bearer token is required."))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        LOG.debug("answered 403 (role)");
        return respond(problem(ProblemType.FORBIDDEN, "The token's roles do not allow this operation.")).build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        LOG.debugf("answered %d (%s)", status, e.getClass().getSimpleName());
        Response.ResponseBuilder answer = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type.uri(), type == ProblemType.HTTP ? ProblemType.reason(status) : type.title(),
                        status, ProblemType.reason(status), null));
        if (e.getResponse() != null && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        // The kind of error and an incident id only: the message may quote a request value.
        LOG.errorf("unexpected %s, incident %s", e.getClass().getName(), incident);
        return respond(problem(ProblemType.INTERNAL, "Unexpected error; incident " + incident + ".")).build();
    }

    static Problem problem(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null);
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
