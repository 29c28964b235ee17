package org.coppipeline.gateway.cds;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Checks the CDS configuration when the gateway starts (a wrong allowlist entry or a missing secret stops it, naming
 * the property) and builds the verifier then, so that a PEM that cannot be read fails the start, not a first call.
 */
@ApplicationScoped
public class CdsStartup {

    private static final Logger LOG = Logger.getLogger(CdsStartup.class);

    void onStart(@Observes StartupEvent event, CdsConfig config, CdsClientVerifier verifier, CdsCors cors) {
        CdsSecrets.check(config);
        LOG.infof("CDS Hooks service: %d client(s) on the allowlist, %d CORS origin(s)", config.clients().size(),
                config.corsOrigins().map(java.util.List::size).orElse(0));
    }
}
