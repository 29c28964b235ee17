package org.coppipeline.gateway.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.coppipeline.gateway.intake.CaseEventIntake;
import org.coppipeline.gateway.quota.HospitalQuotas;
import org.coppipeline.gateway.security.Tenant;

@Path("/api/v1/case-events")
@Tag(name = "case events", description = "What a hospital platform sends")
@SecurityRequirement(name = GatewayApi.BEARER)
public class CaseEventResource {

    public static final String PUBLISHER = "case-publisher";

    private final CaseEventIntake intake;
    private final Tenant tenant;
    private final HospitalQuotas quotas;

    public CaseEventResource(CaseEventIntake intake, Tenant tenant, HospitalQuotas quotas) {
        this.intake = intake;
        this.tenant = tenant;
        this.quotas = quotas;
    }

    @POST
    @RolesAllowed(PUBLISHER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Submit a case event",
            description = "Validates the event against the contract's JSON Schema (unknown fields rejected), checks that its "
                    + "hospitalId is the token's hospital, and answers 202 once the event is durably in Kafka (acks=all). "
                    + "A repeat of an eventId with the same body answers 202 again and changes nothing. Event ids are per "
                    + "hospital: another hospital's use of the same id is no conflict. Counts against the hospital's request "
                    + "rate and its POSTs in flight (429 beyond). No database connection is held while Kafka acknowledges.")
    @RequestBody(required = true, description = "Case event v1 (CONTRACT 2), at most 256 KiB",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CaseEvent")))
    @APIResponse(responseCode = "202", description = "Accepted (status accepted), or kept in the history only (status stale)",
            headers = @Header(name = HttpHeaders.LOCATION, description = "/api/v1/cases/{caseId}", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AcceptedEvent.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or a contract violation; `errors` has a JSON Pointer per invalid field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No, or no valid, bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a case-publisher, or the event's hospitalId is not the token's hospital",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The eventId was already used by this hospital with a different body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over 256 KiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The hospital's request rate or its POSTs in flight are used up; retry "
            + "after Retry-After seconds with the same eventId",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka or the database could not take the event in time; nothing was stored. "
            + "Retry after Retry-After seconds with the same eventId.",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    // Read by the OpenTelemetry HTTP instrumentation (the request's span continues it), not by this method.
    @Parameter(name = "traceparent", in = ParameterIn.HEADER, description = "W3C trace context; the event's Kafka record "
            + "and every stage after it continue this trace")
    public Response submit(byte[] body) {
        String hospitalId = tenant.hospitalId();
        quotas.admit(hospitalId);
        try (HospitalQuotas.Slot slot = quotas.post(hospitalId)) {
            AcceptedEvent accepted = intake.accept(body, hospitalId, tenant.actor());
            return Response.accepted(accepted)
                    .type(MediaType.APPLICATION_JSON)
                    // Exactly the contract's relative form; case ids are URL-safe by their pattern.
                    .header(HttpHeaders.LOCATION, "/api/v1/cases/" + accepted.caseId())
                    .build();
        }
    }
}
