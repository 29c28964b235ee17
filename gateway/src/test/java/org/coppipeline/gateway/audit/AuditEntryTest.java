package org.coppipeline.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditEntryTest {

    @Test
    void anActorIsAlwaysStorable() {
        assertThat(AuditEntry.of("a\u0000b\uD800c", "h", AuditEntry.VIEW_CASE, "c", null).actor()).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(AuditEntry.of("ok \uD83D\uDE00", "h", AuditEntry.VIEW_CASE, "c", null).actor()).isEqualTo("ok \uD83D\uDE00");
        assertThat(AuditEntry.of("x".repeat(10_000), "h", AuditEntry.VIEW_CASE, null, null).actor()).hasSize(AuditEntry.MAX_TEXT);
        assertThat(AuditEntry.of(null, "h", AuditEntry.VIEW_CASE, null, null).actor()).isEqualTo("(no subject)");
        assertThat(AuditEntry.of("s", "h", AuditEntry.LIST_CASES, null, "q".repeat(1_000)).query()).hasSize(AuditEntry.MAX_TEXT);
    }
}
