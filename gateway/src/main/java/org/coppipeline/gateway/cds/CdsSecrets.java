package org.coppipeline.gateway.cds;

import jakarta.enterprise.context.ApplicationScoped;

/** The per-deployment case-id secret, checked at start ({@link CdsStartup}). */
@ApplicationScoped
public class CdsSecrets {

    static final int MIN_SECRET_LENGTH = 32;

    private final CaseIdentity identity;

    public CdsSecrets(CdsConfig config) {
        this.identity = config.caseIdSecret().filter(s -> s.length() >= MIN_SECRET_LENGTH).map(CaseIdentity::new).orElse(null);
    }

    CaseIdentity identity() {
        if (identity == null) {
            throw new IllegalStateException("gateway.cds.case-id-secret is not set");
        }
        return identity;
    }

    /** The start-time check: a client on the allowlist needs a secret of at least 32 characters. */
    static void check(CdsConfig config) {
        if (config.waitTimeout().isNegative() || config.pollInterval().isNegative() || config.pollInterval().isZero()) {
            throw new IllegalStateException("gateway.cds.wait-timeout must not be negative and gateway.cds.poll-interval must be positive");
        }
        if (!config.clients().isEmpty()
                && (config.caseIdSecret().isEmpty() || config.caseIdSecret().get().length() < MIN_SECRET_LENGTH)) {
            throw new IllegalStateException("gateway.cds.case-id-secret must be set (at least " + MIN_SECRET_LENGTH
                    + " characters) when gateway.cds.clients names a CDS client");
        }
    }
}
