package org.coppipeline.gateway.fhir;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

import org.coppipeline.gateway.api.AcceptedEvent;
import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.intake.CaseEventIntake;
import org.coppipeline.gateway.intake.CaseEventParser;

/**
 * CONTRACT 6 behind the FHIR resource: Bundle to case event, then exactly the path of POST /api/v1/case-events
 * ({@link CaseEventIntake}: schema, tenant, idempotency, staleness, acks=all publication). Every error points into the
 * Bundle; a schema violation of the mapped event is reported where the Bundle fed it, with the event pointer beside.
 * Log lines carry ids and counts, never a value.
 */
@ApplicationScoped
public class FhirIntake {

    private static final Logger LOG = Logger.getLogger(FhirIntake.class);

    private final FhirSupport fhir;
    private final CaseEventIntake intake;
    private final CaseEventParser parser;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public FhirIntake(FhirSupport fhir, CaseEventIntake intake, CaseEventParser parser, ObjectMapper json, MeterRegistry meters) {
        this.fhir = fhir;
        this.intake = intake;
        this.parser = parser;
        this.json = json;
        this.meters = meters;
    }

    /** POST /api/v1/fhir/Bundle. */
    public FhirAcceptedEvent accept(byte[] body, String callerHospitalId, String actor) {
        MappedBundle mapped;
        try {
            mapped = map(body, callerHospitalId);
        } catch (ProblemException e) {
            // A Bundle refused before it became an event is still an attempted write of case data (CONTRACT 1.1).
            intake.appendQuietly(AuditEntry.of(actor, callerHospitalId, AuditEntry.POST_FHIR_BUNDLE, null, null)
                    .withOutcome(e.type().status()));
            throw e;
        }
        AcceptedEvent accepted;
        try {
            accepted = intake.accept(bytes(mapped), callerHospitalId, actor, AuditEntry.POST_FHIR_BUNDLE);
        } catch (ProblemException e) {
            throw inBundle(e, mapped.provenance());
        }
        count("mapped");
        return new FhirAcceptedEvent(accepted.eventId(), accepted.caseId(), accepted.status(), mapped.mapping());
    }

    /** POST /api/v1/fhir/Bundle/$map: the same checks, nothing stored, nothing published. */
    public FhirMapResult dryRun(byte[] body, String callerHospitalId) {
        MappedBundle mapped = map(body, callerHospitalId);
        try {
            parser.parse(bytes(mapped));
        } catch (ProblemException e) {
            throw inBundle(e, mapped.provenance());
        }
        count("dry-run");
        return new FhirMapResult(mapped.event(), mapped.mapping());
    }

    private MappedBundle map(byte[] body, String callerHospitalId) {
        try {
            MappedBundle mapped = fhir.mapper().map(fhir.reader().read(body), callerHospitalId);
            LOG.debugf("bundle mapped to event %s: %d fields fed, %d entries left out", mapped.event().path("eventId").asText(),
                    mapped.mapping().used().size(), mapped.mapping().ignored().size());
            return mapped;
        } catch (BundleRejected e) {
            count(e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            throw problem(e);
        }
    }

    private byte[] bytes(MappedBundle mapped) {
        try {
            return json.writeValueAsBytes(mapped.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mapped event cannot be encoded", e);
        }
    }

    private ProblemException problem(BundleRejected rejected) {
        List<FieldError> errors = rejected.issues().stream()
                .map(i -> FieldError.mapped(i.pointer(), i.eventPointer(), i.message()))
                .toList();
        return switch (rejected.kind()) {
            case TOO_LARGE -> parser.tooLarge();
            case MALFORMED -> new ProblemException(ProblemType.MALFORMED_JSON, "The body is not well-formed JSON.", errors, Map.of());
            case INVALID -> ProblemException.validation(errors.size() == 1
                    ? "The Bundle cannot be mapped to a case event: see " + pointerText(errors.get(0).pointer()) + "."
                    : "The Bundle cannot be mapped to a case event: " + errors.size() + " problems.", errors);
        };
    }

    /** A violation of the mapped event, reported at the Bundle element that fed the field. */
    static ProblemException inBundle(ProblemException e, Provenance provenance) {
        if (e.type() != ProblemType.VALIDATION || e.errors() == null) {
            return e;
        }
        List<FieldError> errors = e.errors().stream()
                .map(error -> FieldError.mapped(provenance.bundlePointer(error.pointer()), error.pointer(),
                        "the mapped case event: " + error.message()))
                .toList();
        return ProblemException.validation(errors.size() == 1
                ? "The case event the Bundle maps to violates the contract at " + errors.get(0).eventPointer() + "."
                : "The case event the Bundle maps to violates the contract at " + errors.size() + " places.", errors);
    }

    private static String pointerText(String pointer) {
        return pointer.isEmpty() ? "the body" : pointer;
    }

    private void count(String outcome) {
        meters.counter("gateway.fhir.bundles", "outcome", outcome).increment();
    }
}
