package org.coppipeline.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Replays;
import org.coppipeline.gateway.support.Management;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 1 and 1.1, every endpoint x every kind of caller: 401 for no or bad tokens (exp and iat required, lifetime at
 * most 24 h, 30 s of clock skew, RS256 only), 403 for the wrong role or no hospital.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class AuthenticationMatrixTest {

    static final String HOSPITAL = "h-auth";

    enum Endpoint {
        POST_EVENT(Tokens.PUBLISHER, 202, (token, caseId) -> Api.post(token, Events.event(HOSPITAL, caseId).toString())),
        LIST_CASES(Tokens.VIEWER, 200, (token, caseId) -> Api.as(token).get(Api.CASES)),
        VIEW_CASE(Tokens.VIEWER, 404, (token, caseId) -> Api.view(token, caseId)),
        CASE_HISTORY(Tokens.VIEWER, 404, (token, caseId) -> Api.history(token, caseId)),
        AUDIT_EVENTS(Tokens.AUDITOR, 200, (token, caseId) -> Api.audit(token, java.util.Map.of("caseId", caseId))),
        // Replay and knowledge impact (CONTRACT 9): asked with an invalid body (400 past security, and nothing queued).
        REQUEST_REPLAY(Tokens.VIEWER, 400, (token, caseId) -> Replays.request(token, caseId, "{}")),
        VIEW_REPLAY(Tokens.VIEWER, 404, (token, caseId) -> Replays.get(token, caseId, UUID.randomUUID().toString())),
        REQUEST_IMPACT(Tokens.VIEWER, 400, (token, caseId) -> Replays.requestImpact(token, "{}")),
        VIEW_IMPACT(Tokens.VIEWER, 404, (token, caseId) -> Replays.impact(token, UUID.randomUUID().toString(), java.util.Map.of()));

        final String role;
        /** The answer to a good token: the call got past security (a missing case, replay or run is 404). */
        final int allowed;
        final BiFunction<String, String, Response> call;

        Endpoint(String role, int allowed, BiFunction<String, String, Response> call) {
            this.role = role;
            this.allowed = allowed;
            this.call = call;
        }

        Response call(String token) {
            return call.apply(token, Events.newCaseId("auth"));
        }

        String otherRole() {
            return role.equals(Tokens.PUBLISHER) ? Tokens.VIEWER : Tokens.PUBLISHER;
        }
    }

    static Stream<Arguments> unauthenticated() {
        return Stream.of(Endpoint.values()).flatMap(endpoint -> Stream.of(
                Arguments.of(endpoint, "no token", null),
                Arguments.of(endpoint, "garbage", "not-a-jwt"),
                Arguments.of(endpoint, "bad signature", Tokens.badSignature(HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "unsigned (alg none)", Tokens.unsigned(HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "expired", Tokens.expired(HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "wrong issuer", Tokens.wrongIssuer(HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "wrong audience", Tokens.wrongAudience(HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "expired 31 s ago", Tokens.expiredAgo(31, HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "lifetime 25 h", Tokens.lifetime(25 * 3600, HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "lifetime 24 h and a second", Tokens.lifetime(24 * 3600 + 1, HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "no iat", Tokens.without("iat", HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "no exp", Tokens.without("exp", HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "issued an hour from now", Tokens.issuedInTheFuture(HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "HS256", Tokens.hmac(HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "ES256 (not the pinned algorithm)", Tokens.es256(HOSPITAL, endpoint.role))));
    }

    static Stream<Arguments> acceptedAtTheEdge() {
        return Stream.of(Endpoint.values()).flatMap(endpoint -> Stream.of(
                Arguments.of(endpoint, "signed by hand like the refused ones", Tokens.lifetime(600, HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "lifetime exactly 24 h", Tokens.lifetime(24 * 3600, HOSPITAL, endpoint.role)),
                Arguments.of(endpoint, "expired 10 s ago (within the 30 s skew)", Tokens.expiredAgo(10, HOSPITAL, endpoint.role))));
    }

    @ParameterizedTest(name = "{0} with {1} -> past security")
    @MethodSource("acceptedAtTheEdge")
    void tokensWithinTheLimitsPass(Endpoint endpoint, String kind, String token) {
        endpoint.call(token).then().statusCode(endpoint.allowed);
    }

    /** The verified-token cache never answers for a token the verifier refused, however often it is sent. */
    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        String tooLong = Tokens.lifetime(25 * 3600, HOSPITAL, Tokens.VIEWER);
        for (int i = 0; i < 3; i++) {
            Endpoint.LIST_CASES.call(tooLong).then().statusCode(401);
        }
    }

    @ParameterizedTest(name = "{0} with {1} -> 401")
    @MethodSource("unauthenticated")
    void noValidTokenIs401(Endpoint endpoint, String kind, String token) {
        endpoint.call(token).then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("type", equalTo("urn:cop-pipeline:problem:unauthenticated"));
    }

    @ParameterizedTest(name = "{0} with the other role -> 403")
    @EnumSource(Endpoint.class)
    void wrongRoleIs403(Endpoint endpoint) {
        endpoint.call(Tokens.token(HOSPITAL, endpoint.otherRole())).then()
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:cop-pipeline:problem:forbidden"));
    }

    @ParameterizedTest(name = "{0} with no role at all -> 403")
    @EnumSource(Endpoint.class)
    void noRoleIs403(Endpoint endpoint) {
        endpoint.call(Tokens.token(HOSPITAL)).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
    }

    @ParameterizedTest(name = "{0} with the right role but no hospital claim -> 403")
    @EnumSource(Endpoint.class)
    void noHospitalClaimIs403(Endpoint endpoint) {
        endpoint.call(Tokens.token(null, endpoint.role)).then()
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("The token carries no valid hospital claim."));
    }

    @ParameterizedTest(name = "{0} with the right role -> past security")
    @EnumSource(Endpoint.class)
    void rightRolePasses(Endpoint endpoint) {
        endpoint.call(Tokens.token(HOSPITAL, endpoint.role)).then().statusCode(endpoint.allowed);
    }

    @Test
    void allRolesInOneTokenPassAll() {
        String both = Tokens.token(HOSPITAL, Tokens.PUBLISHER, Tokens.VIEWER, Tokens.AUDITOR);
        for (Endpoint endpoint : Endpoint.values()) {
            endpoint.call(both).then().statusCode(endpoint.allowed);
        }
    }

    /**
     * The verified-token cache (security/VerifiedTokenCache) is what the JWT mechanism uses: a repeated token is
     * answered from memory, and a token that only shares claims with a remembered one is still checked in full.
     */
    @Test
    void aRememberedTokenSkipsVerificationButAForgedTwinDoesNot() {
        String token = Tokens.viewer(HOSPITAL);
        double hitsBefore = tokenCache("hit");
        Endpoint.VIEW_CASE.call(token).then().statusCode(404);
        Endpoint.VIEW_CASE.call(token).then().statusCode(404);
        Endpoint.VIEW_CASE.call(token).then().statusCode(404);
        org.assertj.core.api.Assertions.assertThat(tokenCache("hit") - hitsBefore).isGreaterThanOrEqualTo(2);

        // Same header and claims, signature of another key; and the remembered token with its signature cut.
        String[] parts = token.split("\\.");
        String[] stranger = Tokens.badSignature(HOSPITAL, Tokens.VIEWER).split("\\.");
        for (String forged : new String[] { parts[0] + "." + parts[1] + "." + stranger[2], parts[0] + "." + parts[1] + "." }) {
            Endpoint.VIEW_CASE.call(forged).then().statusCode(401);
        }
    }

    private static double tokenCache(String result) {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("gateway_auth_token_cache_total{") && l.contains("result=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2).split(" ")[0])).sum();
    }

    @Test
    void operationalEndpointsNeedNoTokenOnTheManagementPort() {
        Management.given().get("/q/health/live").then().statusCode(200);
        Management.given().get("/q/health/ready").then().statusCode(not(equalTo(401)));
        Management.given().get("/q/metrics").then().statusCode(200);
        Management.given().get("/q/openapi").then().statusCode(200);
        // Swagger UI is on in the test profile (off in prod unless enabled); it follows /q/openapi to the management port.
        Management.given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200);
    }

    /** CONTRACT 1 and issue 14: nothing of the management interface answers on the API port, with or without a token. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "/q/metrics", "/q/health", "/q/health/live", "/q/health/ready",
            "/q/health/started", "/q/openapi", "/q/swagger-ui/" })
    void managementPathsAre404OnTheApiPort(String path) {
        org.assertj.core.api.Assertions.assertThat(Management.port()).isNotEqualTo(RestAssured.port);
        RestAssured.given().redirects().follow(false).get(path).then().statusCode(404);
        Api.as(Tokens.viewer(HOSPITAL)).redirects().follow(false).get(path).then().statusCode(404);
    }

    @Test
    void unknownPathIsProblem404() {
        Api.as(Tokens.viewer(HOSPITAL)).get("/api/v1/nothing-here").then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void wrongMethodIsProblem405() {
        Api.as(Tokens.viewer(HOSPITAL)).delete(Api.CASES).then()
                .statusCode(405)
                .contentType(Problem.MEDIA_TYPE);
    }
}
