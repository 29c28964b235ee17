package org.coppipeline.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.store.StoreUnavailableException;

class ProjectionWriterTest {

    static final StageResult RESULT = new StageResult(Stage.SCORED, UUID.randomUUID(), "h1", "c1", null, null, null, null, null);

    final List<Duration> pauses = new ArrayList<>();

    static StoreUnavailableException failure(String sqlState) {
        return new StoreUnavailableException("projecting", new SQLException("detail that may quote values", sqlState));
    }

    @Test
    void waitsOutTheDatabaseWithGrowingPausesAndThenStores() {
        AtomicInteger calls = new AtomicInteger();
        ProjectionWriter writer = new ProjectionWriter(result -> {
            if (calls.incrementAndGet() <= 7) {
                throw failure(calls.get() % 2 == 0 ? "08006" : null);
            }
            return ProjectionOutcome.APPLIED;
        }, pauses::add);
        assertThat(writer.write(RESULT)).isEqualTo(ProjectionOutcome.APPLIED);
        assertThat(calls).hasValue(8);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    @Test
    void permanentFailureIsGivenUpAtOnce() {
        ProjectionWriter writer = new ProjectionWriter(result -> {
            throw failure("22P02");
        }, pauses::add);
        assertThatThrownBy(() -> writer.write(RESULT)).isInstanceOf(StoreUnavailableException.class);
        assertThat(pauses).isEmpty();
    }

    @Test
    void messageCarriesTheStateNotTheDriverText() {
        assertThat(failure("23505").getMessage()).contains("23505").doesNotContain("quote values");
    }

    @Test
    void transientStatesAreTheOnesThatCanPass() {
        for (String state : new String[] { null, "08001", "08006", "40001", "40P01", "53300", "57P01", "55P03" }) {
            assertThat(failure(state).isTransient()).as(String.valueOf(state)).isTrue();
        }
        for (String state : new String[] { "22P02", "23505", "42P01", "22000" }) {
            assertThat(failure(state).isTransient()).as(state).isFalse();
        }
    }
}
