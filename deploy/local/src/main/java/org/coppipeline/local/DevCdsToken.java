package org.coppipeline.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Mints a dev CDS client JWT for the local gateway's CDS Hooks service (what deploy/local/cds-token.sh runs):
 * {@code DevCdsToken --hospital H --audience URL [--seconds N]}. The token is the only line on stdout (its last line);
 * the description goes to stderr. Each call has a fresh jti: a token is good for one call.
 */
public final class DevCdsToken {

    private DevCdsToken() {
    }

    public static void main(String[] args) {
        try {
            Path stateDir = null;
            String hospital = null;
            String audience = null;
            long seconds = 240;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--state-dir" -> stateDir = Path.of(DevToken.value(args, ++i, "--state-dir"));
                    case "--hospital" -> hospital = DevToken.value(args, ++i, "--hospital");
                    case "--audience" -> audience = DevToken.value(args, ++i, "--audience");
                    case "--seconds" -> seconds = parse(DevToken.value(args, ++i, "--seconds"));
                    case "-h", "--help" -> {
                        System.out.println("usage: cds-token.sh --hospital H --audience URL [--seconds N (1..300)] [--state-dir DIR]"
                                + "\n  URL is the exact URL the token is for, e.g. http://127.0.0.1:8080/cds-services/cop-patient-view");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (hospital == null || audience == null) {
                throw new IllegalArgumentException("--hospital and --audience are required");
            }
            URI url = URI.create(audience);
            if (!url.isAbsolute() || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
                throw new IllegalArgumentException("--audience must be the absolute http(s) URL being called");
            }
            Path state = stateDir != null ? stateDir : StackOptions.defaultStateDir();
            DevCdsClient client = DevCdsClient.load(state);
            Instant now = Instant.now();
            String token = client.sign(hospital, audience, Duration.ofSeconds(seconds), now);
            System.err.println("# dev CDS client token: iss=" + DevCdsClient.issuer(hospital) + " aud=" + audience
                    + " expires " + now.plusSeconds(seconds) + " (one call: fresh jti)");
            System.out.println(token);
        } catch (IllegalArgumentException e) {
            System.err.println("cds-token: " + e.getMessage());
            System.exit(2);
        } catch (StackException e) {
            System.err.println("cds-token: " + e.getMessage());
            System.exit(1);
        }
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seconds must be a whole number");
        }
    }
}
