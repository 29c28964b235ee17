package org.coppipeline.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local stack's development sign-in for the dashboard: a minimal OpenID Connect provider on 127.0.0.1
 * (JDK HttpServer, in the launcher's JVM). It offers the authorization code flow with PKCE (S256 only) to one
 * public client, {@value #CLIENT_ID}, whose redirect URI must be {@code http://<loopback>:<port>/dashboard/}.
 * Its sign-in page has one button per offered hospital and no password: whoever reaches this machine's loopback
 * may sign in, which is what the local stack is for. The access token is exactly a {@link DevToken} (issuer
 * {@value DevToken#ISSUER}, audience {@value DevToken#AUDIENCE}, role case-viewer), signed with the stack's dev
 * key, so the gateway accepts it as it accepts deploy/local/token.sh's; the ID token names this provider.
 */
public final class DevIdentityProvider implements AutoCloseable {

    public static final String CLIENT_ID = "cop-dashboard";
    public static final String REDIRECT_PATH = "/dashboard/";
    public static final List<String> OFFERED_HOSPITALS = List.of("hosp-a", "hosp-b");
    static final String ROLE = "case-viewer";
    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(60);
    private static final Pattern HOSPITAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** RFC 7636 4.1 and 4.2: the verifier's alphabet and length; an S256 challenge is 43 base64url characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DevKeys keys;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String issuer;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    /** What an issued code stands for, until it is exchanged once or expires. */
    record Grant(String redirectUri, String challenge, String hospital, String nonce, String scope, Instant expiresAt) {
    }

    private DevIdentityProvider(DevKeys keys, Clock clock, HttpServer server, ExecutorService executor) {
        this.keys = keys;
        this.clock = clock;
        this.server = server;
        this.executor = executor;
        this.issuer = "http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort();
    }

    /** Listens on 127.0.0.1:port (0: a free port). */
    public static DevIdentityProvider start(DevKeys keys, int port) {
        return start(keys, port, Clock.systemUTC());
    }

    static DevIdentityProvider start(DevKeys keys, int port, Clock clock) {
        int chosen = port == 0 ? Ports.free() : port;
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), chosen), 16);
        } catch (BindException e) {
            throw new StackException("port " + chosen + " (dev sign-in) is already in use on " + Ports.LOOPBACK
                    + ": stop what listens there or choose another --http-base-port");
        } catch (IOException e) {
            throw new StackException("dev sign-in: cannot listen on " + Ports.LOOPBACK + ":" + chosen + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "dev-sign-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        DevIdentityProvider provider = new DevIdentityProvider(keys, clock, server, executor);
        server.createContext("/", provider::handle);
        server.start();
        return provider;
    }

    /** http://127.0.0.1:port: the issuer of its discovery document and ID tokens. */
    public String issuer() {
        return issuer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        codes.clear();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/.well-known/openid-configuration" -> {
                    if (method.equals("GET")) {
                        json(exchange, 200, discovery());
                    } else {
                        status(exchange, 405, "GET only");
                    }
                }
                case "/jwks" -> json(exchange, 200, jwks());
                case "/authorize" -> {
                    if (method.equals("GET")) {
                        authorizePage(exchange, query(exchange.getRequestURI().getRawQuery()));
                    } else if (method.equals("POST")) {
                        approve(exchange, query(body(exchange)));
                    } else {
                        status(exchange, 405, "GET or POST");
                    }
                }
                case "/token" -> {
                    if (method.equals("POST")) {
                        token(exchange, query(body(exchange)));
                    } else if (method.equals("OPTIONS")) {
                        cors(exchange);
                        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
                        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                        exchange.sendResponseHeaders(204, -1);
                    } else {
                        status(exchange, 405, "POST only");
                    }
                }
                default -> status(exchange, 404, "not found");
            }
        } catch (BadRequest e) {
            status(exchange, 400, e.getMessage());
        } catch (RuntimeException e) {
            status(exchange, 500, "dev sign-in failed: " + e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
    }

    private ObjectNode discovery() {
        ObjectNode doc = JSON.createObjectNode()
                .put("issuer", issuer)
                .put("authorization_endpoint", issuer + "/authorize")
                .put("token_endpoint", issuer + "/token")
                .put("jwks_uri", issuer + "/jwks");
        doc.putArray("response_types_supported").add("code");
        doc.putArray("grant_types_supported").add("authorization_code");
        doc.putArray("code_challenge_methods_supported").add("S256");
        doc.putArray("token_endpoint_auth_methods_supported").add("none");
        doc.putArray("subject_types_supported").add("public");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("scopes_supported").add("openid");
        return doc;
    }

    private ObjectNode jwks() {
        ObjectNode key = JSON.createObjectNode()
                .put("kty", "RSA").put("use", "sig").put("alg", "RS256")
                .put("n", unsigned(keys.publicKey().getModulus()))
                .put("e", unsigned(keys.publicKey().getPublicExponent()));
        ObjectNode set = JSON.createObjectNode();
        set.putArray("keys").add(key);
        return set;
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return DevToken.base64Url(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    /** The sign-in page: one button per offered hospital, and a field for another hospital. */
    private void authorizePage(HttpExchange exchange, Map<String, String> params) throws IOException {
        AuthorizationRequest request = AuthorizationRequest.parse(params);
        Optional<String> refusal = request.refusal();
        if (refusal.isPresent()) {
            redirect(exchange, request.errorRedirect(refusal.get()));
            return;
        }
        StringBuilder hidden = new StringBuilder();
        request.fields().forEach((name, value) -> hidden.append("<input type=\"hidden\" name=\"").append(html(name))
                .append("\" value=\"").append(html(value)).append("\">"));
        StringBuilder page = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Development sign-in</title></head><body><main>"
                + "<h1>Development sign-in of the local stack</h1>"
                + "<p>No password: this provider runs on this machine's loopback only, for development. It signs you in as a "
                + "dev clinician (role " + ROLE + ") of the hospital you choose; the token is signed with the stack's dev key.</p>"
                + "<form method=\"post\" action=\"/authorize\">").append(hidden);
        for (String hospital : OFFERED_HOSPITALS) {
            page.append("<p><button type=\"submit\" name=\"hospital\" value=\"").append(html(hospital)).append("\">")
                    .append("Sign in as dev clinician of ").append(html(hospital)).append("</button></p>");
        }
        page.append("</form><form method=\"post\" action=\"/authorize\">").append(hidden)
                .append("<p><label for=\"other-hospital\">Another hospital</label> ")
                .append("<input id=\"other-hospital\" name=\"hospital\" required pattern=\"").append(html(HOSPITAL.pattern()))
                .append("\"> <button type=\"submit\">Sign in as dev clinician of that hospital</button></p></form>")
                .append("</main></body></html>");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                + "form-action 'self' " + request.redirectOrigin());
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(exchange, 200, "text/html; charset=utf-8", page.toString());
    }

    /** The button: a fresh single-use code, back to the dashboard with it. */
    private void approve(HttpExchange exchange, Map<String, String> form) throws IOException {
        AuthorizationRequest request = AuthorizationRequest.parse(form);
        Optional<String> refusal = request.refusal();
        if (refusal.isPresent()) {
            redirect(exchange, request.errorRedirect(refusal.get()));
            return;
        }
        String hospital = form.getOrDefault("hospital", "");
        if (!HOSPITAL.matcher(hospital).matches()) {
            throw new BadRequest("hospital must match " + HOSPITAL.pattern());
        }
        removeExpired();
        String code = random(32);
        codes.put(code, new Grant(request.redirectUri(), request.challenge(), hospital, request.nonce(), request.scope(),
                clock.instant().plus(CODE_LIFETIME)));
        StringBuilder location = new StringBuilder(request.redirectUri()).append("?code=").append(code);
        if (request.state() != null) {
            location.append("&state=").append(URLEncoder.encode(request.state(), StandardCharsets.UTF_8));
        }
        redirect(exchange, location.toString());
    }

    /** RFC 6749 4.1.3 with RFC 7636 4.6: the code once, for the same client and redirect URI, with the verifier. */
    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        cors(exchange);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (!"authorization_code".equals(form.get("grant_type"))) {
            json(exchange, 400, error("unsupported_grant_type", "only authorization_code"));
            return;
        }
        if (!CLIENT_ID.equals(form.get("client_id"))) {
            json(exchange, 400, error("invalid_client", "unknown client"));
            return;
        }
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || clock.instant().isAfter(grant.expiresAt())) {
            json(exchange, 400, error("invalid_grant", "unknown, used or expired code"));
            return;
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            json(exchange, 400, error("invalid_grant", "redirect_uri differs from the authorization request's"));
            return;
        }
        String verifier = form.getOrDefault("code_verifier", "");
        if (!VERIFIER.matcher(verifier).matches() || !MessageDigest.isEqual(
                s256(verifier).getBytes(StandardCharsets.US_ASCII), grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
            json(exchange, 400, error("invalid_grant", "code_verifier does not match the code_challenge"));
            return;
        }
        Instant now = clock.instant();
        String subject = "dev-clinician-" + grant.hospital();
        String accessToken = DevToken.sign(keys.privateKey(),
                new DevToken.Request(grant.hospital(), List.of(ROLE), subject, TOKEN_LIFETIME), now);
        ObjectNode idClaims = JSON.createObjectNode()
                .put("iss", issuer)
                .put("aud", CLIENT_ID)
                .put("sub", subject)
                .put("name", "Dev clinician (" + grant.hospital() + ")")
                .put("hospital", grant.hospital())
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        if (grant.nonce() != null) {
            idClaims.put("nonce", grant.nonce());
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("access_token", accessToken)
                .put("token_type", "Bearer")
                .put("expires_in", TOKEN_LIFETIME.toSeconds())
                .put("id_token", DevToken.signClaims(keys.privateKey(), idClaims))
                .put("scope", grant.scope());
        json(exchange, 200, answer);
    }

    private void removeExpired() {
        Instant now = clock.instant();
        codes.values().removeIf(grant -> now.isAfter(grant.expiresAt()));
    }

    static String s256(String verifier) {
        try {
            return DevToken.base64Url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dashboard calls discovery and the token endpoint from its own origin: answered for loopback origins only. */
    private static void cors(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && loopbackOrigin(origin)) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        }
        exchange.getResponseHeaders().set("Vary", "Origin");
    }

    static boolean loopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            return "http".equals(uri.getScheme()) && loopbackHost(uri.getHost()) && (uri.getPath() == null || uri.getPath().isEmpty());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean loopbackHost(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    }

    private static ObjectNode error(String code, String description) {
        return JSON.createObjectNode().put("error", code).put("error_description", description);
    }

    private static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        cors(exchange);
        send(exchange, status, "application/json", body.toString());
    }

    private static void status(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(exchange, status, "text/plain; charset=utf-8", "dev sign-in: " + text + "\n");
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(16 * 1024 + 1);
            if (bytes.length > 16 * 1024) {
                throw new BadRequest("request body too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** application/x-www-form-urlencoded (a query or a form body); a parameter given twice is refused (RFC 6749 3.1). */
    static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (params.put(name, value) != null) {
                throw new BadRequest("parameter " + name + " given more than once");
            }
        }
        return params;
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return DevToken.base64Url(value);
    }

    /** A request this provider answers with a plain 400 page: nowhere safe to send the browser back to. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * An authorization request (RFC 6749 4.1.1 with PKCE). The client and the redirect URI are checked first and
     * answered with a 400 page when wrong (never a redirect to an unchecked URI); then everything else is
     * answered by a redirect carrying the error, as the RFC asks.
     */
    record AuthorizationRequest(String redirectUri, String redirectOrigin, String responseType, String scope, String state,
            String nonce, String challenge, String challengeMethod) {

        static AuthorizationRequest parse(Map<String, String> params) {
            if (!CLIENT_ID.equals(params.get("client_id"))) {
                throw new BadRequest("unknown client_id (the dashboard's is " + CLIENT_ID + ")");
            }
            String redirectUri = params.get("redirect_uri");
            String origin = dashboardOrigin(redirectUri)
                    .orElseThrow(() -> new BadRequest("redirect_uri must be http://<loopback>:<port>" + REDIRECT_PATH));
            return new AuthorizationRequest(redirectUri, origin, params.get("response_type"), params.getOrDefault("scope", "openid"),
                    params.get("state"), params.get("nonce"), params.get("code_challenge"), params.get("code_challenge_method"));
        }

        static Optional<String> dashboardOrigin(String redirectUri) {
            if (redirectUri == null) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(redirectUri);
                if ("http".equals(uri.getScheme()) && loopbackHost(uri.getHost()) && uri.getPort() > 0
                        && REDIRECT_PATH.equals(uri.getRawPath()) && uri.getRawQuery() == null && uri.getRawFragment() == null
                        && uri.getRawUserInfo() == null) {
                    return Optional.of("http://" + uri.getHost() + ":" + uri.getPort());
                }
            } catch (URISyntaxException e) {
                // refused below
            }
            return Optional.empty();
        }

        /** The OAuth error to send back, if any. */
        Optional<String> refusal() {
            if (!"code".equals(responseType)) {
                return Optional.of("unsupported_response_type");
            }
            if (!"S256".equals(challengeMethod) || challenge == null || !CHALLENGE.matcher(challenge).matches()) {
                return Optional.of("invalid_request");
            }
            if ((state != null && state.length() > 512) || (nonce != null && nonce.length() > 512) || scope.length() > 512) {
                return Optional.of("invalid_request");
            }
            return Optional.empty();
        }

        String errorRedirect(String error) {
            String description = switch (error) {
                case "unsupported_response_type" -> "only response_type=code";
                default -> "PKCE with code_challenge_method=S256 is required";
            };
            StringBuilder location = new StringBuilder(redirectUri).append("?error=").append(error)
                    .append("&error_description=").append(URLEncoder.encode(description, StandardCharsets.UTF_8));
            if (state != null) {
                location.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
            }
            return location.toString();
        }

        /** The request's parameters, carried through the sign-in form. */
        Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("client_id", CLIENT_ID);
            fields.put("redirect_uri", redirectUri);
            fields.put("response_type", responseType);
            fields.put("scope", scope);
            if (state != null) {
                fields.put("state", state);
            }
            if (nonce != null) {
                fields.put("nonce", nonce);
            }
            fields.put("code_challenge", challenge);
            fields.put("code_challenge_method", challengeMethod);
            return fields;
        }
    }
}
