package org.coppipeline.gateway.cds;

import jakarta.enterprise.context.RequestScoped;

import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;

/** The verified CDS client of the current request (set by {@link CdsAuthFilter}), and when the request arrived. */
@RequestScoped
public class CdsCaller {

    private CdsClient client;
    private long startedNanos;

    void set(CdsClient client, long startedNanos) {
        this.client = client;
        this.startedNanos = startedNanos;
    }

    /** The client; a 401 when the filter did not run (an endpoint that forgot {@link CdsAuthenticated}). */
    public CdsClient client() {
        if (client == null) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "A CDS client JWT is required.");
        }
        return client;
    }

    public long startedNanos() {
        return startedNanos;
    }
}
