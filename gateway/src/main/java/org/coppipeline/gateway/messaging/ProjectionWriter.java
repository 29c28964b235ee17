package org.coppipeline.gateway.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.StoreUnavailableException;

/**
 * The projector's database write of a batch of results (one call, CaseStore#project). While the database is away (a transient failure) it waits
 * and tries again, for as long as it takes: the records are neither acknowledged nor sent to the DLQ, so nothing is
 * lost and each case's order is kept. When the database refuses a batch for good (the data itself), the results are
 * written one by one, so that only the one it refuses is given up.
 */
@ApplicationScoped
public class ProjectionWriter {

    private static final Logger LOG = Logger.getLogger(ProjectionWriter.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    /** What became of one result: its outcome, or the database's permanent refusal of it. */
    public record Written(ProjectionOutcome outcome, StoreUnavailableException refusal) {
    }

    private final Function<List<StageResult>, List<ProjectionOutcome>> store;
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

    ProjectionWriter(Function<List<StageResult>, List<ProjectionOutcome>> store, Sleeper sleeper) {
        this.store = store;
        this.sleeper = sleeper;
    }

    /** One Written per result, in the given order. */
    public List<Written> write(List<StageResult> results) {
        if (results.isEmpty()) {
            return List.of();
        }
        try {
            return written(untilStored(results));
        } catch (StoreUnavailableException refused) {
            if (results.size() == 1) {
                return List.of(new Written(null, refused));
            }
            LOG.warnf("a batch of %d stage results was refused by the database (%s); writing them one by one",
                    results.size(), refused.getMessage());
        }
        List<Written> written = new ArrayList<>(results.size());
        for (StageResult result : results) {
            try {
                written.add(new Written(untilStored(List.of(result)).get(0), null));
            } catch (StoreUnavailableException refused) {
                written.add(new Written(null, refused));
            }
        }
        return written;
    }

    private static List<Written> written(List<ProjectionOutcome> outcomes) {
        List<Written> written = new ArrayList<>(outcomes.size());
        for (ProjectionOutcome outcome : outcomes) {
            written.add(new Written(outcome, null));
        }
        return written;
    }

    private List<ProjectionOutcome> untilStored(List<StageResult> results) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1;; attempt++) {
            try {
                return store.apply(results);
            } catch (StoreUnavailableException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                LOG.warnf("%d stage result(s) not stored yet (attempt %d): %s; retrying in %d ms", results.size(),
                        attempt, e.getMessage(), pause.toMillis());
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
