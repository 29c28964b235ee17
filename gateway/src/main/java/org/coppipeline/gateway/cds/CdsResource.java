package org.coppipeline.gateway.cds;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;

/**
 * The CDS Hooks 2.0 service (CONTRACT 7): discovery, the two hooks and their feedback. Every call is authenticated
 * by the CDS client's JWT ({@link CdsAuthFilter}), never by the API's tokens; the client's allowlist entry is the
 * tenant. A hook maps its FHIR data into an event of the patient's suite case ({@link CdsIntake}), waits for the
 * stages to plan it ({@link PlanWaiter}) and answers cards built from that plan ({@link Cards}). Answers carry
 * {@code Cache-Control: no-store}. Log lines name the service, the suite's case id and the outcome: never the EHR's
 * patient id, the access token or any clinical value.
 */
@Path("/cds-services")
@PermitAll
@CdsAuthenticated
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Tag(name = "cds-hooks", description = "CDS Hooks 2.0 service for EHRs (CONTRACT 7); authenticated by the CDS client's JWT")
@APIResponse(responseCode = "401", description = "No, or no valid, CDS client JWT (issuer, key, alg, aud, exp, jti)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class CdsResource {

    private static final Logger LOG = Logger.getLogger(CdsResource.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Decimals as the EHR sent them: the mapper keeps a number's decimals (CONTRACT 6).
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final CacheControl NO_STORE = noStore();

    private final CdsCaller caller;
    private final CdsIntake intake;
    private final PlanWaiter waiter;
    private final CdsFeedback feedback;
    private final CdsConfig config;
    private final MeterRegistry meters;

    public CdsResource(CdsCaller caller, CdsIntake intake, PlanWaiter waiter, CdsFeedback feedback, CdsConfig config,
            MeterRegistry meters) {
        this.caller = caller;
        this.intake = intake;
        this.waiter = waiter;
        this.feedback = feedback;
        this.config = config;
        this.meters = meters;
    }

    @GET
    @Operation(summary = "CDS Hooks discovery: the suite's services and their prefetch templates")
    @APIResponse(responseCode = "200", description = "{\"services\": [...]}")
    public Response discovery() {
        caller.client();
        return answer(Discovery.document());
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Call a CDS service (hook patient-view or order-sign)",
            description = "The prefetch (or, for keys left out, the client's fhirServer) is mapped to an event of the "
                    + "patient's suite case, which the stages plan; the cards are built from that plan. Waits at most "
                    + "gateway.cds.wait-timeout, then answers the 'assessment in progress' card.")
    @APIResponse(responseCode = "200", description = "{\"cards\": [...]} (an empty list: no advice)")
    @APIResponse(responseCode = "400", description = "Not a hook request of this service, or FHIR data the contract cannot take",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such service",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Prefetch data missing and not obtainable from fhirServer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response hook(@PathParam("id") String id, byte[] body, @Context UriInfo uri) {
        CdsClient client = caller.client();
        Discovery service = service(id);
        String outcome = "refused";
        try {
            HookRequest request = HookRequest.parse(parse(body), service.hook());
            List<Glucocorticoids.Draft> drafts = List.of();
            if (service == Discovery.GLUCOCORTICOID_ORDER) {
                drafts = Glucocorticoids.drafts(request.context().get("draftOrders"));
                if (drafts.isEmpty()) {
                    // Nothing for this service to check: the chart is not read, nothing is published.
                    outcome = "no-card";
                    return answer(cards(List.of()));
                }
            }
            // Audited by the intake as a write of case data (CONTRACT 1.1): actor, hospital, case, event and answer.
            CdsIntake.Submitted submitted = intake.submit(request, client.hospitalId(), client.actor(), Instant.now());
            Cards.Context context = new Cards.Context(submitted.caseId(), caseUrl(submitted.caseId(), uri),
                    config.sourceUrl().map(URI::toString), request.patientId(), UUID::randomUUID);
            Optional<CdsStore.Plan> plan = waiter.await(client.hospitalId(), submitted.caseId(), submitted.eventId(),
                    config.waitTimeout());
            List<ObjectNode> cards;
            if (plan.isEmpty()) {
                outcome = "in-progress";
                cards = Cards.inProgress(context, config.waitTimeout().toMillis());
            } else {
                cards = service == Discovery.PATIENT_VIEW ? Cards.patientView(plan.get(), context)
                        : Cards.orderSign(plan.get(), drafts, context);
                outcome = cards.isEmpty() ? "no-card" : cards.get(0).path("indicator").asText();
            }
            LOG.debugf("%s for case %s (event %s, %s): %s", service.id(), submitted.caseId(), submitted.eventId(),
                    submitted.status(), outcome);
            return answer(cards(cards));
        } finally {
            Timer.builder("gateway.cds.hook")
                    .description("CDS hook calls, from the request's arrival to its cards")
                    .tags("hook", service.hook(), "outcome", outcome)
                    .publishPercentiles(0.5, 0.99)
                    .register(meters)
                    .record(System.nanoTime() - caller.startedNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @POST
    @Path("{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Feedback on cards (accepted or overridden, with the coded override reason)")
    @APIResponse(responseCode = "200", description = "Stored (nothing of the patient)")
    @APIResponse(responseCode = "400", description = "Not a feedback request; `errors` names each problem",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response feedback(@PathParam("id") String id, byte[] body) {
        CdsClient client = caller.client();
        Discovery service = service(id);
        feedback.accept(service, client.hospitalId(), parse(body));
        // Not an access to case data (a card uuid, an outcome and a reason code): nothing for the access audit.
        return Response.ok().cacheControl(NO_STORE).build();
    }

    private static Discovery service(String id) {
        return Discovery.of(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No CDS service with this id."));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The body is empty.");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The body is not well-formed JSON.");
        }
    }

    private static ObjectNode cards(List<ObjectNode> cards) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode array = answer.putArray("cards");
        cards.forEach(card -> array.add(NoEmptyValues.strip(card)));
        return answer;
    }

    private static Response answer(ObjectNode body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).cacheControl(NO_STORE).build();
    }

    /** The case page of the dashboard: {@code <dashboard>#/case/<caseId>}. */
    private String caseUrl(String caseId, UriInfo uri) {
        String dashboard = config.dashboardUrl().map(URI::toString).orElseGet(() -> {
            String base = config.publicBaseUrl().map(URI::toString).orElseGet(() -> {
                URI request = uri.getBaseUri();
                return request.getScheme() + "://" + request.getRawAuthority();
            });
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/dashboard/";
        });
        return dashboard + "#/case/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8);
    }

    private static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        cache.setNoTransform(false);
        return cache;
    }
}
