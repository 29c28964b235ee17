package org.coppipeline.gateway.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.api.AcceptedEvent;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.messaging.CaseEventPublisher;
import org.coppipeline.gateway.messaging.PublishFailedException;
import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.AcceptResult;
import org.coppipeline.gateway.store.StoreUnavailableException;

/**
 * POST /api/v1/case-events behind the resource: contract check, tenancy, idempotency, Kafka, then the
 * database commit. Log lines carry the event id and the outcome, never the body.
 */
@ApplicationScoped
public class CaseEventIntake {

    private static final Logger LOG = Logger.getLogger(CaseEventIntake.class);

    private final CaseEventParser parser;
    private final CaseStore store;
    private final CaseEventPublisher publisher;
    private final MeterRegistry meters;
    private final int retryAfterSeconds;

    public CaseEventIntake(CaseEventParser parser, CaseStore store, CaseEventPublisher publisher, MeterRegistry meters,
            GatewayConfig config) {
        this.parser = parser;
        this.store = store;
        this.publisher = publisher;
        this.meters = meters;
        this.retryAfterSeconds = config.publish().retryAfterSeconds();
    }

    public AcceptedEvent accept(byte[] body, String callerHospitalId) {
        CaseEvent event;
        try {
            event = parser.parse(body);
        } catch (ProblemException e) {
            count(e.type() == ProblemType.PAYLOAD_TOO_LARGE ? "too-large" : "invalid");
            throw e;
        }
        if (!event.hospitalId().equals(callerHospitalId)) {
            count("tenant-mismatch");
            throw new ProblemException(ProblemType.TENANT_MISMATCH,
                    "The event's hospitalId is not the hospital of the token.");
        }
        // The Kafka send closes its producer span's scope on this thread; when the POST's span is not recorded (trace
        // sampling ratio 0, the default) Quarkus then takes it off the request, and with it the trace id of the log
        // lines. What follows the send is therefore logged under the POST's span again.
        Context trace = Context.current();
        AcceptResult result;
        try {
            result = store.accept(event, () -> publisher.publish(event));
        } catch (PublishFailedException e) {
            throw unavailable(trace, event, "kafka-unavailable", e.getMessage(),
                    "The event could not be handed to the pipeline; nothing was stored. Retry with the same eventId.");
        } catch (StoreUnavailableException e) {
            throw unavailable(trace, event, "store-unavailable", e.getMessage(),
                    "The case store is unavailable. Retry with the same eventId.");
        }
        try (Scope traced = trace.makeCurrent()) {
            return answer(event, result);
        }
    }

    private ProblemException unavailable(Context trace, CaseEvent event, String outcome, String why, String detail) {
        try (Scope traced = trace.makeCurrent()) {
            count(outcome);
            LOG.warnf("event %s not accepted: %s", event.eventId(), why);
        }
        return ProblemException.unavailable(detail, retryAfterSeconds);
    }

    private AcceptedEvent answer(CaseEvent event, AcceptResult result) {
        switch (result.kind()) {
            case CONFLICT -> {
                count("conflict");
                LOG.infof("event %s refused: id already used with another body", event.eventId());
                throw new ProblemException(ProblemType.IDEMPOTENCY_CONFLICT,
                        "This eventId was already accepted with a different body.");
            }
            case REPEAT -> {
                count("repeat");
                LOG.debugf("event %s repeated (%s)", event.eventId(), result.status());
            }
            case NEW -> {
                count(result.status());
                LOG.infof("event %s %s", event.eventId(), result.status());
            }
        }
        return new AcceptedEvent(event.eventId(), event.caseId(), result.status());
    }

    private void count(String outcome) {
        meters.counter("gateway.case.events", "outcome", outcome).increment();
    }
}
