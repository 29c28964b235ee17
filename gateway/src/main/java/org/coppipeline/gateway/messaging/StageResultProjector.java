package org.coppipeline.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.store.StoreUnavailableException;

/**
 * Projects stage results into the read model. Each method is blocking and returns only after the database
 * commit, so the offset is acknowledged (and committed) after the write: at-least-once, and a redelivered
 * result changes nothing. A record that cannot be used is nacked into {@code <topic>-gateway-dlq}; while the
 * database is away the write waits (ProjectionWriter), so such a record is never given up for that reason.
 * Log lines carry ids, stage and outcome only.
 */
@ApplicationScoped
public class StageResultProjector {

    private static final Logger LOG = Logger.getLogger(StageResultProjector.class);
    /** The dead-letter-stage header of the projector's dead letters. */
    static final String DEAD_LETTER_STAGE = "gateway-projector";

    private final StageResultReader reader;
    private final ProjectionWriter writer;
    private final MeterRegistry meters;

    public StageResultProjector(StageResultReader reader, ProjectionWriter writer, MeterRegistry meters) {
        this.reader = reader;
        this.writer = writer;
        this.meters = meters;
    }

    @Incoming(Topics.CASE_SCORED)
    @Blocking
    public CompletionStage<Void> onScored(Message<String> in) {
        return handle(Stage.SCORED, in);
    }

    @Incoming(Topics.CASE_ASSESSED)
    @Blocking
    public CompletionStage<Void> onAssessed(Message<String> in) {
        return handle(Stage.ASSESSED, in);
    }

    @Incoming(Topics.CASE_PLANNED)
    @Blocking
    public CompletionStage<Void> onPlanned(Message<String> in) {
        return handle(Stage.PLANNED, in);
    }

    /**
     * Acknowledged (offset committed) only after the database commit; a record that cannot be used is nacked into
     * the DLQ with a dead-letter-stage header, as the stage services do (ARCHITECTURE 2: reason and failing stage).
     */
    private CompletionStage<Void> handle(Stage stage, Message<String> in) {
        try {
            project(stage, in.getPayload());
        } catch (UnprocessableRecordException e) {
            return in.nack(e, deadLetterHeaders());
        } catch (RuntimeException e) {
            // A defect, not the record: only the type goes to the header, a message could quote data.
            return in.nack(new UnprocessableRecordException("gateway projector failed: " + e.getClass().getName()),
                    deadLetterHeaders());
        }
        return in.ack();
    }

    private static Metadata deadLetterHeaders() {
        Headers headers = new RecordHeaders();
        headers.add("dead-letter-stage", DEAD_LETTER_STAGE.getBytes(StandardCharsets.UTF_8));
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }

    void project(Stage stage, String value) {
        StageResult result;
        try {
            result = reader.read(stage, value);
        } catch (UnprocessableRecordException e) {
            count(stage, "unprocessable");
            LOG.warnf("unprocessable %s record: %s", stage.topic(), e.getMessage());
            throw e;
        }
        ProjectionOutcome outcome;
        try {
            outcome = writer.write(result);
        } catch (StoreUnavailableException e) {
            // Only a permanent failure gets here (ProjectionWriter waits out transient ones): the DLQ keeps the record.
            count(stage, "store-refused");
            LOG.errorf("%s result of event %s refused by the database: %s", stage.value(), result.eventId(), e.getMessage());
            throw new UnprocessableRecordException("database refused the result: " + e.getMessage());
        }
        count(stage, outcome.name().toLowerCase());
        switch (outcome) {
            case UNKNOWN_EVENT -> LOG.infof("%s result of unknown event %s ignored (its POST was not accepted)",
                    stage.value(), result.eventId());
            case MISMATCH -> throw new UnprocessableRecordException(
                    "hospitalId/caseId differ from the accepted event " + result.eventId());
            default -> LOG.debugf("%s result of event %s: %s", stage.value(), result.eventId(), outcome);
        }
    }

    private void count(Stage stage, String outcome) {
        meters.counter("gateway.projector.results", "stage", stage.value(), "outcome", outcome).increment();
    }
}
