package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The dashboard's dev sign-in, over real HTTP on loopback: discovery, the sign-in page, code + PKCE, tokens. */
class DevIdentityProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirect
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String REDIRECT = "http://127.0.0.1:8080/dashboard/";

    @TempDir
    Path state;
    private DevKeys keys;
    private DevIdentityProvider provider;

    @BeforeEach
    void start() {
        keys = DevKeys.ensure(state);
        provider = DevIdentityProvider.start(keys, 0);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void pkceS256IsTheRfcExample() {
        // RFC 7636 appendix B.
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", DevIdentityProvider.s256(VERIFIER));
    }

    @Test
    void discoveryNamesTheEndpointsOnLoopbackAndOnlyS256() throws Exception {
        HttpResponse<String> answer = get("/.well-known/openid-configuration", Map.of("Origin", "http://127.0.0.1:8080"));
        assertEquals(200, answer.statusCode());
        JsonNode doc = JSON.readTree(answer.body());
        assertEquals(provider.issuer(), doc.get("issuer").asText());
        assertTrue(provider.issuer().startsWith("http://127.0.0.1:"));
        assertEquals(provider.issuer() + "/token", doc.get("token_endpoint").asText());
        assertEquals("[\"S256\"]", doc.get("code_challenge_methods_supported").toString());
        assertEquals("http://127.0.0.1:8080", answer.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "the dashboard's origin may read it");
        assertEquals(200, get("/.well-known/openid-configuration", Map.of("Origin", "https://evil.example")).statusCode());
        assertTrue(get("/.well-known/openid-configuration", Map.of("Origin", "https://evil.example")).headers()
                .firstValue("Access-Control-Allow-Origin").isEmpty(), "no other origin");
        assertEquals(List.of("127.0.0.1"), TestSupport.listeningAddresses(provider.port()));
    }

    @Test
    void oneClickGivesACodeThatTheVerifierExchangesOnceForADevToken() throws Exception {
        HttpResponse<String> page = get("/authorize?" + form(authorization("st<\"ate>")), Map.of());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(">Sign in as dev clinician of hosp-a</button>"), page.body());
        assertTrue(page.body().contains(">Sign in as dev clinician of hosp-b</button>"), page.body());
        assertTrue(page.body().contains("value=\"st&lt;&quot;ate&gt;\""), "request values are escaped in the page");
        assertFalse(page.body().contains("<script"), "no script");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));

        Map<String, String> approve = authorization("st<\"ate>");
        approve.put("hospital", "hosp-b");
        HttpResponse<String> back = post("/authorize", approve, Map.of());
        assertEquals(303, back.statusCode());
        String location = back.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?code="), location);
        assertTrue(location.endsWith("&state=" + URLEncoder.encode("st<\"ate>", StandardCharsets.UTF_8)), location);
        String code = location.substring(location.indexOf("code=") + 5, location.indexOf('&'));

        Map<String, String> exchange = tokenRequest(code, VERIFIER);
        HttpResponse<String> tokens = post("/token", exchange, Map.of("Origin", "http://127.0.0.1:8080"));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("no-store", tokens.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("http://127.0.0.1:8080", tokens.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        JsonNode body = JSON.readTree(tokens.body());
        assertEquals("Bearer", body.get("token_type").asText());

        JsonNode access = verifiedClaims(body.get("access_token").asText());
        assertEquals(DevToken.ISSUER, access.get("iss").asText(), "the gateway's issuer, as token.sh's");
        assertEquals(DevToken.AUDIENCE, access.get("aud").asText());
        assertEquals("hosp-b", access.get("hospital").asText());
        assertEquals("[\"case-viewer\"]", access.get("groups").toString());
        assertEquals(3600, access.get("exp").asLong() - access.get("iat").asLong());

        JsonNode id = verifiedClaims(body.get("id_token").asText());
        assertEquals(provider.issuer(), id.get("iss").asText());
        assertEquals(DevIdentityProvider.CLIENT_ID, id.get("aud").asText());
        assertEquals("n-0S6_WzA2Mj", id.get("nonce").asText());

        HttpResponse<String> again = post("/token", exchange, Map.of());
        assertEquals(400, again.statusCode(), "a code is used once");
        assertEquals("invalid_grant", JSON.readTree(again.body()).get("error").asText());
    }

    @Test
    void aWrongVerifierOrRedirectUriGetsNoToken() throws Exception {
        String code = approvedCode();
        assertEquals("invalid_grant", JSON.readTree(post("/token",
                tokenRequest(code, "a".repeat(43)), Map.of()).body()).get("error").asText());
        // The failed attempt used the code up: the right verifier is too late.
        assertEquals(400, post("/token", tokenRequest(code, VERIFIER), Map.of()).statusCode());

        Map<String, String> otherRedirect = tokenRequest(approvedCode(), VERIFIER);
        otherRedirect.put("redirect_uri", "http://127.0.0.1:9999/dashboard/");
        assertEquals(400, post("/token", otherRedirect, Map.of()).statusCode());
    }

    @Test
    void anUncheckedRedirectUriIsNeverRedirectedTo() throws Exception {
        for (String redirect : new String[] { "https://evil.example/dashboard/", "http://127.0.0.1:8080/elsewhere/",
                "http://10.0.0.1:8080/dashboard/", "http://127.0.0.1:8080/dashboard/?x=1" }) {
            Map<String, String> params = authorization("s");
            params.put("redirect_uri", redirect);
            HttpResponse<String> answer = get("/authorize?" + form(params), Map.of());
            assertEquals(400, answer.statusCode(), redirect);
            assertTrue(answer.headers().firstValue("Location").isEmpty(), redirect);
        }
        Map<String, String> client = authorization("s");
        client.put("client_id", "someone-else");
        assertEquals(400, get("/authorize?" + form(client), Map.of()).statusCode());
    }

    @Test
    void withoutPkceS256TheDashboardGetsAnErrorBack() throws Exception {
        Map<String, String> plain = authorization("s1");
        plain.put("code_challenge_method", "plain");
        HttpResponse<String> answer = get("/authorize?" + form(plain), Map.of());
        assertEquals(303, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?error=invalid_request&"), location);
        assertTrue(location.endsWith("&state=s1"), location);

        Map<String, String> missing = authorization("s2");
        missing.remove("code_challenge");
        missing.put("hospital", "hosp-a");
        HttpResponse<String> approve = post("/authorize", missing, Map.of());
        assertTrue(approve.headers().firstValue("Location").orElseThrow().contains("error=invalid_request"));
    }

    private String approvedCode() throws Exception {
        Map<String, String> approve = authorization("s");
        approve.put("hospital", "hosp-a");
        String location = post("/authorize", approve, Map.of()).headers().firstValue("Location").orElseThrow();
        Matcher code = Pattern.compile("code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);
        return code.group(1);
    }

    private static Map<String, String> authorization(String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", DevIdentityProvider.CLIENT_ID);
        params.put("redirect_uri", REDIRECT);
        params.put("scope", "openid");
        params.put("state", state);
        params.put("nonce", "n-0S6_WzA2Mj");
        params.put("code_challenge", DevIdentityProvider.s256(VERIFIER));
        params.put("code_challenge_method", "S256");
        return params;
    }

    private static Map<String, String> tokenRequest(String code, String verifier) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", REDIRECT);
        params.put("client_id", DevIdentityProvider.CLIENT_ID);
        params.put("code_verifier", verifier);
        return params;
    }

    private JsonNode verifiedClaims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(keys.publicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signed with the stack's dev key");
        assertEquals("RS256", JSON.readTree(Base64.getUrlDecoder().decode(parts[0])).get("alg").asText());
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.issuer() + path)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> params, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.issuer() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
