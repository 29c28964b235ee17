package org.coppipeline.gateway.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The gateway's HTTP API (CONTRACT 1). Bearer JWTs: roles in {@code groups}, the tenant in {@code hospital}. */
@OpenAPIDefinition(info = @Info(title = "COP case pipeline gateway", version = "1"))
@SecurityScheme(securitySchemeName = GatewayApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "JWT with issuer, audience cop-gateway, roles in `groups` (case-publisher, case-viewer) and the "
                + "caller's hospital in `hospital`")
public class GatewayApi extends Application {
    public static final String BEARER = "bearer";
}
