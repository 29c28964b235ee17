package org.coppipeline.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The local stack's dev CDS client (an EHR calling the gateway's CDS Hooks service, CONTRACT 7): an EC P-384 key pair
 * and the per-deployment case-id secret, generated into {@code <state>/cds} on the first start and never committed
 * (the state folder is git-ignored). At every start the gateway gets an allowlist entry per dev hospital
 * ({@link #HOSPITALS}), issuer {@code urn:cop-pipeline:local-ehr:<hospital>}, all verified with this public key, through
 * a properties file named by QUARKUS_CONFIG_LOCATIONS. {@link #sign} makes the client's ES384 JWTs (cds-token.sh).
 */
public final class DevCdsClient {
    /** The dev hospitals the dev CDS client may speak for (one allowlist entry each). */
    public static final List<String> HOSPITALS = List.of("hosp-a", "hosp-b");
    public static final String KEY_ID = "local-cds-1";
    /** CONTRACT 7: a CDS client token expires at most five minutes ahead. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final String PRIVATE = "private-key.pem";
    private static final String PUBLIC = "public-key.pem";
    private static final String SECRET = "case-id-secret";
    private static final String CONFIG = "gateway-cds.properties";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final PrivateKey privateKey;

    private DevCdsClient(Path dir, PrivateKey privateKey) {
        this.dir = dir;
        this.privateKey = privateKey;
    }

    public static Path dir(Path stateDir) {
        return stateDir.resolve("cds");
    }

    public static String issuer(String hospital) {
        return "urn:cop-pipeline:local-ehr:" + hospital;
    }

    /** Loads the client, generating key pair and secret first when the state folder has none; writes the allowlist. */
    public static DevCdsClient ensure(Path stateDir) {
        Path dir = dir(stateDir);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(PRIVATE)) || !Files.exists(dir.resolve(PUBLIC))) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp384r1"));
                var pair = generator.generateKeyPair();
                writePrivate(dir.resolve(PRIVATE), DevKeys.toPem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(dir.resolve(PUBLIC), DevKeys.toPem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            if (!Files.exists(dir.resolve(SECRET))) {
                byte[] random = new byte[36];
                new SecureRandom().nextBytes(random);
                writePrivate(dir.resolve(SECRET), Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            }
            writePrivate(dir.resolve(CONFIG), allowlist(dir));
        } catch (IOException | GeneralSecurityException e) {
            throw new StackException("cannot create the dev CDS client in " + dir + ": " + e.getMessage(), e);
        }
        return load(stateDir);
    }

    public static DevCdsClient load(Path stateDir) {
        Path dir = dir(stateDir);
        if (!Files.exists(dir.resolve(PRIVATE))) {
            throw new StackException("no dev CDS client key in " + dir + ": start the stack once (deploy/local/run.sh), it creates it");
        }
        try {
            String body = Files.readString(dir.resolve(PRIVATE)).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return new DevCdsClient(dir, key);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new StackException("dev CDS client key in " + dir + " is unreadable (" + e.getMessage()
                    + "): delete that folder and start the stack again", e);
        }
    }

    /** The gateway's CDS configuration: one allowlist entry per dev hospital, the public key, the case-id secret. */
    private static String allowlist(Path dir) throws IOException {
        StringBuilder text = new StringBuilder("# Written by the local stack at each start (DevCdsClient): the dev CDS client.\n");
        text.append("gateway.cds.case-id-secret=").append(Files.readString(dir.resolve(SECRET)).strip()).append('\n');
        for (String hospital : HOSPITALS) {
            String entry = "gateway.cds.clients.local-" + hospital + ".";
            text.append(entry).append("issuer=").append(issuer(hospital)).append('\n');
            text.append(entry).append("hospital-id=").append(hospital).append('\n');
            text.append(entry).append("public-key-location=").append(dir.resolve(PUBLIC).toAbsolutePath()).append('\n');
        }
        return text.toString();
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    /** The properties file handed to the gateway as QUARKUS_CONFIG_LOCATIONS. */
    public Path configFile() {
        return dir.resolve(CONFIG);
    }

    /**
     * A CDS client JWT (CDS Hooks 2.0): header alg ES384, typ JWT, kid; claims iss (the hospital's dev issuer), aud (the
     * URL to be called), iat, exp (now + lifetime, at most 5 minutes) and a fresh jti.
     */
    public String sign(String hospital, String audience, Duration lifetime, Instant now) {
        if (!HOSPITALS.contains(hospital)) {
            throw new IllegalArgumentException("--hospital must be one of the dev CDS client's hospitals " + HOSPITALS);
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("--seconds must be between 1 and " + MAX_LIFETIME.toSeconds());
        }
        ObjectNode header = JSON.createObjectNode().put("alg", "ES384").put("typ", "JWT").put("kid", KEY_ID);
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", issuer(hospital))
                .put("aud", audience)
                .put("iat", now.getEpochSecond())
                .put("exp", now.getEpochSecond() + lifetime.toSeconds())
                .put("jti", UUID.randomUUID().toString());
        String input = DevToken.base64Url(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + DevToken.base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            // JWS wants the raw r||s pair (RFC 7518 3.4), which is what the P1363 format gives.
            Signature es384 = Signature.getInstance("SHA384withECDSAinP1363Format");
            es384.initSign(privateKey);
            es384.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + DevToken.base64Url(es384.sign());
        } catch (GeneralSecurityException e) {
            throw new StackException("cannot sign the dev CDS token: " + e.getMessage(), e);
        }
    }
}
