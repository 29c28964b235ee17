package org.coppipeline.gateway.fhir;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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

import io.quarkus.security.Authenticated;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.api.CaseEventResource;
import org.coppipeline.gateway.api.CaseResource;
import org.coppipeline.gateway.api.GatewayApi;
import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.security.Tenant;

/** CONTRACT 6: FHIR R4 input. A Bundle becomes one case event and then takes the path of POST /api/v1/case-events. */
@Path("/api/v1/fhir")
@Tag(name = "FHIR R4 input", description = "A hospital platform that speaks FHIR R4 sends a Bundle instead of a case event")
@SecurityRequirement(name = GatewayApi.BEARER)
public class FhirResource {

    public static final String FHIR_JSON = "application/fhir+json";
    /** Every answer that carries case data (CONTRACT 1.1). */
    static final String NO_STORE = "no-store";

    private final FhirIntake intake;
    private final FhirSupport fhir;
    private final Tenant tenant;

    private final AccessAudit audit;
    private final GatewayConfig config;

    public FhirResource(FhirIntake intake, FhirSupport fhir, Tenant tenant, AccessAudit audit, GatewayConfig config) {
        this.audit = audit;
        this.config = config;
        this.intake = intake;
        this.fhir = fhir;
        this.tenant = tenant;
    }

    @POST
    @Path("/Bundle")
    @RolesAllowed(CaseEventResource.PUBLISHER)
    @Consumes({ FHIR_JSON, MediaType.APPLICATION_JSON })
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Submit a FHIR R4 Bundle as a case event",
            description = "Maps the Bundle to exactly one case event (CONTRACT 6: caseId from Bundle.identifier.value, occurredAt "
                    + "from Bundle.timestamp, eventId from Bundle.id when it is a UUID, else a UUID v5 of hospital, case and "
                    + "timestamp, so the same Bundle sent twice is one event), then treats it as POST /api/v1/case-events: "
                    + "contract validation, tenant, idempotency, staleness, and 202 once the event is durably in Kafka. "
                    + "`mapping` lists every entry read (with the event field it fed) and every entry left out (with the reason).")
    @RequestBody(required = true, description = "FHIR R4 Bundle (type collection, document, transaction or batch), at most 256 KiB",
            content = { @Content(mediaType = FHIR_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "FHIR R4 Bundle")),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "FHIR R4 Bundle")) })
    @APIResponse(responseCode = "202", description = "Accepted (status accepted), or kept in the history only (status stale)",
            headers = { @Header(name = HttpHeaders.LOCATION, description = "/api/v1/cases/{caseId}", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = HttpHeaders.CACHE_CONTROL, description = "no-store", schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FhirAcceptedEvent.class)))
    @APIResponse(responseCode = "400", description = "Not FHIR R4 JSON, or not mappable: each of `errors` has a `pointer` into the "
            + "Bundle and, where it applies, an `eventPointer` into the mapped case event",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a case-publisher, or no hospital in the token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The eventId was already accepted with a different body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over 256 KiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is neither application/fhir+json nor application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka or the database could not take the event in time; nothing was stored. "
            + "Retry after Retry-After seconds with the same Bundle.",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(byte[] body) {
        FhirAcceptedEvent accepted = intake.accept(body, tenant.hospitalId(), tenant.actor());
        return Response.accepted(accepted)
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, "/api/v1/cases/" + accepted.caseId())
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .build();
    }

    @POST
    @Path("/Bundle/$map")
    @RolesAllowed(CaseEventResource.PUBLISHER)
    @Consumes({ FHIR_JSON, MediaType.APPLICATION_JSON })
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Map a FHIR R4 Bundle without submitting it",
            description = "The case event the Bundle maps to and the mapping, with the same checks as POST /api/v1/fhir/Bundle; "
                    + "nothing is stored and nothing is published.")
    @RequestBody(required = true, description = "FHIR R4 Bundle, at most 256 KiB",
            content = { @Content(mediaType = FHIR_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "FHIR R4 Bundle")),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "FHIR R4 Bundle")) })
    @APIResponse(responseCode = "200", description = "The case event and the mapping",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, description = "no-store", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FhirMapResult.class)))
    @APIResponse(responseCode = "400", description = "Not FHIR R4 JSON, or not mappable (pointers into the Bundle)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a case-publisher, or no hospital in the token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over 256 KiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is neither application/fhir+json nor application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response map(byte[] body) {
        String hospitalId = tenant.hospitalId();
        return CaseResource.audited(audit, () -> AuditEntry.of(tenant.actor(), hospitalId, AuditEntry.MAP_FHIR_BUNDLE, null, null),
                () -> Response.ok(intake.dryRun(body, hospitalId))
                        .type(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                        .build(),
                config.publish().retryAfterSeconds());
    }

    /** The same operation for clients that percent-encode the "$" (RFC 3986 does not make the two equal). */
    @POST
    @Path("/Bundle/%24map")
    @RolesAllowed(CaseEventResource.PUBLISHER)
    @Consumes({ FHIR_JSON, MediaType.APPLICATION_JSON })
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(hidden = true)
    public Response mapEncoded(byte[] body) {
        return map(body);
    }

    @GET
    @Path("/CodeSystem/cop")
    @Authenticated
    @Produces({ FHIR_JSON, MediaType.APPLICATION_JSON })
    @Operation(summary = "The cop code system",
            description = "The FHIR CodeSystem urn:cop-pipeline:fhir:cop: every code of the suite's own code system that the "
                    + "mapping accepts (the case event's field names and values), generated from the mapper's code table.")
    @APIResponse(responseCode = "200", description = "FHIR R4 CodeSystem resource",
            content = { @Content(mediaType = FHIR_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "FHIR R4 CodeSystem")),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "FHIR R4 CodeSystem")) })
    @APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String codeSystem() {
        return fhir.codeSystem();
    }
}
