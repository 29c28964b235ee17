package org.coppipeline.gateway.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The gateway's HTTP API (CONTRACT 1). Bearer JWTs: roles in {@code groups}, the tenant in {@code hospital}. */
@OpenAPIDefinition(info = @Info(title = "COP case pipeline gateway", version = "1"))
@SecurityScheme(securitySchemeName = GatewayApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "JWT signed with RS256 (the pinned algorithm; none and HMAC are refused), with issuer, audience "
                + "cop-gateway, `exp` and `iat` (a lifetime of at most 24 h; 30 s of clock skew), roles in `groups` "
                + "(case-publisher, case-viewer, case-auditor), the caller's hospital in `hospital` and its identity in `sub` "
                + "(the actor of the access audit)")
public class GatewayApi extends Application {
    public static final String BEARER = "bearer";
}
