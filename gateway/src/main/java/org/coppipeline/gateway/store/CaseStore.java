package org.coppipeline.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

import org.coppipeline.gateway.intake.CaseEvent;
import org.coppipeline.gateway.store.Records.AcceptKind;
import org.coppipeline.gateway.store.Records.AcceptResult;
import org.coppipeline.gateway.store.Records.HistoryRow;
import org.coppipeline.gateway.store.Records.ListFilter;
import org.coppipeline.gateway.store.Records.Position;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Records.SummaryRow;
import org.coppipeline.gateway.store.Records.ViewRow;

/**
 * Every SQL statement of the gateway. Transactions are explicit (READ COMMITTED) and every writer of a case
 * first takes the case's transaction-scoped advisory lock, so that writes to one case are serialized: the POST
 * that holds it until Kafka has acknowledged, and the projector that must not look at a case before that POST
 * committed (its stage result can arrive before the commit).
 */
@ApplicationScoped
public class CaseStore {

    /** V3__record_event_in_one_call.sql: the case lock, the idempotency and staleness checks, the rows. */
    private static final String RECORD_EVENT = "SELECT record_case_event(?, ?, ?, ?, ?, ?)";

    private static final String FIND_VIEW = """
            SELECT case_id, hospital_id, event_id, occurred_at, updated_at, stage,
                   symptom_assessment, cause_assessment, treatment_plan, version
            FROM case_view WHERE hospital_id = ? AND case_id = ?""";

    /** The advisory locks of several cases (the key V2's function locks), taken in the order of their lock ids. */
    private static final String LOCK_CASES = """
            SELECT pg_advisory_xact_lock(id) FROM (
                SELECT DISTINCT hashtextextended(key, 0) AS id FROM unnest(CAST(? AS text[])) AS key ORDER BY 1) AS ids""";

