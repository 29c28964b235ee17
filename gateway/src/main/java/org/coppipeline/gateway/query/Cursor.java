package org.coppipeline.gateway.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import org.coppipeline.gateway.audit.AccessAudit.AuditPosition;
import org.coppipeline.gateway.store.Records.HistoryPosition;
import org.coppipeline.gateway.store.Records.Position;

/**
 * The opaque cursors of the paged answers: a keyset position in URL-safe base64, its first field naming what it pages
 * (list "1", history "h1", audit "a1"), so that one kind is never taken for another. Each names the hospital (and the
 * history's the case) it was issued for. Decoding anything else, or a time outside {@link #EARLIEST}..{@link #LATEST},
 * yields empty (answered 400): a cursor never reaches the database with a value it cannot hold.
 */
public final class Cursor {

    /** The range of times the gateway accepts in a query (PostgreSQL holds 4713 BC to 294276 AD). */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final String LIST = "1";
    private static final String HISTORY = "h1";
    private static final String AUDIT = "a1";
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern EVENT_KEY = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern RESULT_KEY = Pattern.compile("^[0-9]{19}$");

    private Cursor() {
    }

    /** True for a time the store can hold and a query may name. */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    // ------------------------------------------------------------------------------------------ the case list

    public static String encode(Position position) {
        return encode(LIST, micros(position.updatedAt()), position.hospitalId(), position.caseId());
    }

    public static Optional<Position> decode(String cursor) {
        String[] parts = parts(cursor, LIST, 4);
        if (parts == null || !ID.matcher(parts[2]).matches() || !ID.matcher(parts[3]).matches()) {
            return Optional.empty();
        }
        return instant(parts[1]).map(at -> new Position(at, parts[2], parts[3]));
    }

    // ------------------------------------------------------------------------------------------ a case's history

    public static String encodeHistory(HistoryPosition position, String hospitalId, String caseId) {
        return encode(HISTORY, micros(position.at()), Integer.toString(position.kind()), position.key(), hospitalId, caseId);
    }

    /** The position, when the cursor was issued for this very case of this hospital. */
    public static Optional<HistoryPosition> decodeHistory(String cursor, String hospitalId, String caseId) {
        String[] parts = parts(cursor, HISTORY, 6);
        if (parts == null || !parts[4].equals(hospitalId) || !parts[5].equals(caseId)) {
            return Optional.empty();
        }
        int kind;
        if (parts[2].equals("0") && EVENT_KEY.matcher(parts[3]).matches()) {
            kind = 0;
        } else if (parts[2].equals("1") && RESULT_KEY.matcher(parts[3]).matches()) {
            kind = 1;
        } else {
            return Optional.empty();
        }
        return instant(parts[1]).map(at -> new HistoryPosition(at, kind, parts[3]));
    }

    // ------------------------------------------------------------------------------------------ the access audit

    public static String encodeAudit(AuditPosition position, String hospitalId) {
        return encode(AUDIT, micros(position.at()), Long.toString(position.id()), hospitalId);
    }

    /** The position, when the cursor was issued for this hospital. */
    public static Optional<AuditPosition> decodeAudit(String cursor, String hospitalId) {
        String[] parts = parts(cursor, AUDIT, 4);
        if (parts == null || !parts[3].equals(hospitalId)) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (id < 1) {
            return Optional.empty();
        }
        return instant(parts[1]).map(at -> new AuditPosition(at, id));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String micros(Instant instant) {
        return Long.toString(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000));
    }

    private static String encode(String... fields) {
        String plain = String.join("|", fields);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The fields of a cursor of the given kind, or null. */
    private static String[] parts(String cursor, String kind, int count) {
        if (cursor == null || cursor.length() > 512) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", -1);
            return parts.length == count && kind.equals(parts[0]) ? parts : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Microseconds since the epoch as an instant the store can hold, or empty. */
    private static Optional<Instant> instant(String micros) {
        try {
            Instant at = Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
            return inRange(at) ? Optional.of(at) : Optional.empty();
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
