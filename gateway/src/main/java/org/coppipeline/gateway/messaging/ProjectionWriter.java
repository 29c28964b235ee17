package org.coppipeline.gateway.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import org.coppipeline.gateway.store.CaseStore;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.StoreUnavailableException;

/** The projector's database write, retried while the database is briefly away before the record is given up. */
@ApplicationScoped
public class ProjectionWriter {

    private final CaseStore store;

    public ProjectionWriter(CaseStore store) {
        this.store = store;
    }

    @Retry(maxRetries = 5, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 250, retryOn = StoreUnavailableException.class)
    public ProjectionOutcome write(StageResult result) {
        return store.project(result);
    }
}
