package org.coppipeline.gateway.intake;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.api.AcceptedEvent;
import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.messaging.CaseEventPublisher;
import org.coppipeline.gateway.messaging.PublishFailedException;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.AcceptResult;
import org.coppipeline.gateway.store.StoreUnavailableException;
import org.coppipeline.gateway.store.UnstorableValueException;

/**
 * POST /api/v1/case-events behind the resource: contract check, tenancy, then three steps, none of which holds a
 * database connection or lock while Kafka is asked: record the event as pending (one short transaction), publish it
 * and wait for the acknowledgement, settle it as accepted or stale (a second short transaction). 202 only when both
 * the row and the Kafka record exist; a failed publish removes the pending row and answers 503. A repeat of a pending
 * event (its first POST failed after the publish, or the gateway stopped) publishes again. Every answer is in the
 * access audit, a write's in its own transaction. Log lines carry the event id and the outcome, never the body; an
 * accepted, repeated or conflicting event is logged at DEBUG only (the gateway_case_events counter counts them).
 */
@ApplicationScoped
public class CaseEventIntake {

    private static final Logger LOG = Logger.getLogger(CaseEventIntake.class);

    private final CaseEventParser parser;
    private final CaseStore store;
    private final CaseEventPublisher publisher;
    private final AccessAudit audit;
    private final MeterRegistry meters;
    private final int retryAfterSeconds;
    private final Duration lockTimeout;
    private final CaseLocks locks = new CaseLocks();
    /** POSTs waiting for Kafka right now (gateway_case_events_publishing): none of them holds a connection. */
    private final AtomicInteger publishing = new AtomicInteger();

    public CaseEventIntake(CaseEventParser parser, CaseStore store, CaseEventPublisher publisher, AccessAudit audit,
            MeterRegistry meters, GatewayConfig config) {
        this.parser = parser;
        this.store = store;
        this.publisher = publisher;
        this.audit = audit;
        this.meters = meters;
        this.retryAfterSeconds = config.publish().retryAfterSeconds();
        // A POST of a case waits for another of the same case at most as long as that one may wait for Kafka.
        this.lockTimeout = config.publish().timeout();
        meters.gauge("gateway.case.events.publishing", publishing);
    }

    public AcceptedEvent accept(byte[] body, String callerHospitalId, String actor) {
        return accept(body, callerHospitalId, actor, AuditEntry.POST_EVENT);
    }

    /** The same intake for an event that came in another form (a FHIR Bundle), audited under that request's action. */
    public AcceptedEvent accept(byte[] body, String callerHospitalId, String actor, String auditAction) {
        AuditEntry entry = AuditEntry.of(actor, callerHospitalId, auditAction, null, null);
        CaseEvent event;
        try {
            event = parser.parse(body);
        } catch (ProblemException e) {
            count(e.type() == ProblemType.PAYLOAD_TOO_LARGE ? "too-large" : "invalid");
            appendQuietly(entry.withOutcome(e.type().status()));
            throw e;
        }
        if (!event.hospitalId().equals(callerHospitalId)) {
            count("tenant-mismatch");
            appendQuietly(entry.withOutcome(ProblemType.TENANT_MISMATCH.status()));
            throw new ProblemException(ProblemType.TENANT_MISMATCH,
                    "The event's hospitalId is not the hospital of the token.");
        }
        entry = entry.withEvent(event.caseId(), event.eventId());
        // The Kafka send closes its producer span's scope on this thread; when the POST's span is not recorded (trace
        // sampling ratio 0, the default) Quarkus then takes it off the request, and with it the trace id of the log
        // lines. What follows the send is therefore logged under the POST's span again.
        Context trace = Context.current();
        CaseLocks.Held lock = lock(event);
        if (lock == null) {
            throw unavailable(trace, event, entry, "case-busy", "another event of the case is still in flight",
                    "Another event of this case is still being handed to the pipeline. Retry with the same eventId.");
        }
        try (lock) {
            return accept(event, entry, trace);
        }
    }

