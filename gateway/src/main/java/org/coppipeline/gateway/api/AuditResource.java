package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AccessAudit.AuditFilter;
import org.coppipeline.gateway.audit.AccessAudit.AuditPosition;
import org.coppipeline.gateway.audit.AccessAudit.AuditRow;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.query.Cursor;
import org.coppipeline.gateway.quota.HospitalQuotas;
import org.coppipeline.gateway.security.Tenant;

/**
 * GET /api/v1/audit-events (CONTRACT 1.1): the access audit of the caller's hospital, for its auditors. Reading it is
 * itself an entry of the audit.
 */
@Path("/api/v1/audit-events")
@RolesAllowed(AuditResource.AUDITOR)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Tag(name = "access audit", description = "Who read or wrote which case, for a hospital's privacy office")
@SecurityRequirement(name = GatewayApi.BEARER)
public class AuditResource {

    public static final String AUDITOR = "case-auditor";
    private static final Set<String> PARAMETERS = Set.of("caseId", "actor", "after", "limit", "cursor");

    private final AccessAudit audit;
    private final Tenant tenant;
    private final HospitalQuotas quotas;
    private final GatewayConfig config;

    public AuditResource(AccessAudit audit, Tenant tenant, HospitalQuotas quotas, GatewayConfig config) {
        this.audit = audit;
        this.tenant = tenant;
        this.quotas = quotas;
        this.config = config;
    }

    @GET
    @Operation(summary = "The access audit of the caller's hospital, oldest first",
            description = "Every read and write of case data: when, who (the token's sub), what, which case or query, and the "
                    + "HTTP status. Keyset pagination: pass nextCursor as cursor to continue; entries of the last second are "
                    + "left for the next read, so a reader resuming from its cursor misses none. Answers carry "
                    + "Cache-Control: no-store.")
    @Parameters({
            @Parameter(name = "caseId", in = ParameterIn.QUERY, description = "Only entries of this case",
                    schema = @Schema(type = SchemaType.STRING, pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")),
            @Parameter(name = "actor", in = ParameterIn.QUERY, description = "Only entries of this caller (a token's sub)",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 256)),
            @Parameter(name = "after", in = ParameterIn.QUERY, description = "RFC 3339 instant between 0001-01-01 and 9999-12-31; "
                    + "only entries after it", schema = @Schema(type = SchemaType.STRING, format = "date-time")),
            @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..500, default 50",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "nextCursor of a previous page (opaque)",
                    schema = @Schema(type = SchemaType.STRING))
    })
    @APIResponse(responseCode = "200", description = "One page",
            headers = @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", description = "An invalid or unknown query parameter; `errors` names each",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a case-auditor, or the token names no hospital",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The hospital's request rate is used up; retry after Retry-After seconds",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The store is unavailable",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(@Context UriInfo uri) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        QueryParameters query = new QueryParameters(uri.getQueryParameters(), PARAMETERS);
        int retryAfter = config.publish().retryAfterSeconds();
        return CaseResource.audited(audit, () -> AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.READ_AUDIT, null,
                query.audited()), () -> {
            String caseId = query.text("caseId", id -> CaseResource.ID.matcher(id).matches(), "not a case id");
            String actor = query.text("actor", a -> !a.isEmpty() && a.length() <= 256 && a.indexOf('\u0000') < 0,
                    "not a token subject (1..256 characters)");
            Instant after = query.instant("after");
            int limit = query.limit(config.audit().defaultLimit(), config.audit().maxLimit());
            AuditPosition from = query.cursor(cursor -> Cursor.decodeAudit(cursor, hospitalId),
                    "not a cursor issued for this hospital's audit");
            query.throwIfInvalid();
            AuditFilter filter = new AuditFilter(caseId, actor, after);
            List<AuditRow> rows = CaseResource.read(() -> audit.read(hospitalId, filter, from, limit + 1,
                    config.list().visibilityDelay()), retryAfter);
            Paged<AuditRow> page = Paged.of(rows, limit, query.value("cursor"),
                    last -> Cursor.encodeAudit(new AuditPosition(last.at(), last.id()), hospitalId));
            List<AuditEvent> items = page.items().stream()
                    .map(r -> new AuditEvent(r.at(), r.actor(), r.hospitalId(), r.action(), r.caseId(), r.eventId(), r.query(),
                            r.outcome()))
                    .toList();
            return Response.ok(new AuditPage(items, page.nextCursor(), page.hasMore()), MediaType.APPLICATION_JSON).build();
        }, retryAfter);
    }
}
