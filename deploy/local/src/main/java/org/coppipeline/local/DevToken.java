package org.coppipeline.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mints a local dev token for the gateway: RS256, signed with the stack's dev key.
 * Usage (what deploy/local/token.sh runs):
 * {@code DevToken --hospital H --roles case-publisher[,case-viewer][,case-auditor] [--minutes N]}.
 * The token is the only line on stdout; the description goes to stderr.
 */
public final class DevToken {
    public static final String ISSUER = "cop-pipeline-local";
    public static final String AUDIENCE = "cop-gateway";
    /** CONTRACT 1.1: case-auditor reads the access audit (GET /api/v1/audit-events). */
    public static final Set<String> ROLES = Set.of("case-publisher", "case-viewer", "case-auditor");
    /** The contract's hospitalId pattern: a token names a tenant that events can carry. */
    private static final Pattern HOSPITAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DevToken() {
    }

    public record Request(String hospital, List<String> roles, String subject, Duration lifetime) {
        public Request {
            if (hospital == null || !HOSPITAL.matcher(hospital).matches()) {
                throw new IllegalArgumentException("--hospital must match " + HOSPITAL.pattern());
            }
            if (roles == null || roles.isEmpty()) {
                throw new IllegalArgumentException("--roles needs at least one of " + ROLES);
            }
            for (String role : roles) {
                if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException("unknown role '" + role + "' (one of " + ROLES + ")");
                }
            }
            roles = List.copyOf(new LinkedHashSet<>(roles));
            if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("--minutes must be between 1 and 1440");
            }
            if (subject == null || subject.isBlank()) {
                subject = "dev-" + hospital;
            }
        }
    }

    /** header.claims.signature, each part base64url without padding (RFC 7515 compact form). */
    public static String sign(PrivateKey key, Request request, Instant now) {
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("aud", AUDIENCE)
                .put("sub", request.subject())
                .put("upn", request.subject())
                .put("hospital", request.hospital())
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(request.lifetime()).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        request.roles().forEach(claims.putArray("groups")::add);
        return signClaims(key, claims);
    }

    /** Any claims, signed as {@link #sign} signs a dev token (the dev sign-in's ID token uses it). */
    static String signClaims(PrivateKey key, ObjectNode claims) {
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        String signingInput = base64Url(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new StackException("cannot sign the dev token: " + e.getMessage(), e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static void main(String[] args) {
        try {
            Path stateDir = null;
            String hospital = null;
            List<String> roles = new ArrayList<>();
            String subject = null;
            long minutes = 60;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--state-dir" -> stateDir = Path.of(value(args, ++i, "--state-dir"));
                    case "--hospital" -> hospital = value(args, ++i, "--hospital");
                    case "--roles" -> roles.addAll(List.of(value(args, ++i, "--roles").split(",")));
                    case "--subject" -> subject = value(args, ++i, "--subject");
                    case "--minutes" -> minutes = parseMinutes(value(args, ++i, "--minutes"));
                    case "-h", "--help" -> {
                        System.out.println("usage: token.sh --hospital H --roles case-publisher[,case-viewer][,case-auditor] [--minutes N] "
                                + "[--subject S] [--state-dir DIR]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (hospital == null) {
                throw new IllegalArgumentException("--hospital is required");
            }
            roles.replaceAll(String::trim);
            var request = new Request(hospital, roles, subject, Duration.ofMinutes(minutes));
            Path state = stateDir != null ? stateDir : StackOptions.defaultStateDir();
            DevKeys keys = DevKeys.load(state);
            Instant now = Instant.now();
            System.err.println("# dev token: hospital=" + request.hospital() + " groups=" + request.roles()
                    + " sub=" + request.subject() + " expires " + now.plus(request.lifetime()));
            System.out.println(sign(keys.privateKey(), request, now));
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            System.exit(2);
        } catch (StackException e) {
            System.err.println("token: " + e.getMessage());
            System.exit(1);
        }
    }

    private static long parseMinutes(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--minutes must be a whole number of minutes");
        }
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