    private CaseLocks.Held lock(CaseEvent event) {
        try {
            return locks.acquire(event.key(), lockTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private AcceptedEvent accept(CaseEvent event, AuditEntry entry, Context trace) {
        AcceptResult result;
        try {
            result = store.reserve(event, entry);
            if (result.needsPublish()) {
                publish(event, entry, trace);
                result = store.settle(event, entry);
            }
        } catch (StoreUnavailableException e) {
            throw unavailable(trace, event, entry, "store-unavailable", e.getMessage(),
                    "The case store is unavailable. Retry with the same eventId.");
        } catch (UnstorableValueException e) {
            try (Scope traced = trace.makeCurrent()) {
                count("invalid");
                LOG.infof("event %s refused by the store: %s", event.eventId(), e.getMessage());
            }
            appendQuietly(entry.withOutcome(400));
            throw ProblemException.validation("A value of the case event is outside what the case store can hold.",
                    List.of(FieldError.at("", "a value is out of the storable range")));
        }
        try (Scope traced = trace.makeCurrent()) {
            return answer(event, result);
        }
    }

    /** Publishes and waits for Kafka; on failure the pending row goes (with the 503's audit entry) and 503 is thrown. */
    private void publish(CaseEvent event, AuditEntry entry, Context trace) {
        publishing.incrementAndGet();
        try {
            publisher.publish(event);
        } catch (PublishFailedException e) {
            AuditEntry unwritten = null;
            try {
                store.abandon(event, entry);
            } catch (RuntimeException abandonFailed) {
                // Left pending: invisible, and a repeat of the event publishes it again and settles it.
                LOG.warnf("event %s left pending: %s", event.eventId(), abandonFailed.getMessage());
                unwritten = entry;
            }
            throw unavailable(trace, event, unwritten, "kafka-unavailable", e.getMessage(),
                    "The event could not be handed to the pipeline; nothing was stored. Retry with the same eventId.");
        } finally {
            publishing.decrementAndGet();
        }
    }

    /** 503 with Retry-After; the audit entry is appended on its own unless a transaction already holds it (null). */
    private ProblemException unavailable(Context trace, CaseEvent event, AuditEntry entry, String outcome, String why,
            String detail) {
        try (Scope traced = trace.makeCurrent()) {
            count(outcome);
            LOG.warnf("event %s not accepted: %s", event.eventId(), why);
        }
        if (entry != null) {
            appendQuietly(entry.withOutcome(503));
        }
        return ProblemException.unavailable(detail, retryAfterSeconds);
    }

    private AcceptedEvent answer(CaseEvent event, AcceptResult result) {
        switch (result.kind()) {
            case CONFLICT -> {
                count("conflict");
                LOG.debugf("event %s refused: id already used with another body", event.eventId());
                throw new ProblemException(ProblemType.IDEMPOTENCY_CONFLICT,
                        "This eventId was already accepted with a different body.");
            }
            case REPEAT -> {
                count("repeat");
                LOG.debugf("event %s repeated (%s)", event.eventId(), result.status());
            }
            case NEW -> {
                count(result.status());
                // Not INFO: a line per POST at full rate; gateway_case_events counts the outcomes.
                LOG.debugf("event %s %s", event.eventId(), result.status());
            }
        }
        return new AcceptedEvent(event.eventId(), event.caseId(), result.status());
    }

    /** An entry of an answer that wrote nothing: appended on its own; if the store is away the answer goes out anyway. */
    /** An audit entry of a refused write: the refusal goes out even when the audit cannot be written. */
    public void appendQuietly(AuditEntry entry) {
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.warnf("audit entry (%s %d) not written: %s", entry.action(), entry.outcome(), e.getMessage());
        }
    }

    private void count(String outcome) {
        meters.counter("gateway.case.events", "outcome", outcome).increment();
    }
}
