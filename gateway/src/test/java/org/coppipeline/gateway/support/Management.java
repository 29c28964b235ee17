package org.coppipeline.gateway.support;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Calls of the management interface (/q/health, /q/metrics, /q/openapi; CONTRACT 1), which listens on a port of its own:
 * in tests a free one (quarkus.management.test-port=0), which Quarkus publishes under that property once it is bound.
 */
public final class Management {

    private Management() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
