package org.coppipeline.gateway.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import org.coppipeline.gateway.store.Records.Position;

/**
 * The list's opaque cursor: a keyset position (updated_at to the microsecond, hospital id, case id) in
 * URL-safe base64. Opaque to clients; decoding anything else yields empty (answered 400).
 */
public final class Cursor {

    private static final String VERSION = "1";
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private Cursor() {
    }

    public static String encode(Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.updatedAt());
        String plain = VERSION + "|" + micros + "|" + position.hospitalId() + "|" + position.caseId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<Position> decode(String cursor) {
        if (cursor == null || cursor.length() > 512) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", -1);
            if (parts.length != 4 || !VERSION.equals(parts[0])
                    || !ID.matcher(parts[2]).matches() || !ID.matcher(parts[3]).matches()) {
                return Optional.empty();
            }
            Instant updatedAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return Optional.of(new Position(updatedAt, parts[2], parts[3]));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
