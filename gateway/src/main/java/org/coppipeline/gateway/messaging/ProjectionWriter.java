package org.coppipeline.gateway.messaging;

import java.time.Duration;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.StoreUnavailableException;

/**
 * The projector's database write. While the database is away (a transient failure) it waits and tries again,
 * for as long as it takes: the record is neither acknowledged nor sent to the DLQ, so nothing is lost and the
 * case's order is kept. A permanent failure (the data itself is refused) is given up at once.
 */
@ApplicationScoped
public class ProjectionWriter {

    private static final Logger LOG = Logger.getLogger(ProjectionWriter.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private final Function<StageResult, ProjectionOutcome> store;
    private final Sleeper sleeper;

    /** Pauses between attempts; a seam for tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    @Inject
    public ProjectionWriter(CaseStore store) {
        this(store::project, pause -> Thread.sleep(pause.toMillis()));
    }

    ProjectionWriter(Function<StageResult, ProjectionOutcome> store, Sleeper sleeper) {
        this.store = store;
        this.sleeper = sleeper;
    }

    public ProjectionOutcome write(StageResult result) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1;; attempt++) {
            try {
                return store.apply(result);
            } catch (StoreUnavailableException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                LOG.warnf("%s result of event %s not stored yet (attempt %d): %s; retrying in %d ms",
                        result.stage().value(), result.eventId(), attempt, e.getMessage(), pause.toMillis());
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
