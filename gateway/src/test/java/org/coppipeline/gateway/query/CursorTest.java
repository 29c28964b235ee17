package org.coppipeline.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.coppipeline.gateway.audit.AccessAudit.AuditPosition;
import org.coppipeline.gateway.store.Records.HistoryPosition;
import org.coppipeline.gateway.store.Records.Position;

class CursorTest {

    static String b64(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripKeepsMicroseconds() {
        Position position = new Position(Instant.parse("2025-05-01T10:00:00.123456Z"), "h-1", "case.7_x");
        String cursor = Cursor.encode(position);
        assertThat(cursor).doesNotContain("h-1").matches("[A-Za-z0-9_-]+");
        assertThat(Cursor.decode(cursor)).contains(position);
    }

    @Test
    void anythingElseIsNoCursor() {
        assertThat(Cursor.decode("not base64 !")).isEmpty();
        assertThat(Cursor.decode(b64("2|1|h|c"))).isEmpty();
        assertThat(Cursor.decode(b64("1|x|h|c"))).isEmpty();
        assertThat(Cursor.decode(b64("1|1|h"))).isEmpty();
        assertThat(Cursor.decode(b64("1|1|h|c|d"))).isEmpty();
        assertThat(Cursor.decode(b64("1|1|h/x|c"))).isEmpty();
        // Year 294247: a time PostgreSQL cannot hold is no cursor (a 400, never a 503 from the database).
        assertThat(Cursor.decode(b64("1|" + Long.MAX_VALUE + "|h|c"))).isEmpty();
        assertThat(Cursor.decode("A".repeat(600))).isEmpty();
        assertThat(Cursor.decode(null)).isEmpty();
        assertThat(Cursor.decode(b64("1|" + micros("+200000-01-01T00:00:00Z") + "|h|c"))).isEmpty();
        assertThat(Cursor.decode(b64("1|" + micros("-5000-01-01T00:00:00Z") + "|h|c"))).isEmpty();
        assertThat(Cursor.decode(b64("1|" + micros("9999-12-31T23:59:59.999999Z") + "|h|c"))).isPresent();
    }

    static long micros(String instant) {
        Instant at = Instant.parse(instant);
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    @Test
    void historyCursorsBelongToOneCaseOfOneHospital() {
        HistoryPosition event = new HistoryPosition(Instant.parse("2025-05-01T10:00:00.123456Z"), 0,
                "3f0c8a56-1b2d-4c5e-8f90-123456789abc");
        HistoryPosition result = new HistoryPosition(Instant.parse("2025-05-01T10:00:01Z"), 1, "0000000000000000042");
        for (HistoryPosition position : new HistoryPosition[] { event, result }) {
            String cursor = Cursor.encodeHistory(position, "h-1", "c-1");
            assertThat(Cursor.decodeHistory(cursor, "h-1", "c-1")).contains(position);
            assertThat(Cursor.decodeHistory(cursor, "h-1", "c-2")).isEmpty();
            assertThat(Cursor.decodeHistory(cursor, "h-2", "c-1")).isEmpty();
            assertThat(Cursor.decode(cursor)).isEmpty();
            assertThat(Cursor.decodeAudit(cursor, "h-1")).isEmpty();
        }
        assertThat(Cursor.decodeHistory(b64("h1|1|0|0000000000000000042|h-1|c-1"), "h-1", "c-1")).isEmpty();
        assertThat(Cursor.decodeHistory(b64("h1|1|1|x' OR 1=1|h-1|c-1"), "h-1", "c-1")).isEmpty();
        assertThat(Cursor.decodeHistory(b64("h1|" + micros("+200000-01-01T00:00:00Z") + "|1|0000000000000000042|h-1|c-1"),
                "h-1", "c-1")).isEmpty();
    }

    @Test
    void auditCursorsBelongToOneHospital() {
        AuditPosition position = new AuditPosition(Instant.parse("2025-05-01T10:00:00.5Z"), 77);
        String cursor = Cursor.encodeAudit(position, "h-1");
        assertThat(Cursor.decodeAudit(cursor, "h-1")).contains(position);
        assertThat(Cursor.decodeAudit(cursor, "h-2")).isEmpty();
        assertThat(Cursor.decodeAudit(b64("a1|1|0|h-1"), "h-1")).isEmpty();
        assertThat(Cursor.decodeAudit(b64("a1|1|x|h-1"), "h-1")).isEmpty();
        assertThat(Cursor.decodeAudit(b64("a1|" + Long.MAX_VALUE + "|1|h-1"), "h-1")).isEmpty();
    }
}
