package org.coppipeline.gateway.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
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
import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.query.Cursor;
import org.coppipeline.gateway.security.Tenant;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.HistoryRow;
import org.coppipeline.gateway.store.Records.ListFilter;
import org.coppipeline.gateway.store.Records.Position;
import org.coppipeline.gateway.store.Records.SummaryRow;
import org.coppipeline.gateway.store.Records.ViewRow;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.store.StoreUnavailableException;

/** What a dashboard reads. Only the caller's hospital exists: another hospital's case is answered like a missing one. */
@Path("/api/v1/cases")
@RolesAllowed(CaseResource.VIEWER)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Tag(name = "cases", description = "What a dashboard reads")
@SecurityRequirement(name = GatewayApi.BEARER)
@APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Not a case-viewer, or the token names no hospital",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The case store is unavailable",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class CaseResource {

    public static final String VIEWER = "case-viewer";
    private static final Logger LOG = Logger.getLogger(CaseResource.class);

    static final Set<String> CONCLUSIONS = Set.of("op-unlikely", "suspected-op", "workup-incomplete", "secondary-op",
            "cop-probable", "cop-confirmed");
    static final Set<String> RECOMMENDATIONS = Set.of("no-op-treatment", "complete-workup", "treat-underlying-cause",
            "observe", "oral-glucocorticoid", "iv-glucocorticoid", "relapse-regimen");
    private static final Set<String> LIST_PARAMETERS = Set.of("conclusion", "recommendation", "stage", "updatedAfter",
            "limit", "cursor");
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    private final CaseStore store;
    private final Tenant tenant;
    private final GatewayConfig config;

    public CaseResource(CaseStore store, Tenant tenant, GatewayConfig config) {
        this.store = store;
        this.tenant = tenant;
        this.config = config;
    }

    @GET
    @Operation(summary = "List the caller's cases, oldest update first",
            description = "Keyset pagination: pass nextCursor as cursor to continue; a poller keeps the last nextCursor and "
                    + "resumes from it later, missing nothing. Cases updated within the last second are left for the next poll.")
    @Parameters({
            @Parameter(name = "conclusion", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "op-unlikely", "suspected-op", "workup-incomplete", "secondary-op", "cop-probable", "cop-confirmed" })),
            @Parameter(name = "recommendation", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "no-op-treatment", "complete-workup", "treat-underlying-cause", "observe", "oral-glucocorticoid",
                    "iv-glucocorticoid", "relapse-regimen" })),
            @Parameter(name = "stage", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "received", "scored", "assessed", "planned" })),
            @Parameter(name = "updatedAfter", in = ParameterIn.QUERY, description = "RFC 3339 instant; only cases updated after it",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")),
            @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..500, default 50",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "nextCursor of a previous page (opaque)",
                    schema = @Schema(type = SchemaType.STRING))
    })
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CasePage.class)))
    @APIResponse(responseCode = "400", description = "An invalid or unknown query parameter; `errors` names each",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(@Context UriInfo uri) {
        String hospitalId = tenant.hospitalId();
        ListRequest request = listRequest(hospitalId, uri.getQueryParameters());
        int limit = request.limit();
        List<SummaryRow> rows = unavailableAs503(() -> store.list(hospitalId, request.filter(), request.after(), limit + 1,
                config.list().visibilityDelay()));
        boolean hasMore = rows.size() > limit;
        List<SummaryRow> page = hasMore ? rows.subList(0, limit) : rows;
        String nextCursor = request.cursor();
        if (!page.isEmpty()) {
            SummaryRow last = page.get(page.size() - 1);
            nextCursor = Cursor.encode(new Position(last.updatedAt(), last.hospitalId(), last.caseId()));
        }
        List<CaseSummary> items = page.stream()
                .map(r -> new CaseSummary(r.caseId(), r.hospitalId(), r.eventId(), r.occurredAt(), r.updatedAt(), r.stage(),
                        r.conclusion(), r.recommendation(), r.suspicion(), r.severity()))
                .toList();
        return Response.ok(new CasePage(items, nextCursor, hasMore), MediaType.APPLICATION_JSON).build();
    }

    /** Reads and checks every query parameter, naming each invalid one in a single 400. */
    private ListRequest listRequest(String hospitalId, MultivaluedMap<String, String> query) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!LIST_PARAMETERS.contains(parameter.getKey())) {
                errors.add(FieldError.parameter(parameter.getKey(), "unknown query parameter"));
            } else if (parameter.getValue().size() > 1) {
                errors.add(FieldError.parameter(parameter.getKey(), "given more than once"));
            }
        }
        String conclusion = query.getFirst("conclusion");
        if (conclusion != null && !CONCLUSIONS.contains(conclusion)) {
            errors.add(FieldError.parameter("conclusion", "not one of " + sorted(CONCLUSIONS)));
        }
        String recommendation = query.getFirst("recommendation");
        if (recommendation != null && !RECOMMENDATIONS.contains(recommendation)) {
            errors.add(FieldError.parameter("recommendation", "not one of " + sorted(RECOMMENDATIONS)));
        }
        Stage stage = null;
        String stageValue = query.getFirst("stage");
        if (stageValue != null) {
            stage = Stage.of(stageValue).orElse(null);
            if (stage == null) {
                errors.add(FieldError.parameter("stage", "not one of [assessed, planned, received, scored]"));
            }
        }
        Instant updatedAfter = null;
        String updatedAfterValue = query.getFirst("updatedAfter");
        if (updatedAfterValue != null) {
            try {
                updatedAfter = OffsetDateTime.parse(updatedAfterValue, RFC_3339).toInstant();
            } catch (DateTimeException e) {
                errors.add(FieldError.parameter("updatedAfter", "not an RFC 3339 date-time with offset"));
            }
        }
        int limit = config.list().defaultLimit();
        String limitValue = query.getFirst("limit");
        if (limitValue != null) {
            int max = config.list().maxLimit();
            try {
                limit = Integer.parseInt(limitValue);
                if (limit < 1 || limit > max) {
                    errors.add(FieldError.parameter("limit", "must be between 1 and " + max));
                }
            } catch (NumberFormatException e) {
                errors.add(FieldError.parameter("limit", "not an integer"));
            }
        }
        Position after = null;
        String cursor = query.getFirst("cursor");
        if (cursor != null) {
            Optional<Position> decoded = Cursor.decode(cursor);
            if (decoded.isEmpty() || !decoded.get().hospitalId().equals(hospitalId)) {
                errors.add(FieldError.parameter("cursor", "not a cursor issued for this listing"));
            } else {
                after = decoded.get();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.size() == 1
                    ? "Invalid query parameter " + errors.get(0).parameter() + "."
                    : errors.size() + " invalid query parameters.", errors);
        }
        return new ListRequest(new ListFilter(conclusion, recommendation, stage, updatedAfter), after, limit, cursor);
    }

    private record ListRequest(ListFilter filter, Position after, int limit, String cursor) {
    }

    @GET
    @Path("{caseId}")
    @Operation(summary = "The current picture of one case (CONTRACT 3)")
    @APIResponse(responseCode = "200", description = "The case view",
            headers = @Header(name = HttpHeaders.ETAG, description = "Changes whenever the view changes", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "404", description = "No such case for the caller's hospital",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response view(@PathParam("caseId") String caseId,
            @Parameter(description = "ETag of a view already held") @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String hospitalId = tenant.hospitalId();
        if (!ID.matcher(caseId).matches()) {
            throw noSuchCase();
        }
        ViewRow row = unavailableAs503(() -> store.findView(hospitalId, caseId)).orElseThrow(CaseResource::noSuchCase);
        String etag = "\"" + row.version() + "\"";
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setNoCache(true);
        if (ETags.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).cacheControl(cache).build();
        }
        CaseView view = new CaseView(row.caseId(), row.hospitalId(), row.eventId(), row.occurredAt(), row.updatedAt(),
                row.stage(), row.symptomAssessment(), row.causeAssessment(), row.treatmentPlan());
        return Response.ok(view, MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, etag).cacheControl(cache).build();
    }

    @GET
    @Path("{caseId}/history")
    @Operation(summary = "The audit trail of one case: every accepted event and every stage result, oldest first")
    @APIResponse(responseCode = "200", description = "The trail",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = HistoryEntry.class)))
    @APIResponse(responseCode = "404", description = "No such case for the caller's hospital",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response history(@PathParam("caseId") String caseId) {
        String hospitalId = tenant.hospitalId();
        if (!ID.matcher(caseId).matches()) {
            throw noSuchCase();
        }
        List<HistoryRow> rows = unavailableAs503(() -> store.history(hospitalId, caseId));
        if (rows.isEmpty()) {
            throw noSuchCase();
        }
        List<HistoryEntry> trail = rows.stream()
                .map(r -> new HistoryEntry(r.kind(), r.at(), r.eventId(), r.occurredAt(), r.status(), r.stage(), r.section(),
                        "event".equals(r.kind()) ? r.content() : null,
                        "event".equals(r.kind()) ? null : r.content(),
                        r.knowledgeVersion()))
                .toList();
        return Response.ok(trail, MediaType.APPLICATION_JSON).build();
    }

    /** The same answer for a missing case and another hospital's case: no hint that the latter exists. */
    private static ProblemException noSuchCase() {
        return new ProblemException(ProblemType.NOT_FOUND, "No such case.");
    }

    private <T> T unavailableAs503(Supplier<T> read) {
        try {
            return read.get();
        } catch (StoreUnavailableException e) {
            LOG.warnf("read failed: %s", e.getMessage());
            throw ProblemException.unavailable("The case store is unavailable.", config.publish().retryAfterSeconds());
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
