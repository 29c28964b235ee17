package org.coppipeline.gateway.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import org.coppipeline.gateway.support.GatewayTestResources;

/** /dashboard/ as the gateway serves it: the page, its assets and config.json, each with the security headers. */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class DashboardTest {

    /** application.properties: %test.gateway.dashboard.oidc.issuer. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self' https://idp.test.example; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Test
    void thePageAndEveryAssetCarryTheSecurityHeaders() {
        for (String path : List.of("/dashboard/", "/dashboard/index.html", "/dashboard/js/app.js", "/dashboard/js/worklist.js",
                "/dashboard/dashboard.css", "/dashboard/config.json")) {
            secured(given().get(path).then().statusCode(200));
        }
        secured(given().get("/dashboard/no-such-file.js").then().statusCode(404));
    }

    @Test
    void thePageLoadsItsModuleAndStylesFromFiles() {
        secured(given().get("/dashboard/").then().statusCode(200))
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .body(containsString("<script type=\"module\" src=\"js/app.js\"></script>"))
                .body(containsString("<link rel=\"stylesheet\" href=\"dashboard.css\">"));
        given().get("/dashboard/js/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/dashboard/dashboard.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void withoutTheSlashTheBrowserIsSentToThePage() {
        given().redirects().follow(false).get("/dashboard").then()
                .statusCode(301)
                .header("Location", "/dashboard/");
    }

    @Test
    void configJsonNamesTheIdentityProviderAndIsNeverCached() {
        secured(given().get("/dashboard/config.json").then().statusCode(200))
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .body("issuer", equalTo("https://idp.test.example/realms/wards"))
                .body("clientId", equalTo("cop-dashboard"))
                .body("scopes", equalTo("openid"))
                .body("redirectPath", equalTo("/dashboard/"))
                .body("pollIntervalSeconds", equalTo(5));
    }

    @Test
    void theApiKeepsItsOwnRules() {
        given().get("/api/v1/cases").then().statusCode(401);
    }

    private static ValidatableResponse secured(ValidatableResponse response) {
        return response
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }
}
