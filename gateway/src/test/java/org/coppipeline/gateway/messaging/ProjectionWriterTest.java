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

import org.coppipeline.gateway.messaging.ProjectionWriter.Written;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;
import org.coppipeline.gateway.store.StoreUnavailableException;

class ProjectionWriterTest {

    static final StageResult RESULT = new StageResult(Stage.SCORED, UUID.randomUUID(), "h1", "c1", null, null, null, null, null, null, null);

    final List<Duration> pauses = new ArrayList<>();

    static StoreUnavailableException failure(String sqlState) {
        return new StoreUnavailableException("projecting", new SQLException("detail that may quote values", sqlState));
    }

    @Test
    void waitsOutTheDatabaseWithGrowingPausesAndThenStores() {
        AtomicInteger calls = new AtomicInteger();
        ProjectionWriter writer = new ProjectionWriter(results -> {
            if (calls.incrementAndGet() <= 7) {
                throw failure(calls.get() % 2 == 0 ? "08006" : null);
            }
            return List.of(ProjectionOutcome.APPLIED);
        }, pauses::add);
        assertThat(writer.write(List.of(RESULT))).containsExactly(new Written(ProjectionOutcome.APPLIED, null));
        assertThat(calls).hasValue(8);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    @Test
    void permanentFailureIsGivenUpAtOnce() {
        ProjectionWriter writer = new ProjectionWriter(results -> {
            throw failure("22P02");
        }, pauses::add);
        List<Written> written = writer.write(List.of(RESULT));
        assertThat(written).hasSize(1);
        assertThat(written.get(0).outcome()).isNull();
        assertThat(written.get(0).refusal().getMessage()).contains("22P02");
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRefusedBatchIsWrittenOneByOneSoThatOnlyTheRefusedResultIsGivenUp() {
        StageResult bad = new StageResult(Stage.SCORED, UUID.randomUUID(), "h1", "bad", null, null, null, null, null, null, null);
        StageResult other = new StageResult(Stage.SCORED, UUID.randomUUID(), "h1", "c2", null, null, null, null, null, null, null);
        List<List<StageResult>> calls = new ArrayList<>();
        ProjectionWriter writer = new ProjectionWriter(results -> {
            calls.add(results);
            if (results.contains(bad)) {
                throw failure("23514");
            }
            return results.stream().map(r -> ProjectionOutcome.APPLIED).toList();
        }, pauses::add);

        List<Written> written = writer.write(List.of(RESULT, bad, other));

        assertThat(written).extracting(Written::outcome).containsExactly(ProjectionOutcome.APPLIED, null, ProjectionOutcome.APPLIED);
        assertThat(written.get(1).refusal().getMessage()).contains("23514");
        assertThat(calls).containsExactly(List.of(RESULT, bad, other), List.of(RESULT), List.of(bad), List.of(other));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aBatchWaitsOutTheDatabaseAsAWhole() {
        StageResult other = new StageResult(Stage.SCORED, UUID.randomUUID(), "h1", "c2", null, null, null, null, null, null, null);
        AtomicInteger calls = new AtomicInteger();
        ProjectionWriter writer = new ProjectionWriter(results -> {
            if (calls.incrementAndGet() <= 2) {
                throw failure("57P01");
            }
            return List.of(ProjectionOutcome.APPLIED, ProjectionOutcome.DUPLICATE);
        }, pauses::add);
        assertThat(writer.write(List.of(RESULT, other))).extracting(Written::outcome)
                .containsExactly(ProjectionOutcome.APPLIED, ProjectionOutcome.DUPLICATE);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
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
