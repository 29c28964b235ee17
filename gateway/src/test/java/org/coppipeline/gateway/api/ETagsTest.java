package org.coppipeline.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void matchesExactWeakListedAndStar() {
        assertThat(ETags.matches("\"7\"", "\"7\"")).isTrue();
        assertThat(ETags.matches("W/\"7\"", "\"7\"")).isTrue();
        assertThat(ETags.matches("\"1\", \"7\"", "\"7\"")).isTrue();
        assertThat(ETags.matches("*", "\"7\"")).isTrue();
    }

    @Test
    void otherTagsDoNotMatch() {
        assertThat(ETags.matches(null, "\"7\"")).isFalse();
        assertThat(ETags.matches("", "\"7\"")).isFalse();
        assertThat(ETags.matches("\"70\"", "\"7\"")).isFalse();
        assertThat(ETags.matches("7", "\"7\"")).isFalse();
    }
}
