package org.coppipeline.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

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
    }
}