    /** V2__project_in_one_call.sql: the case lock, the checks, the history row and the view, in one statement. */
    private static final String PROJECT = "SELECT project_stage_result(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String HISTORY = """
            SELECT 'event' AS kind, e.received_at AS at, e.event_id, e.occurred_at, e.status,
                   NULL AS stage, NULL AS section, e.body AS content, NULL AS knowledge_version, 0 AS sort_kind, 0 AS id
            FROM accepted_event e WHERE e.hospital_id = ? AND e.case_id = ?
            UNION ALL
            SELECT 'stage-result', r.recorded_at, r.event_id, e.occurred_at, NULL,
                   r.stage, r.section, r.result, r.knowledge_version, 1, r.id
            FROM stage_result r JOIN accepted_event e ON e.event_id = r.event_id
            WHERE r.hospital_id = ? AND r.case_id = ?
            ORDER BY at, sort_kind, id""";

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public CaseStore(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    // ------------------------------------------------------------------------------------------ intake

    /**
     * Records an event and publishes it, in one transaction: {@code publish} runs after the event row is written
     * and before the commit, so a publish failure rolls the row back (no accepted row without a Kafka record).
     * A repeat of a known event id does not publish again: its row exists only because Kafka took it.
     */
    public AcceptResult accept(CaseEvent event, Runnable publish) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                AcceptResult result = accept(connection, event, publish);
                if (result.kind() == AcceptKind.CONFLICT) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("accepting an event", e);
        }
    }

    private AcceptResult accept(Connection connection, CaseEvent event, Runnable publish) throws SQLException {
        String outcome;
        try (PreparedStatement statement = connection.prepareStatement(RECORD_EVENT)) {
            statement.setObject(1, event.eventId());
            statement.setString(2, event.hospitalId());
            statement.setString(3, event.caseId());
            statement.setObject(4, timestamp(event.occurredAt()));
            statement.setString(5, event.bodySha256());
            statement.setString(6, event.canonicalJson());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                outcome = rows.getString(1);
            }
        }
        return switch (outcome) {
            case "conflict" -> new AcceptResult(AcceptKind.CONFLICT, null);
            case "repeat:accepted", "repeat:stale" -> new AcceptResult(AcceptKind.REPEAT, outcome.substring(7));
            case "new:accepted", "new:stale" -> {
                // A repeat of a known event id does not publish again: its row exists only because Kafka took it.
                publish.run();
                yield new AcceptResult(AcceptKind.NEW, outcome.substring(4));
            }
            default -> throw new SQLException("unknown intake outcome", "22000");
        };
    }

    // ------------------------------------------------------------------------------------------ projector

    /**
     * Stores stage results in the history and advances each case's view when a result belongs to its current event;
     * one outcome per result, in the given order. One result is one statement in its own transaction; several share
     * one transaction, so a batch polled from a topic costs one commit (one WAL flush) instead of one each. The cases'
     * locks are taken first, all at once, in one fixed order, so that two batches holding cases in common never wait
     * for each other crosswise (a POST holds only its own case's lock).
     */
    public List<ProjectionOutcome> project(List<StageResult> results) {
        try (Connection connection = dataSource.getConnection()) {
            if (results.size() == 1) {
                connection.setAutoCommit(true);
                return List.of(project(connection, results.get(0)));
            }
            connection.setAutoCommit(false);
            try {
                lockCases(connection, results);
                List<ProjectionOutcome> outcomes = new ArrayList<>(results.size());
                for (StageResult result : results) {
                    outcomes.add(project(connection, result));
                }
                connection.commit();
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("projecting stage results", e);
        }
    }

    private static void lockCases(Connection connection, List<StageResult> results) throws SQLException {
        String[] keys = results.stream().map(result -> result.hospitalId() + "/" + result.caseId()).distinct()
                .toArray(String[]::new);
        try (PreparedStatement statement = connection.prepareStatement(LOCK_CASES)) {
            statement.setArray(1, connection.createArrayOf("text", keys));
            statement.execute();
        }
    }

    private ProjectionOutcome project(Connection connection, StageResult result) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(PROJECT)) {
            statement.setObject(1, result.eventId());
            statement.setString(2, result.hospitalId());
            statement.setString(3, result.caseId());
            statement.setString(4, result.stage().value());
            statement.setString(5, result.stage().section());
            statement.setString(6, result.ownSection());
            statement.setString(7, result.knowledgeVersion());
            statement.setString(8, result.symptomAssessment());
            statement.setString(9, result.causeAssessment());
            statement.setString(10, result.treatmentPlan());
            statement.setString(11, result.conclusion());
            statement.setString(12, result.recommendation());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return outcome(rows.getString(1));
            }
        }
    }

    private static ProjectionOutcome outcome(String value) throws SQLException {
        return switch (value) {
            case "applied" -> ProjectionOutcome.APPLIED;
            case "recorded" -> ProjectionOutcome.RECORDED;
            case "duplicate" -> ProjectionOutcome.DUPLICATE;
            case "unknown-event" -> ProjectionOutcome.UNKNOWN_EVENT;
            case "mismatch" -> ProjectionOutcome.MISMATCH;
            default -> throw new SQLException("unknown projection outcome", "22000");
        };
    }

    // ------------------------------------------------------------------------------------------ reads

    public Optional<ViewRow> findView(String hospitalId, String caseId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(FIND_VIEW)) {
            statement.setString(1, hospitalId);
            statement.setString(2, caseId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ViewRow(
                        rows.getString("case_id"),
                        rows.getString("hospital_id"),
                        rows.getObject("event_id", UUID.class),
                        instant(rows, "occurred_at"),
                        instant(rows, "updated_at"),
                        stage(rows.getString("stage")),
                        rows.getString("symptom_assessment"),
                        rows.getString("cause_assessment"),
                        rows.getString("treatment_plan"),
                        rows.getLong("version")));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading a case", e);
        }
    }

    /**
     * One page of a hospital's cases in (updated_at, hospital_id, case_id) order, after {@code after} if given.
     * Rows updated within {@code visibilityDelay} are left out: see GatewayConfig.Listing#visibilityDelay.
     */
    public List<SummaryRow> list(String hospitalId, ListFilter filter, Position after, int limit, Duration visibilityDelay) {
        StringBuilder sql = new StringBuilder("""
                SELECT case_id, hospital_id, event_id, occurred_at, updated_at, stage, conclusion, recommendation,
                       symptom_assessment ->> 'suspicion' AS suspicion, treatment_plan ->> 'severity' AS severity
                FROM case_view
                WHERE hospital_id = ? AND updated_at <= clock_timestamp() - make_interval(secs => ?)""");
        List<Object> parameters = new ArrayList<>();
        parameters.add(hospitalId);
        parameters.add(visibilityDelay.toNanos() / 1e9);
        if (filter.conclusion() != null) {
            sql.append(" AND conclusion = ?");
            parameters.add(filter.conclusion());
        }
        if (filter.recommendation() != null) {
            sql.append(" AND recommendation = ?");
            parameters.add(filter.recommendation());
        }
        if (filter.stage() != null) {
            sql.append(" AND stage = ?");
            parameters.add(filter.stage().value());
        }
        if (filter.updatedAfter() != null) {
            sql.append(" AND updated_at > ?");
            parameters.add(timestamp(filter.updatedAfter()));
        }
        if (after != null) {
            // Within one hospital (the caller's, which the cursor must name) the keyset (updated_at, hospital_id,
            // case_id) reduces to (updated_at, case_id): a row comparison the (hospital_id, updated_at, case_id)
            // index answers directly.
            if (!after.hospitalId().equals(hospitalId)) {
                throw new IllegalArgumentException("cursor of another hospital");
            }
            sql.append(" AND (updated_at, case_id) > (?, ?)");
            parameters.add(timestamp(after.updatedAt()));
            parameters.add(after.caseId());
        }
        sql.append(" ORDER BY updated_at, hospital_id, case_id LIMIT ?");
        parameters.add(limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<SummaryRow> page = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(new SummaryRow(
                            rows.getString("case_id"),
                            rows.getString("hospital_id"),
                            rows.getObject("event_id", UUID.class),
                            instant(rows, "occurred_at"),
                            instant(rows, "updated_at"),
                            stage(rows.getString("stage")),
                            rows.getString("conclusion"),
                            rows.getString("recommendation"),
                            rows.getString("suspicion"),
                            rows.getString("severity")));
                }
            }
            return page;
        } catch (SQLException e) {
            throw new StoreUnavailableException("listing cases", e);
        }
    }

    /** A case's audit trail, oldest first; empty when the hospital has no such case. */
    public List<HistoryRow> history(String hospitalId, String caseId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(HISTORY)) {
            statement.setString(1, hospitalId);
            statement.setString(2, caseId);
            statement.setString(3, hospitalId);
            statement.setString(4, caseId);
            List<HistoryRow> trail = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String stage = rows.getString("stage");
                    trail.add(new HistoryRow(
                            rows.getString("kind"),
                            instant(rows, "at"),
                            rows.getObject("event_id", UUID.class),
                            instant(rows, "occurred_at"),
                            rows.getString("status"),
                            stage == null ? null : stage(stage),
                            rows.getString("section"),
                            tree(rows.getString("content")),
                            rows.getString("knowledge_version")));
                }
            }
            return trail;
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading a case history", e);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is closed next; the pool discards it if it is broken.
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Stage stage(String value) throws SQLException {
        return Stage.of(value).orElseThrow(() -> new SQLException("unknown stage in the database", "22000"));
    }

    private JsonNode tree(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot decode a stored JSON value", "22000");
        }
    }
}
