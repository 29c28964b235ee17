package org.coppipeline.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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

    /** What the database compares (CaseStore#viewAudited) answers as the header itself would, for every version. */
    @Test
    void theConditionForTheDatabaseMatchesExactlyTheVersionsTheHeaderMatches() {
        List<String> headers = List.of("", " ", "\"7\"", "W/\"7\"", "\"1\", \"7\"", "*", "\"70\"", "7", "\"07\"", "\"+7\"",
                "\"nope\"", "W/\"0\" , \"9223372036854775807\"", "\"9223372036854775808\"", "\"\"", "\"-1\"", "\"1\", *",
                "W/\"12\",W/\"13\"", ",,", "\"7");
        for (String header : headers) {
            for (long version : new long[] { -1, 0, 1, 7, 12, 13, 70, Long.MAX_VALUE }) {
                assertThat(ETags.condition(header).matches(version))
                        .as("If-None-Match %s, version %d", header, version)
                        .isEqualTo(ETags.matches(header, "\"" + version + "\""));
            }
        }
        assertThat(ETags.condition(null).matches(1)).isFalse();
    }
}
