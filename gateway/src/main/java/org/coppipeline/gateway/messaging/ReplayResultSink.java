package org.coppipeline.gateway.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import org.coppipeline.gateway.replay.ReplayRecords.CompleteOutcome;
import org.coppipeline.gateway.replay.ReplayRecords.ReplayResult;
import org.coppipeline.gateway.replay.ReplayRecords.Sections;
import org.coppipeline.gateway.replay.ReplayStore;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.store.StoreUnavailableException;

/**
 * The projector's handling of replay records (those with a {@code replayId} header): they never reach the read model.
 * A scored or assessed one is only acknowledged; a planned one has its three sections written to its replay run. They
 * are counted apart ({@code gateway_projector_replay_results_total}), never in the live projector's metrics. While the
 * database is away the write waits, as for live results; a record that cannot be used goes to the DLQ with the reason.
 */
@ApplicationScoped
public class ReplayResultSink {

    private static final Logger LOG = Logger.getLogger(ReplayResultSink.class);

    /** One replay record of a batch: its replayId header (as text), its value, and its message. */
    public record Replayed(String replayId, String value, Message<?> message) {
    }

    private final StageResultReader reader;
    private final ReplayStore store;
    private final MeterRegistry meters;
    private final ProjectionWriter.Sleeper sleeper;

    public ReplayResultSink(StageResultReader reader, ReplayStore store, MeterRegistry meters) {
        this.reader = reader;
        this.store = store;
        this.meters = meters;
        this.sleeper = pause -> Thread.sleep(pause.toMillis());
    }

    /** Handles a batch's replay records; {@code refuse} sends one to the DLQ with its reason. */
    public void handle(Stage stage, List<Replayed> records, BiConsumer<Message<?>, UnprocessableRecordException> refuse) {
        if (records.isEmpty()) {
            return;
        }
        if (stage != Stage.PLANNED) {
            // Only the plan carries every section: earlier stages' replay records are acknowledged and nothing else.
            for (int i = 0; i < records.size(); i++) {
                count(stage, "ignored");
            }
            return;
        }
        List<ReplayResult> results = new ArrayList<>(records.size());
        List<Replayed> readable = new ArrayList<>(records.size());
        for (Replayed record : records) {
            try {
                results.add(result(record));
                readable.add(record);
            } catch (UnprocessableRecordException e) {
                count(stage, "unprocessable");
                LOG.warnf("unprocessable replay %s record: %s", stage.topic(), e.getMessage());
                refuse.accept(record.message(), e);
            } catch (RuntimeException e) {
                refuse.accept(record.message(), new UnprocessableRecordException(
                        "gateway projector failed on a replay record: " + e.getClass().getName()));
            }
        }
        List<CompleteOutcome> outcomes;
        try {
            outcomes = write(results);
        } catch (RuntimeException e) {
            for (Replayed record : readable) {
                refuse.accept(record.message(), new UnprocessableRecordException(
                        "gateway projector failed on a replay record: " + e.getClass().getName()));
            }
            return;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            CompleteOutcome outcome = outcomes.get(i);
            ReplayResult result = results.get(i);
            if (outcome == null) {
                count(stage, "store-refused");
                refuse.accept(readable.get(i).message(),
                        new UnprocessableRecordException("database refused the replay result"));
                continue;
            }
            count(stage, outcome.name().toLowerCase().replace('_', '-'));
            switch (outcome) {
                case MISMATCH -> refuse.accept(readable.get(i).message(), new UnprocessableRecordException(
                        "hospitalId/caseId/eventId differ from replay " + result.replayId()));
                case WRONG_VERSION -> LOG.warnf("replay %s failed: the stages evaluated another knowledge version",
                        result.replayId());
                case UNKNOWN_REPLAY -> LOG.infof("result of unknown replay %s ignored (purged, or not this gateway's)",
                        result.replayId());
                default -> LOG.debugf("replay %s: %s", result.replayId(), outcome);
            }
        }
    }

    private ReplayResult result(Replayed record) {
        UUID replayId;
        try {
            replayId = UUID.fromString(record.replayId());
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException("replayId header is not a UUID");
        }
        StageResult read = reader.read(Stage.PLANNED, record.value());
        return new ReplayResult(replayId, read.eventId(), read.hospitalId(), read.caseId(),
                new Sections(read.symptomAssessment(), read.causeAssessment(), read.treatmentPlan()));
    }

    /** One outcome per result, null for one the database refuses for good; waits while the database is away. */
    private List<CompleteOutcome> write(List<ReplayResult> results) {
        if (results.isEmpty()) {
            return List.of();
        }
        try {
            return untilStored(results);
        } catch (StoreUnavailableException refused) {
            if (results.size() == 1) {
                return java.util.Collections.singletonList(null);
            }
            LOG.warnf("a batch of %d replay results was refused by the database (%s); writing them one by one",
                    results.size(), refused.getMessage());
        }
        List<CompleteOutcome> outcomes = new ArrayList<>(results.size());
        for (ReplayResult result : results) {
            try {
                outcomes.add(untilStored(List.of(result)).get(0));
            } catch (StoreUnavailableException refused) {
                outcomes.add(null);
            }
        }
        return outcomes;
    }

    private List<CompleteOutcome> untilStored(List<ReplayResult> results) {
        Duration pause = ProjectionWriter.FIRST_PAUSE;
        for (int attempt = 1;; attempt++) {
            try {
                return store.complete(results);
            } catch (StoreUnavailableException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                LOG.warnf("%d replay result(s) not stored yet (attempt %d): %s; retrying in %d ms", results.size(),
                        attempt, e.getMessage(), pause.toMillis());
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(ProjectionWriter.LONGEST_PAUSE) > 0 ? ProjectionWriter.LONGEST_PAUSE
                        : pause.multipliedBy(2);
            }
        }
    }

    private void count(Stage stage, String outcome) {
        meters.counter("gateway.projector.replay.results", "stage", stage.value(), "outcome", outcome).increment();
    }
}
