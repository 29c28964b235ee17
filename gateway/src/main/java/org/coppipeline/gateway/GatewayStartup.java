package org.coppipeline.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/** Fails the start when the configuration is inconsistent, with a message that names the property. */
@ApplicationScoped
public class GatewayStartup {

    void onStart(@Observes StartupEvent event, GatewayConfig config) {
        GatewayConfig.check(config);
    }
}
