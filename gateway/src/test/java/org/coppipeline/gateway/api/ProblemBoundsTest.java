package org.coppipeline.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.store.StoreUnavailableException;
import org.coppipeline.gateway.store.UnstorableValueException;

/** CONTRACT 1.1: at most 100 errors, then truncated; a problem body never exceeds 64 KiB whatever the request sent. */
class ProblemBoundsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static List<FieldError> errors(int count, String pointer, String message) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            errors.add(FieldError.at(pointer + i, message));
        }
        return errors;
    }

    static int bytes(Problem problem) throws Exception {
        return JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void atMostOneHundredErrorsThenTruncated() {
        Problem problem = ProblemException.validation("many", errors(150, "/x/", "bad")).toProblem();
        assertThat(problem.errors()).hasSize(100);
        assertThat(problem.errors().get(99).pointer()).isEqualTo("/x/99");
        assertThat(problem.truncated()).isTrue();

        Problem few = ProblemException.validation("few", errors(3, "/x/", "bad")).toProblem();
        assertThat(few.errors()).hasSize(3);
        assertThat(few.truncated()).isNull();
    }

    @Test
    void longTextsAreCutAndMarked() {
        String name = "n".repeat(10_000);
        Problem problem = ProblemException.validation("d".repeat(5_000), List.of(FieldError.at("/" + name, "m".repeat(3_000)),
                FieldError.parameter(name, "bad"))).toProblem();
        assertThat(problem.errors().get(0).pointer()).hasSize(ProblemBounds.MAX_TEXT).endsWith("…").startsWith("/nnn");
        assertThat(problem.errors().get(0).message()).hasSize(ProblemBounds.MAX_TEXT);
        assertThat(problem.errors().get(1).parameter()).hasSize(ProblemBounds.MAX_TEXT);
        assertThat(problem.detail()).hasSize(ProblemBounds.MAX_DETAIL);
    }

    @Test
    void theWorstTextsStillFitIn64KiB() throws Exception {
        // Control characters are written as six bytes each (\\u0001): the costliest text there is.
        String costly = "\u0001".repeat(1_000);
        Problem problem = ProblemException.validation(costly, errors(1_000, "/" + costly, costly), true).toProblem();
        assertThat(bytes(problem)).isLessThanOrEqualTo(64 * 1024);
        assertThat(problem.truncated()).isTrue();
        assertThat(problem.errors()).isNotEmpty();
    }

    @Test
    void anUnpairedSurrogateIsReplacedSoTheAnswerCanBeWritten() throws Exception {
        Problem problem = ProblemException.validation("x", List.of(FieldError.at("/a\uD800b", "m\uDC00"),
                FieldError.at("/ok\uD83D\uDE00", "fine"))).toProblem();
        assertThat(problem.errors().get(0).pointer()).isEqualTo("/a\uFFFDb");
        assertThat(problem.errors().get(0).message()).isEqualTo("m\uFFFD");
        assertThat(problem.errors().get(1).pointer()).isEqualTo("/ok\uD83D\uDE00");
        assertThat(JSON.writeValueAsString(problem)).contains("\uD83D\uDE00");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String text = "a".repeat(ProblemBounds.MAX_TEXT - 2) + "\uD83D\uDE00" + "tail";
        String cut = ProblemBounds.cut(text, ProblemBounds.MAX_TEXT);
        assertThat(cut).endsWith("a…").hasSizeLessThanOrEqualTo(ProblemBounds.MAX_TEXT);
    }

    /** CONTRACT 1.1: a value of the request the store cannot hold (SQLState class 22) is a 400, anything else a 503. */
    @Test
    void aDatabaseRefusalOfTheRequestsOwnValueIs400AndAnOutageIs503() {
        assertThatThrownBy(() -> CaseResource.read(() -> {
            throw UnstorableValueException.of("reading", new SQLException("timestamp out of range", "22008"));
        }, 5)).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION));
        assertThatThrownBy(() -> CaseResource.read(() -> {
            throw UnstorableValueException.of("reading", new SQLException("connection lost", "08006"));
        }, 5)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
            assertThat(e.headers()).containsEntry("Retry-After", "5");
        });
        assertThat(UnstorableValueException.of("x", new SQLException("m", "22P02"))).isInstanceOf(UnstorableValueException.class);
        assertThat(UnstorableValueException.of("x", new SQLException("m", "53300"))).isInstanceOf(StoreUnavailableException.class);
        assertThat(UnstorableValueException.of("x", new SQLException("m"))).isInstanceOf(StoreUnavailableException.class);
    }
}
