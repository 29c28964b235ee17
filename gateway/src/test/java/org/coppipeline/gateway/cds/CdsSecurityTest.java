package org.coppipeline.gateway.cds;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Tokens;

/**
 * The CDS client's JWT on every /cds-services* call (CONTRACT 7, CDS Hooks 2.0 "Trusting CDS Clients"): anything but a
 * fresh token of an allowlisted issuer, signed with its key under RS256/RS384/ES256/ES384, for the called URL, expiring
 * within 5 minutes, is 401 problem+json; and CORS for the configured origins on these paths only.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class CdsSecurityTest {

    static final String DISCOVERY = "/cds-services";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    Response discovery(String token) {
        var request = given();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.get(DISCOVERY);
    }

    void refused(String token, String why) {
        Response response = discovery(token);
        response.then().statusCode(401).contentType(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer");
        assertThat(response.jsonPath().getString("detail")).contains(why);
        if (token != null) {
            assertThat(response.asString()).doesNotContain(token);
        }
    }

    @Test
    void bothClientsKeysAndAlgorithmsAreAccepted() {
        discovery(CdsTokens.a(url(DISCOVERY))).then().statusCode(200);
        discovery(CdsTokens.b(url(DISCOVERY))).then().statusCode(200);
        discovery(CdsTokens.signedA(CdsTokens.claims(CdsTokens.ISSUER_A, url(DISCOVERY)))).then().statusCode(200);
    }

    @Test
    void noTokenIs401() {
        refused(null, "Authorization: Bearer");
    }

    @Test
    void anIssuerNotOnTheAllowlistIs401() {
        refused(CdsTokens.signedA(CdsTokens.claims("https://stranger.example", url(DISCOVERY))), "issuer is not on the allowlist");
    }

    @Test
    void aTokenSignedByAnotherClientsKeyIs401() {
        // Client B's key, client A's issuer.
        String forged = CdsTokens.claims(CdsTokens.ISSUER_A, url(DISCOVERY)).jws()
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256).sign(CdsTokens.key("hosp-b-private.pem", "EC"));
        refused(forged, "signature");
    }

    @Test
    void anAudienceOtherThanTheCalledUrlIs401() {
        refused(CdsTokens.a(url("/cds-services/cop-patient-view")), "aud must be the called URL " + url(DISCOVERY));
        refused(CdsTokens.a("https://elsewhere.example/cds-services"), "aud must be the called URL");
    }

    @Test
    void anExpiryMoreThanFiveMinutesAheadIs401() {
        Instant now = Instant.now();
        refused(CdsTokens.signedA(CdsTokens.claims(CdsTokens.ISSUER_A, url(DISCOVERY)).expiresAt(now.plusSeconds(360))),
                "exp is more than 300 s ahead");
        discovery(CdsTokens.signedA(CdsTokens.claims(CdsTokens.ISSUER_A, url(DISCOVERY)).expiresAt(now.plusSeconds(290))))
                .then().statusCode(200);
    }

    @Test
    void anExpiredTokenIs401() {
        Instant now = Instant.now();
        refused(CdsTokens.signedA(CdsTokens.claims(CdsTokens.ISSUER_A, url(DISCOVERY)).issuedAt(now.minusSeconds(600))
                .expiresAt(now.minusSeconds(120))), "expired");
    }

    @Test
    void aReplayedJtiIs401() {
        String token = CdsTokens.a(url(DISCOVERY));
        discovery(token).then().statusCode(200);
        refused(token, "jti was used before");
        // The same jti in a new token is the same replay.
        String jti = UUID.randomUUID().toString();
        discovery(CdsTokens.signedA(CdsTokens.claims(CdsTokens.ISSUER_A, url(DISCOVERY)).claim("jti", jti))).then().statusCode(200);
        refused(CdsTokens.signedA(CdsTokens.claims(CdsTokens.ISSUER_A, url(DISCOVERY)).claim("jti", jti)), "jti was used before");
    }

    @Test
    void aTokenWithoutJtiIs401() {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"%s\",\"aud\":\"%s\",\"iat\":%d,\"exp\":%d}".formatted(CdsTokens.ISSUER_A,
                url(DISCOVERY), now, now + 120);
        refused(CdsTokens.rawA(claims), "exp, iat and jti are required");
        discovery(CdsTokens.rawA(claims.replace("}", ",\"jti\":\"" + UUID.randomUUID() + "\"}"))).then().statusCode(200);
    }

    @Test
    void hs256AndNoneAre401() {
        refused(CdsTokens.hs256(url(DISCOVERY)), "alg must be one of RS256, RS384, ES256, ES384");
        refused(CdsTokens.none(url(DISCOVERY)), "alg must be one of RS256, RS384, ES256, ES384");
    }

    @Test
    void theApisOwnTokensDoNotOpenTheCdsService() {
        refused(Tokens.viewer(CdsTokens.HOSPITAL_A), "issuer is not on the allowlist");
        // ... and a CDS client token does not open the API.
        given().header("Authorization", "Bearer " + CdsTokens.a(url("/api/v1/cases"))).get("/api/v1/cases").then().statusCode(401);
    }

    @Test
    void everyPathUnderCdsServicesRequiresTheToken() {
        given().contentType("application/json").body("{}").post("/cds-services/cop-patient-view").then().statusCode(401);
        given().contentType("application/json").body("{}").post("/cds-services/cop-patient-view/feedback").then().statusCode(401);
    }

    @Test
    void corsOnlyForConfiguredOriginsAndOnlyOnCdsPaths() {
        given().header("Origin", "https://ehr-a.test.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/cds-services/cop-patient-view")
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://ehr-a.test.example")
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/cds-services/cop-patient-view")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://ehr-a.test.example").header("Authorization", "Bearer " + CdsTokens.a(url(DISCOVERY)))
                .get(DISCOVERY).then().statusCode(200).header("Access-Control-Allow-Origin", "https://ehr-a.test.example");
        given().header("Origin", "https://evil.example").header("Authorization", "Bearer " + CdsTokens.a(url(DISCOVERY)))
                .get(DISCOVERY).then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://ehr-a.test.example").header("Authorization", "Bearer " + Tokens.viewer("h-cds-a"))
                .get("/api/v1/cases").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
