package org.coppipeline.gateway.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.coppipeline.gateway.replay.ReplayService;
import org.coppipeline.gateway.security.Tenant;

/** CONTRACT 9: a case's event evaluated again under a named knowledge version, beside the live view, never in it. */
@Path("/api/v1/cases/{caseId}/replays")
@RolesAllowed(CaseResource.VIEWER)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Tag(name = "replay", description = "Re-evaluate cases under another knowledge version (CONTRACT 9)")
@SecurityRequirement(name = GatewayApi.BEARER)
@APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Not a case-viewer, or the token names no hospital",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "No such case (or replay) for the caller's hospital",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The case store is unavailable",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ReplayResource {

    private final ReplayService replays;
    private final Tenant tenant;

    public ReplayResource(ReplayService replays, Tenant tenant) {
        this.replays = replays;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay a case's event under a knowledge version",
            description = "Queues the case's current event (or the named one) for the three stages under the given knowledge "
                    + "version. The replay's records never change the case view, its history or its ETag. Replays run at a "
                    + "lower priority than live events and are bounded per hospital.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = "knowledgeVersion",
            description = "`{\"knowledgeVersion\": \"cop-knowledge-v1\", \"eventId\": \"...\"}`; eventId defaults to the "
                    + "case's current event")))
    @APIResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = HttpHeaders.LOCATION, description = "/api/v1/cases/{caseId}/replays/{replayId}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayAccepted.class)))
    @APIResponse(responseCode = "400", description = "An unknown knowledge version, an event not of this case, or another "
            + "invalid field; `errors` has a JSON Pointer per invalid field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The hospital's running replays and impact runs are at their bound",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response request(@PathParam("caseId") String caseId, byte[] body) {
        ReplayAccepted accepted = replays.requestReplay(tenant.hospitalId(), caseId, body);
        return Response.accepted(accepted)
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, "/api/v1/cases/" + caseId + "/replays/" + accepted.replayId())
                .cacheControl(noStore())
                .build();
    }

    @GET
    @Path("{replayId}")
    @Operation(summary = "A replay: its status, the stored and the replayed sections, and what changes between them")
    @APIResponse(responseCode = "200", description = "The replay",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayReport.class)))
    public Response replay(@PathParam("caseId") String caseId, @PathParam("replayId") String replayId) {
        ReplayReport report = replays.replay(tenant.hospitalId(), caseId, replayId)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No such replay."));
        return Response.ok(report, MediaType.APPLICATION_JSON).cacheControl(noStore()).build();
    }

    /** Responses that carry case data are never stored by a cache (CONTRACT 1.1). */
    static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        cache.setNoTransform(false);
        return cache;
    }
}
