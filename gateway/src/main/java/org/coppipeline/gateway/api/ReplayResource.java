package org.coppipeline.gateway.api;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.quota.HospitalQuotas;
import org.coppipeline.gateway.replay.ReplayService;
import org.coppipeline.gateway.security.Tenant;

/**
 * CONTRACT 9: a case's event evaluated again under a named knowledge version, beside the live view, never in it. As
 * every read and write of case data (CONTRACT 1.1): counted against the hospital's request rate (429 beyond), in the
 * access audit (a request in its own transaction; a report before it is sent, and not sent when the entry cannot be
 * written), answered with Cache-Control: no-store (NoStore, for all of /api/).
 */
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
@APIResponse(responseCode = "429", description = "The hospital's request rate, or its bound of running replays and "
        + "impact runs, is used up; retry after Retry-After seconds",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The case store (or the access audit) is unavailable",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ReplayResource {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final ReplayService replays;
    private final Tenant tenant;
    private final HospitalQuotas quotas;
    private final AccessAudit audit;
    private final GatewayConfig config;

    public ReplayResource(ReplayService replays, Tenant tenant, HospitalQuotas quotas, AccessAudit audit,
            GatewayConfig config) {
        this.replays = replays;
        this.tenant = tenant;
        this.quotas = quotas;
        this.audit = audit;
        this.config = config;
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
    public Response request(@PathParam("caseId") String caseId, byte[] body) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        ReplayAccepted accepted = replays.requestReplay(hospitalId, caseId, body,
                AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.REQUEST_REPLAY, CaseResource.auditedId(caseId), null));
        return Response.accepted(accepted)
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, "/api/v1/cases/" + caseId + "/replays/" + accepted.replayId())
                .build();
    }

    @GET
    @Path("{replayId}")
    @Operation(summary = "A replay: its status, the stored and the replayed sections, and what changes between them")
    @APIResponse(responseCode = "200", description = "The replay",
            headers = @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayReport.class)))
    public Response replay(@PathParam("caseId") String caseId, @PathParam("replayId") String replayId) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        AuditEntry entry = AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.READ_REPLAY, CaseResource.auditedId(caseId),
                UUID_TEXT.matcher(replayId).matches() ? "replayId=" + replayId.toLowerCase(Locale.ROOT) : null);
        AtomicReference<UUID> event = new AtomicReference<>();
        return CaseResource.audited(audit, () -> event.get() == null ? entry : entry.withEvent(entry.caseId(), event.get()),
                () -> {
                    ReplayReport report = replays.replay(hospitalId, caseId, replayId)
                            .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No such replay."));
                    event.set(report.eventId());
                    return Response.ok(report, MediaType.APPLICATION_JSON).build();
                }, config.publish().retryAfterSeconds());
    }
}
