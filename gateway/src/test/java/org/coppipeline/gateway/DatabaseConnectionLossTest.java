package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/**
 * Every pooled database connection cut at once (what a PostgreSQL restart does to the pool). Connections are not
 * checked on every borrow (that cost a round trip per call), so a dead one can be handed out once: the pool must drop
 * it on its connection error, a POST meanwhile gets at most a 503 with Retry-After (never a 500, never a lost or
 * half-stored event), and the projector waits and carries on.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class DatabaseConnectionLossTest {

    static final String HOSPITAL = "h-dbloss";
    static final String PUBLISHER = Tokens.publisher(HOSPITAL);
    static final String VIEWER = Tokens.viewer(HOSPITAL);

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int poolSize;

    @Inject
    @Any
    InMemoryConnector connector;

    @Test
    void afterEveryPooledConnectionIsCutTheGatewayRecoversWithoutA500() throws SQLException {
        // Open several pooled connections, all of which go back to the pool.
        List<CompletableFuture<Integer>> warm = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> Api.view(VIEWER, "warm-" + i).statusCode()))
                .toList();
        warm.forEach(status -> assertThat(status.join()).isEqualTo(404));

        int cut = cutEveryOtherConnection();
        assertThat(cut).isPositive();

        List<Integer> answers = new ArrayList<>();
        ObjectNode event = Events.event(UUID.randomUUID(), HOSPITAL, Events.newCaseId("dbloss"), Instant.parse("2025-05-01T09:00:00Z"));
        Response answer;
        do {
            answer = Api.post(PUBLISHER, event.toString());
            answers.add(answer.statusCode());
            if (answer.statusCode() == 503) {
                assertThat(answer.contentType()).startsWith(Problem.MEDIA_TYPE);
                assertThat(answer.header("Retry-After")).isNotBlank();
            }
        } while (answer.statusCode() == 503 && answers.size() < 40);
        assertThat(answers).as("answers while the pool recovers").allMatch(status -> status == 202 || status == 503);
        assertThat(answers.get(answers.size() - 1)).isEqualTo(202);
        // Each dead connection is handed out at most once: it is dropped on its first error.
        assertThat(answers.size()).isLessThanOrEqualTo(cut + 1);

        String caseId = event.get("caseId").asText();
        assertThat(Api.view(VIEWER, caseId).statusCode()).isEqualTo(200);

        // The projector's connections were cut too: it retries, and the result is applied.
        cutEveryOtherConnection();
        StageResults.send(connector, "case-scored", StageRecords.scored(event));
        await().atMost(Duration.ofSeconds(60)).until(
                () -> "scored".equals(Api.view(VIEWER, caseId).then().extract().jsonPath().getString("stage")));
    }

    /**
     * Leaves no dead connection in the pool for the next test: connections are taken and held until the pool has none
     * idle left (or is exhausted), each tried once; a dead one is dropped by the pool on its error. Repeated until one
     * round finds none dead.
     */
    @AfterEach
    void leaveNoDeadConnectionBehind() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Connection> held = new ArrayList<>();
            boolean allAlive = true;
            try {
                for (int i = 0; i < poolSize; i++) {
                    Connection connection;
                    try {
                        connection = dataSource.getConnection();
                    } catch (SQLException exhausted) {
                        break;
                    }
                    held.add(connection);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1");
                    } catch (SQLException dead) {
                        allAlive = false;
                    }
                }
            } finally {
                for (Connection connection : held) {
                    try {
                        connection.close();
                    } catch (SQLException ignored) {
                        // dropped by the pool
                    }
                }
            }
            return allAlive;
        });
    }

    /**
     * Terminates every backend of the gateway's database but the one asking; returns how many. The connection asking
     * can itself be one an earlier cut terminated and nothing has used since: its error makes the pool drop it, and the
     * cut is asked again on another.
     */
    private int cutEveryOtherConnection() {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(SQLException.class)
                .until(this::terminateOtherBackends, Objects::nonNull);
    }

    private Integer terminateOtherBackends() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'""")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
