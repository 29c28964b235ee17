package org.coppipeline.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.query.Cursor;
import org.coppipeline.gateway.quota.HospitalQuotas;
import org.coppipeline.gateway.security.Tenant;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.AuditedHistory;
import org.coppipeline.gateway.store.Records.AuditedView;
import org.coppipeline.gateway.store.Records.HistoryPosition;
import org.coppipeline.gateway.store.Records.HistoryRow;
import org.coppipeline.gateway.store.Records.ListFilter;
import org.coppipeline.gateway.store.Records.Position;
import org.coppipeline.gateway.store.Records.SummaryRow;
import org.coppipeline.gateway.store.Records.ViewRow;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.store.StoreUnavailableException;
import org.coppipeline.gateway.store.UnstorableValueException;

/**
 * What a dashboard reads. Only the caller's hospital exists: another hospital's case is answered like a missing one.
 * Every call counts against the hospital's rate (429 beyond), and every answer that reached the data is in the access
 * audit before it is sent: when the audit cannot be written, no case data goes out (503).
 */
@Path("/api/v1/cases")
@RolesAllowed(CaseResource.VIEWER)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Tag(name = "cases", description = "What a dashboard reads")
@SecurityRequirement(name = GatewayApi.BEARER)
@APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Not a case-viewer, or the token names no hospital",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "429", description = "The hospital's request rate is used up; retry after Retry-After seconds",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The case store (or the access audit) is unavailable",
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
    private static final Set<String> HISTORY_PARAMETERS = Set.of("limit", "cursor");
    static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private final CaseStore store;
    private final Tenant tenant;
    private final GatewayConfig config;
    private final HospitalQuotas quotas;
    private final AccessAudit audit;

    public CaseResource(CaseStore store, Tenant tenant, GatewayConfig config, HospitalQuotas quotas, AccessAudit audit) {
        this.store = store;
        this.tenant = tenant;
        this.config = config;
        this.quotas = quotas;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "List the caller's cases, oldest update first",
            description = "Keyset pagination: pass nextCursor as cursor to continue; a poller keeps the last nextCursor and "
                    + "resumes from it later, missing nothing. Cases updated within the last second are left for the next poll. "
                    + "Answers carry Cache-Control: no-store.")
    @Parameters({
            @Parameter(name = "conclusion", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "op-unlikely", "suspected-op", "workup-incomplete", "secondary-op", "cop-probable", "cop-confirmed" })),
            @Parameter(name = "recommendation", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "no-op-treatment", "complete-workup", "treat-underlying-cause", "observe", "oral-glucocorticoid",
                    "iv-glucocorticoid", "relapse-regimen" })),
            @Parameter(name = "stage", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "received", "scored", "assessed", "planned" })),
            @Parameter(name = "updatedAfter", in = ParameterIn.QUERY, description = "RFC 3339 instant between 0001-01-01 and "
                    + "9999-12-31; only cases updated after it", schema = @Schema(type = SchemaType.STRING, format = "date-time")),
            @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..500, default 50",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "nextCursor of a previous page (opaque)",
                    schema = @Schema(type = SchemaType.STRING))
    })
    @APIResponse(responseCode = "200", description = "One page",
            headers = @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CasePage.class)))
    @APIResponse(responseCode = "400", description = "An invalid or unknown query parameter (a date or cursor outside what "
            + "the store holds included); `errors` names each",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(@Context UriInfo uri) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        QueryParameters query = new QueryParameters(uri.getQueryParameters(), LIST_PARAMETERS);
        Supplier<AuditEntry> entry = () -> AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.LIST_CASES, null, query.audited());
        ListRequest request = checked(entry, () -> listRequest(hospitalId, query));
        int limit = request.limit();
        // The read and its entry (200) are one statement (CaseStore#listAudited): the page comes back only with its
        // entry committed.
        List<SummaryRow> rows = readAudited("list", entry.get(), audited -> store.listAudited(hospitalId, request.filter(),
                request.after(), limit + 1, config.list().visibilityDelay(), audited));
        Paged<SummaryRow> page = Paged.of(rows, limit, request.cursor(),
                last -> Cursor.encode(new Position(last.updatedAt(), last.hospitalId(), last.caseId())));
        List<CaseSummary> items = page.items().stream()
                .map(r -> new CaseSummary(r.caseId(), r.hospitalId(), r.eventId(), r.occurredAt(), r.updatedAt(), r.stage(),
                        r.conclusion(), r.recommendation(), r.suspicion(), r.severity()))
                .toList();
        return Response.ok(new CasePage(items, page.nextCursor(), page.hasMore()), MediaType.APPLICATION_JSON).build();
    }

    /** Reads and checks every query parameter, naming each invalid one in a single 400. */
    private ListRequest listRequest(String hospitalId, QueryParameters query) {
        String conclusion = query.oneOf("conclusion", CONCLUSIONS);
        String recommendation = query.oneOf("recommendation", RECOMMENDATIONS);
        Stage stage = query.parsed("stage", Stage::of, "not one of [assessed, planned, received, scored]");
        Instant updatedAfter = query.instant("updatedAfter");
        int limit = query.limit(config.list().defaultLimit(), config.list().maxLimit());
        Position after = query.cursor(cursor -> Cursor.decode(cursor).filter(p -> p.hospitalId().equals(hospitalId)),
                "not a cursor issued for this listing");
        query.throwIfInvalid();
        return new ListRequest(new ListFilter(conclusion, recommendation, stage, updatedAfter), after, limit,
                query.value("cursor"));
    }

    private record ListRequest(ListFilter filter, Position after, int limit, String cursor) {
    }

    @GET
    @Path("{caseId}")
    @Operation(summary = "The current picture of one case (CONTRACT 3)",
            description = "Answers carry Cache-Control: no-store; a client that keeps a copy itself revalidates it with If-None-Match.")
    @APIResponse(responseCode = "200", description = "The case view",
            headers = {
                    @Header(name = HttpHeaders.ETAG, description = "Changes whenever the view changes", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "404", description = "No such case for the caller's hospital",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response view(@PathParam("caseId") String caseId,
            @Parameter(description = "ETag of a view already held") @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        if (!ID.matcher(caseId).matches()) {
            return checked(() -> AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.VIEW_CASE, null, null), () -> {
                throw noSuchCase();
            });
        }
        // The read and its entry are one statement (CaseStore#viewAudited): the view comes back only with its entry
        // committed, and the status answered is the one the entry records.
        AuditEntry entry = AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.VIEW_CASE, caseId, null);
        AuditedView read = readAudited("view", entry,
                audited -> store.viewAudited(hospitalId, caseId, ETags.condition(ifNoneMatch), audited));
        ViewRow row = read.row().orElseThrow(CaseResource::noSuchCase);
        String etag = "\"" + row.version() + "\"";
        if (read.status() == Response.Status.NOT_MODIFIED.getStatusCode()) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        CaseView view = new CaseView(row.caseId(), row.hospitalId(), row.eventId(), row.occurredAt(), row.updatedAt(),
                row.stage(), row.symptomAssessment(), row.causeAssessment(), row.treatmentPlan());
        return Response.ok(view, MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, etag).build();
    }

    /**
     * A read whose audit entry is written by the read's own statement (CaseStore#viewAudited, #listAudited,
     * #historyAudited), which records the status answered. When the statement fails, nothing was read and no entry
     * claims an answer: 503 (400 when the store refused a value of the request), whose own entry is then appended on
     * its own when it can be. {@code entry} is the entry without its outcome.
     */
    private <T> T readAudited(String what, AuditEntry entry, Function<AuditEntry, T> read) {
        try {
            return read.apply(entry);
        } catch (StoreUnavailableException e) {
            LOG.warnf("%s not read: %s", what, e.getMessage());
            appendQuietly(entry.withOutcome(503));
            throw ProblemException.unavailable("The access audit is unavailable; nothing was read.",
                    config.publish().retryAfterSeconds());
        } catch (UnstorableValueException e) {
            LOG.debugf("%s refused: %s", what, e.getMessage());
            appendQuietly(entry.withOutcome(400));
            throw unstorable();
        }
    }

    /**
     * A request's checks before its read: a refused request (400, 404) gets the entry of its problem, appended on its
     * own; the problem goes out even when that entry cannot be written.
     */
    private <T> T checked(Supplier<AuditEntry> entry, Supplier<T> check) {
        try {
            return check.get();
        } catch (ProblemException e) {
            appendQuietly(entry.get().withOutcome(e.type().status()));
            throw e;
        }
    }

    /** The entry of an error answer: the answer goes out even when the entry cannot be written. */
    private void appendQuietly(AuditEntry entry) {
        try {
            audit.append(entry);
        } catch (RuntimeException auditFailed) {
            LOG.warnf("audit entry of a %d not written: %s", entry.outcome(), auditFailed.getMessage());
        }
    }

    @GET
    @Path("{caseId}/history")
    @Operation(summary = "The audit trail of one case: every accepted event and every stage result, oldest first, one page at a time",
            description = "Keyset pagination as in the list: pass nextCursor as cursor for the next page; hasMore says whether "
                    + "more follow now. Answers carry Cache-Control: no-store.")
    @Parameters({
            @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..200, default 50",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "nextCursor of a previous page of this case (opaque)",
                    schema = @Schema(type = SchemaType.STRING))
    })
    @APIResponse(responseCode = "200", description = "One page of the trail",
            headers = @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryPage.class)))
    @APIResponse(responseCode = "400", description = "An invalid or unknown query parameter; `errors` names each",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such case for the caller's hospital",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response history(@PathParam("caseId") String caseId, @Context UriInfo uri) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        QueryParameters query = new QueryParameters(uri.getQueryParameters(), HISTORY_PARAMETERS);
        Supplier<AuditEntry> entry = () -> AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.READ_HISTORY, auditedId(caseId),
                query.audited());
        HistoryRequest request = checked(entry, () -> {
            if (!ID.matcher(caseId).matches()) {
                throw noSuchCase();
            }
            int limit = query.limit(config.list().historyDefaultLimit(), config.list().historyMaxLimit());
            HistoryPosition after = query.cursor(cursor -> Cursor.decodeHistory(cursor, hospitalId, caseId),
                    "not a cursor issued for this case's history");
            query.throwIfInvalid();
            return new HistoryRequest(after, limit);
        });
        int limit = request.limit();
        // The page, whether the case exists (404) and the entry of that answer are one statement
        // (CaseStore#historyAudited): the page comes back only with its entry committed.
        AuditedHistory read = readAudited("history", entry.get(),
                audited -> store.historyAudited(hospitalId, caseId, request.after(), limit + 1, audited));
        if (read.status() == Response.Status.NOT_FOUND.getStatusCode()) {
            throw noSuchCase();
        }
        Paged<HistoryRow> page = Paged.of(read.rows(), limit, query.value("cursor"),
                last -> Cursor.encodeHistory(last.position(), hospitalId, caseId));
        List<HistoryEntry> items = page.items().stream()
                .map(r -> new HistoryEntry(r.kind(), r.at(), r.eventId(), r.occurredAt(), r.status(), r.stage(), r.section(),
                        "event".equals(r.kind()) ? r.content() : null,
                        "event".equals(r.kind()) ? null : r.content(),
                        r.knowledgeVersion()))
                .toList();
        return Response.ok(new HistoryPage(items, page.nextCursor(), page.hasMore()), MediaType.APPLICATION_JSON).build();
    }

    private record HistoryRequest(HistoryPosition after, int limit) {
    }

    /** The same answer for a missing case and another hospital's case: no hint that the latter exists. */
    private static ProblemException noSuchCase() {
        return new ProblemException(ProblemType.NOT_FOUND, "No such case.");
    }

    /** A case id the audit keeps: only one that can be a case id (a path can carry anything). */
    static String auditedId(String caseId) {
        return caseId != null && ID.matcher(caseId).matches() ? caseId : null;
    }

    /**
     * Runs a read and appends its audit entry, with the status it answers, before the answer leaves. An answer with
     * data (2xx, 304) whose entry cannot be written is not sent: 503 instead. An error answer goes out either way.
     */
    public static Response audited(AccessAudit audit, Supplier<AuditEntry> entry, Supplier<Response> read, int retryAfterSeconds) {
        Response answer;
        try {
            answer = read.get();
        } catch (ProblemException e) {
            try {
                audit.append(entry.get().withOutcome(e.type().status()));
            } catch (RuntimeException auditFailed) {
                LOG.warnf("audit entry of a %d not written: %s", e.type().status(), auditFailed.getMessage());
            }
            throw e;
        }
        try {
            audit.append(entry.get().withOutcome(answer.getStatus()));
        } catch (RuntimeException auditFailed) {
            LOG.warnf("audit entry not written, answer withheld: %s", auditFailed.getMessage());
            throw ProblemException.unavailable("The access audit is unavailable; nothing was read.", retryAfterSeconds);
        }
        return answer;
    }

    /** A read of the store: 503 when it is away, 400 when it refused a value of the request. */
    static <T> T read(Supplier<T> read, int retryAfterSeconds) {
        try {
            return read.get();
        } catch (StoreUnavailableException e) {
            LOG.warnf("read failed: %s", e.getMessage());
            throw ProblemException.unavailable("The case store is unavailable.", retryAfterSeconds);
        } catch (UnstorableValueException e) {
            LOG.debugf("read refused: %s", e.getMessage());
            throw unstorable();
        }
    }

    /** The 400 of a request whose value the case store refused (UnstorableValueException). */
    private static ProblemException unstorable() {
        return ProblemException.validation("A value of the request is outside what the case store can hold.",
                List.of(Problem.FieldError.at("", "a value is out of the storable range")));
    }
}
