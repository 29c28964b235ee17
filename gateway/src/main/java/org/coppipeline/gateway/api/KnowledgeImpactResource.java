package org.coppipeline.gateway.api;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
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
 * CONTRACT 9: what moving between two knowledge versions would change for the caller's hospital's cases. As every read
 * and write of case data (CONTRACT 1.1): counted against the hospital's request rate, in the access audit, answered
 * with Cache-Control: no-store (see ReplayResource).
 */
@Path("/api/v1/knowledge-impact")
@RolesAllowed(CaseResource.VIEWER)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Tag(name = "replay", description = "Re-evaluate cases under another knowledge version (CONTRACT 9)")
@SecurityRequirement(name = GatewayApi.BEARER)
@APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Not a case-viewer, or the token names no hospital",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "429", description = "The hospital's request rate, or its bound of running replays and "
        + "impact runs, is used up; retry after Retry-After seconds",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The case store (or the access audit) is unavailable",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class KnowledgeImpactResource {

    private static final Set<String> PARAMETERS = Set.of("limit", "cursor");

    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final ReplayService replays;
    private final Tenant tenant;
    private final GatewayConfig config;
    private final HospitalQuotas quotas;
    private final AccessAudit audit;

    public KnowledgeImpactResource(ReplayService replays, Tenant tenant, GatewayConfig config, HospitalQuotas quotas,
            AccessAudit audit) {
        this.replays = replays;
        this.tenant = tenant;
        this.config = config;
        this.quotas = quotas;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay every case of the caller's hospital under two knowledge versions",
            description = "Each case's current event (of every case, or of those updated after updatedAfter) is replayed "
                    + "under `from` and under `to`, in the background at a bounded pace; the report counts the cases whose "
                    + "outcome differs. Counts once towards the hospital's bound of running replays.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = { "from", "to" },
            description = "`{\"from\": \"cop-knowledge-v1\", \"to\": \"cop-knowledge-v2\", \"updatedAfter\": "
                    + "\"2026-11-01T00:00:00Z\"}`")))
    @APIResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = HttpHeaders.LOCATION, description = "/api/v1/knowledge-impact/{impactId}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImpactAccepted.class)))
    @APIResponse(responseCode = "400", description = "An unknown knowledge version, the same version twice, a bad date, "
            + "or more cases than one run may replay; `errors` names each field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response request(byte[] body) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        ImpactAccepted accepted = replays.requestImpact(hospitalId, body,
                AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.REQUEST_IMPACT, null, null));
        return Response.accepted(accepted)
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, "/api/v1/knowledge-impact/" + accepted.impactId())
                .build();
    }

    @GET
    @Path("{impactId}")
    @Operation(summary = "A knowledge-impact run: status, counts, and the cases whose outcome differs (paged)")
    @Parameters({
            @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Items per page, 1..500, default 50",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "nextCursor of a previous page (opaque)",
                    schema = @Schema(type = SchemaType.STRING))
    })
    @APIResponse(responseCode = "200", description = "The run",
            headers = @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImpactReport.class)))
    @APIResponse(responseCode = "400", description = "An invalid or unknown query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such run for the caller's hospital",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response impact(@PathParam("impactId") String impactId, @Context UriInfo uri) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        QueryParameters query = new QueryParameters(uri.getQueryParameters(), PARAMETERS);
        String run = UUID_TEXT.matcher(impactId).matches() ? "impactId=" + impactId.toLowerCase(Locale.ROOT) : null;
        return CaseResource.audited(audit, () -> {
            String parameters = query.audited();
            String audited = run == null ? parameters : parameters == null ? run : run + "&" + parameters;
            return AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.READ_IMPACT, null, audited);
        }, () -> {
            int limit = query.limit(config.list().defaultLimit(), config.list().maxLimit());
            query.throwIfInvalid();
            String cursor = query.value("cursor");
            ImpactReport report = replays.impact(hospitalId, impactId, cursor, limit)
                    .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No such knowledge-impact run."));
            // Checked by the service (a cursor of this run), so valid for the audit now.
            query.valid("cursor", cursor);
            return Response.ok(report, MediaType.APPLICATION_JSON).build();
        }, config.publish().retryAfterSeconds());
    }
}
