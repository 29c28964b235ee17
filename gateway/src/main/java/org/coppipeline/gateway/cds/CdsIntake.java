package org.coppipeline.gateway.cds;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;

import org.coppipeline.gateway.api.AcceptedEvent;
import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.fhir.BundleReader;
import org.coppipeline.gateway.fhir.BundleRejected;
import org.coppipeline.gateway.fhir.FhirSupport;
import org.coppipeline.gateway.fhir.MappedBundle;
import org.coppipeline.gateway.intake.CaseEventIntake;

/**
 * A hook's FHIR data to an accepted case event (CONTRACT 7): the prefetch, completed from fhirServer where keys are
 * missing, assembled into one Bundle and mapped by the section 6 mapper (the application's one, not a copy), then
 * handed to exactly the intake of POST /api/v1/case-events (schema, tenant, idempotency, staleness, acks=all).
 * <p>
 * occurredAt is the request time, not the newest resource date: the event is the chart as the clinician sees it now,
 * so ages and "days ago" (drug and radiotherapy windows) count up to today, and a chart whose newest item is old, or
 * undated, still yields a current picture. The event id comes from the clinical content ({@link CaseIdentity}): the
 * same chart again is the same event, which the intake answers as already known (a 409 because its occurredAt
 * differs), so nothing is published twice and the hook waits for that event's plan.
 */
@ApplicationScoped
public class CdsIntake {

    private static final Logger LOG = Logger.getLogger(CdsIntake.class);

    /** The accepted (or already known) event of a hook. */
    public record Submitted(String caseId, UUID eventId, String status) {
    }

    private final FhirSupport fhir;
    private final BundleReader reader;
    private final CaseEventIntake intake;
    private final FhirFetcher fetcher;
    private final CaseIdentity identity;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public CdsIntake(FhirSupport fhir, CaseEventIntake intake, FhirFetcher fetcher, CdsSecrets secrets, CdsConfig config,
            ObjectMapper json, MeterRegistry meters) {
        this.fhir = fhir;
        this.reader = new BundleReader(fhir.context(), config.maxBundleBytes());
        this.intake = intake;
        this.fetcher = fetcher;
        this.identity = secrets.identity();
        this.json = json;
        this.meters = meters;
    }

    public Submitted submit(HookRequest request, String hospitalId, String actor, Instant now) {
        Map<PrefetchKey, List<PrefetchBundle.Sourced>> resources = resources(request);
        String caseId = identity.caseId(request.identity());
        String occurredAt = now.truncatedTo(ChronoUnit.MILLIS).toString();
        PrefetchBundle.Assembled assembled = PrefetchBundle.assemble(resources, request.fhirServer(), caseId, occurredAt);
        MappedBundle mapped = map(assembled, hospitalId);
        ObjectNode event = mapped.event();
        UUID eventId = CaseIdentity.eventId(hospitalId, caseId, event);
        event.put("eventId", eventId.toString());
        try {
            AcceptedEvent accepted = intake.accept(bytes(event), hospitalId, actor, AuditEntry.CDS_HOOK);
            count("accepted");
            return new Submitted(caseId, eventId, accepted.status());
        } catch (ProblemException e) {
            if (e.type() == ProblemType.IDEMPOTENCY_CONFLICT) {
                // The same clinical content was accepted before (at another occurredAt): that event is this hook's.
                count("repeat");
                LOG.debugf("hook of case %s: event %s already known", caseId, eventId);
                return new Submitted(caseId, eventId, "repeat");
            }
            count("refused");
            throw inRequest(e, mapped, assembled);
        }
    }

    /** The prefetch, with every missing key fetched from fhirServer; 412 when a key can be neither. */
    private Map<PrefetchKey, List<PrefetchBundle.Sourced>> resources(HookRequest request) {
        PrefetchBundle.Read read = PrefetchBundle.read(request.prefetch());
        Map<PrefetchKey, List<PrefetchBundle.Sourced>> resources = new EnumMap<>(PrefetchKey.class);
        resources.putAll(read.resources());
        if (read.missing().isEmpty()) {
            return resources;
        }
        if (request.fhirServer().isEmpty()) {
            count("precondition-failed");
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "Prefetch key" + (read.missing().size() == 1 ? " " : "s ")
                    + names(read.missing()) + " missing and no fhirServer to fetch them from.");
        }
        try {
            Map<PrefetchKey, JsonNode> fetched = fetcher.fetch(request.fhirServer().get(), request.accessToken(),
                    request.patientId(), read.missing());
            fetched.forEach((key, value) -> resources.put(key, PrefetchBundle.fetched(key, value)));
            count("fetched", read.missing().size());
        } catch (FhirFetcher.Unavailable e) {
            count("precondition-failed");
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "Prefetch key '" + e.key().key()
                    + "' missing and not obtainable from fhirServer: " + e.getMessage() + ".");
        }
        return resources;
    }

    private MappedBundle map(PrefetchBundle.Assembled assembled, String hospitalId) {
        try {
            return fhir.mapper().map(reader.read(json.writeValueAsBytes(assembled.bundle())), hospitalId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an assembled Bundle cannot be encoded", e);
        } catch (BundleRejected e) {
            count("unmappable");
            if (e.kind() == BundleRejected.Kind.TOO_LARGE) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "The patient's FHIR data exceeds gateway.cds.max-bundle-bytes.");
            }
            List<FieldError> errors = e.issues().stream()
                    .map(i -> FieldError.mapped(assembled.requestPointer(i.pointer()), i.eventPointer(), i.message()))
                    .toList();
            throw ProblemException.validation(errors.size() == 1
                    ? "The patient's FHIR data cannot be mapped to a case event: see " + errors.get(0).pointer() + "."
                    : "The patient's FHIR data cannot be mapped to a case event: " + errors.size() + " problems.", errors);
        }
    }

    /** A contract violation of the mapped event, reported where the request fed the field. */
    private static ProblemException inRequest(ProblemException e, MappedBundle mapped, PrefetchBundle.Assembled assembled) {
        if (e.type() != ProblemType.VALIDATION || e.errors() == null) {
            return e;
        }
        List<FieldError> errors = e.errors().stream()
                .map(error -> FieldError.mapped(assembled.requestPointer(mapped.provenance().bundlePointer(error.pointer())),
                        error.pointer(), "the mapped case event: " + error.message()))
                .toList();
        return ProblemException.validation("The case event the patient's FHIR data maps to violates the contract.", errors);
    }

    private byte[] bytes(ObjectNode event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mapped event cannot be encoded", e);
        }
    }

    private static String names(List<PrefetchKey> keys) {
        return keys.stream().map(k -> "'" + k.key() + "'").collect(Collectors.joining(", "));
    }

    private void count(String outcome) {
        count(outcome, 1);
    }

    private void count(String outcome, int n) {
        meters.counter("gateway.cds.intake", "outcome", outcome).increment(n);
    }
}
