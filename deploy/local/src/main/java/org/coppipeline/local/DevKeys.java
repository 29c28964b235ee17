package org.coppipeline.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs local dev tokens: generated into {@code <state>/jwt} on the first start of
 * the stack, never committed (the state folder is git-ignored). The gateway verifies with the public PEM.
 */
public final class DevKeys {
    private static final String PRIVATE = "private-key.pem";
    private static final String PUBLIC = "public-key.pem";

    private final Path publicKeyFile;
    private final RSAPrivateKey privateKey;
    private final RSAPublicKey publicKey;

    private DevKeys(Path publicKeyFile, RSAPrivateKey privateKey, RSAPublicKey publicKey) {
        this.publicKeyFile = publicKeyFile;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static Path dir(Path stateDir) {
        return stateDir.resolve("jwt");
    }

    /** Loads the pair, generating it first when the state folder has none. */
    public static DevKeys ensure(Path stateDir) {
        Path dir = dir(stateDir);
        if (!Files.exists(dir.resolve(PRIVATE)) || !Files.exists(dir.resolve(PUBLIC))) {
            generate(dir);
        }
        return load(stateDir);
    }

    public static DevKeys load(Path stateDir) {
        Path dir = dir(stateDir);
        if (!Files.exists(dir.resolve(PRIVATE)) || !Files.exists(dir.resolve(PUBLIC))) {
            throw new StackException("no dev key in " + dir + ": start the stack once (deploy/local/run.sh), it creates the key pair");
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(dir.resolve(PRIVATE))));
            var publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(pem(dir.resolve(PUBLIC))));
            return new DevKeys(dir.resolve(PUBLIC), privateKey, publicKey);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new StackException("dev key in " + dir + " is unreadable (" + e.getMessage() + "): delete that folder and start the stack again", e);
        }
    }

    private static void generate(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Path privateFile = dir.resolve(PRIVATE);
            Files.deleteIfExists(privateFile);
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateFile, toPem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve(PUBLIC), toPem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new StackException("cannot create the dev key pair in " + dir + ": " + e.getMessage(), e);
        }
    }

    static String toPem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /** Path handed to the gateway as MP_JWT_VERIFY_PUBLICKEY_LOCATION. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    public RSAPrivateKey privateKey() {
        return privateKey;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }
}
