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

import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.intake.CaseEvent;
import org.coppipeline.gateway.store.Records.AcceptKind;
import org.coppipeline.gateway.store.Records.AcceptResult;
import org.coppipeline.gateway.store.Records.AuditedHistory;
import org.coppipeline.gateway.store.Records.AuditedView;
import org.coppipeline.gateway.store.Records.HistoryPosition;
import org.coppipeline.gateway.store.Records.HistoryRow;
import org.coppipeline.gateway.store.Records.ListFilter;
import org.coppipeline.gateway.store.Records.Position;
import org.coppipeline.gateway.store.Records.ProjectionOutcome;
import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Records.SummaryRow;
import org.coppipeline.gateway.store.Records.ViewCondition;
import org.coppipeline.gateway.store.Records.ViewRow;

/**
 * Every SQL statement of the gateway but the audit's. Transactions are explicit (READ COMMITTED) and short: none is
 * open while Kafka is asked for anything. Every writer of a case's view takes the case's transaction-scoped advisory
 * lock first, so that a POST settling its event and the projector recording that event's results (which can arrive
 * before the POST settles) are serialized. A statement run for a request that fails on the request's own values
 * throws {@link UnstorableValueException} (a 400), any other failure {@link StoreUnavailableException}.
 */
@ApplicationScoped
public class CaseStore {

    /**
     * V5__hardening.sql: the idempotency check within the hospital and a pending row, before the publish; a final
     * outcome (a repeat of a settled event, a conflict) with its audit entry, in the same statement. One statement in
     * auto-commit is one transaction and one round trip, where BEGIN, the call, the entry and COMMIT took three.
     * MATERIALIZED: the function runs once, whichever parts of the statement read its outcome.
     */
    private static final String RESERVE_EVENT = """
            WITH r AS MATERIALIZED (SELECT reserve_case_event(?, ?, ?, ?, ?, ?) AS outcome),
                 a AS (INSERT INTO %s
                       SELECT %s, CASE WHEN r.outcome = 'conflict' THEN 409 ELSE 202 END FROM r
                       WHERE r.outcome IN ('conflict', 'repeat:accepted', 'repeat:stale'))
            SELECT outcome FROM r""".formatted(AccessAudit.INTO, AccessAudit.PARAMETERS);

    /**
     * V5__hardening.sql: after Kafka's acknowledgement, under the case lock: accepted or stale, and the view; with the
     * POST's audit entry (409 for a conflict, else 202) in the same statement, hence the same transaction.
     */
    private static final String SETTLE_EVENT = """
            WITH s AS MATERIALIZED (SELECT settle_case_event(?, ?, ?, ?, ?, ?) AS outcome),
                 a AS (INSERT INTO %s
                       SELECT %s, CASE WHEN s.outcome = 'conflict' THEN 409 ELSE 202 END FROM s)
            SELECT outcome FROM s""".formatted(AccessAudit.INTO, AccessAudit.PARAMETERS);

    /** After a failed publish: the pending row goes (its body's only: a repeat may have settled it meanwhile). */
    private static final String ABANDON_EVENT = """
            DELETE FROM accepted_event
            WHERE hospital_id = ? AND event_id = ? AND status = 'pending' AND body_sha256 = ?""";

    /**
     * A view GET in one statement: the view, the answer it gets (404 without a row, 304 when the caller's
     * If-None-Match names its version, else 200) and that answer's audit entry. In auto-commit the entry is committed
     * when the statement returns, so before the answer is sent, and a view is never read without its entry: one round
     * trip, one transaction and one pooled connection where the read and the entry took two of each.
     */
    private static final String VIEW_AUDITED = """
            WITH v AS MATERIALIZED (
                     SELECT case_id, hospital_id, event_id, occurred_at, updated_at, stage,
                            symptom_assessment, cause_assessment, treatment_plan, version
                     FROM case_view WHERE hospital_id = ? AND case_id = ?),
                 o AS MATERIALIZED (
                     SELECT CASE WHEN v.case_id IS NULL THEN 404
                                 WHEN CAST(? AS boolean) OR v.version = ANY (CAST(? AS bigint[])) THEN 304
                                 ELSE 200 END AS outcome
                     FROM (VALUES (1)) AS one LEFT JOIN v ON true),
                 a AS (INSERT INTO %s
                       SELECT %s, o.outcome FROM o)
            SELECT o.outcome, v.* FROM o LEFT JOIN v ON true""".formatted(AccessAudit.INTO, AccessAudit.PARAMETERS);

    /**
     * V8__set_based_projection.sql: a polled batch of stage results in one call (the cases' locks, the checks, the
     * history rows and the views, set-based), one outcome per result in the given order.
     */
    private static final String PROJECT = """
            SELECT outcome FROM project_stage_results(?, ?, ?, ?, ?, ?, ?, ?) ORDER BY item""";

    /**
     * One page of a case's trail in (at, kind, key) order: each branch reads at most a page from its index, in order,
     * so a case with 10,000 events costs one page. Pending events and their results are not in the trail yet.
     */
    private static final String HISTORY_PAGE = """
            SELECT * FROM (
                (SELECT 'event' AS kind, e.received_at AS at, e.event_id, e.occurred_at, e.status,
                        NULL AS stage, NULL AS section, CAST(e.body AS text) AS content, NULL AS knowledge_version,
                        0 AS sort_kind, e.event_id::text AS sort_key
                 FROM accepted_event e
                 WHERE e.hospital_id = ? AND e.case_id = ? AND e.status <> 'pending' %1$s
                 ORDER BY e.received_at, e.event_id::text LIMIT ?)
                UNION ALL
                (SELECT 'stage-result', r.recorded_at, r.event_id, e.occurred_at, NULL,
                        r.stage, r.section, CAST(r.result AS text), r.knowledge_version,
                        1, lpad(r.id::text, 19, '0')
                 FROM stage_result r JOIN accepted_event e ON e.hospital_id = r.hospital_id AND e.event_id = r.event_id
                 WHERE r.hospital_id = ? AND r.case_id = ? AND e.status <> 'pending' %2$s
                 ORDER BY r.recorded_at, r.id LIMIT ?)
            ) AS trail ORDER BY at, sort_kind, sort_key LIMIT ?""";
    private static final String AFTER_EVENT = "AND e.received_at >= ? AND (e.received_at, 0, e.event_id::text) > (?, ?, ?)";
    private static final String AFTER_RESULT =
            "AND r.recorded_at >= ? AND (r.recorded_at, 1, lpad(r.id::text, 19, '0')) > (?, ?, ?)";

    /**
     * A history GET in one statement: one page of the trail (HISTORY_PAGE), the answer it gets (404 when the page is
     * empty and the hospital has no such case, else 200) and that answer's audit entry. As for a view, the entry is
     * committed when the statement returns, and no page is read without it: one round trip where the page, the
     * existence check of an empty page and the entry took two or three. The outcome comes with every row, and alone
     * (the trail's columns null) when the page is empty.
     */
    private static final String HISTORY_AUDITED = """
            WITH t AS MATERIALIZED (%1$s),
                 o AS MATERIALIZED (
                     SELECT CASE WHEN EXISTS (SELECT 1 FROM t) THEN 200
                                 WHEN EXISTS (SELECT 1 FROM case_view WHERE hospital_id = ? AND case_id = ?) THEN 200
                                 ELSE 404 END AS outcome),
                 a AS (INSERT INTO %2$s
                       SELECT %3$s, o.outcome FROM o)
            SELECT o.outcome, t.* FROM o LEFT JOIN t ON true ORDER BY t.at, t.sort_kind, t.sort_key""";

    /**
     * A list GET's audit entry, ahead of the page's SELECT in the same statement: a list that is read is answered 200,
     * which the entry records; when the statement fails, neither the page nor the entry exists. A data-modifying WITH
     * runs to its end whatever the SELECT reads, and the SELECT is the list's own query, planned as before.
     */
    private static final String LIST_AUDIT = "WITH a AS (INSERT INTO %s SELECT %s, 200)\n"
            .formatted(AccessAudit.INTO, AccessAudit.PARAMETERS);

    /** How many parameters an entry binds ({@link AccessAudit#bind}), ahead of the list's own. */
    private static final int AUDIT_PARAMETERS = 6;

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public CaseStore(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    // ------------------------------------------------------------------------------------------ intake

    /**
     * The intake's first step, before the publish: the event id is checked within the hospital and, when new, recorded
     * as pending. A conflict (409) or a repeat of a settled event (202) is final here, and its audit entry goes into
     * this transaction; a new event or a repeat of a pending one must now be published, then {@link #settle}d.
     */
    public AcceptResult reserve(CaseEvent event, AuditEntry audit) {
        return inStatement("recording an event", connection -> {
            String outcome = call(connection, RESERVE_EVENT, event, audit);
            return switch (outcome) {
                case "conflict" -> new AcceptResult(AcceptKind.CONFLICT, null);
                case "new" -> new AcceptResult(AcceptKind.NEW, AcceptResult.PENDING);
                case "repeat:pending", "repeat:accepted", "repeat:stale" -> new AcceptResult(AcceptKind.REPEAT, outcome.substring(7));
                default -> throw new SQLException("unknown intake outcome", "XX000");
            };
        });
    }

    /**
     * The intake's last step, once Kafka acknowledged the event: accepted or stale, the view, and the POST's audit
     * entry (202, or 409 in the rare case another body took the id meanwhile), in one transaction.
     */
    public AcceptResult settle(CaseEvent event, AuditEntry audit) {
        return inStatement("settling an event", connection -> {
            String outcome = call(connection, SETTLE_EVENT, event, audit);
            return switch (outcome) {
                case "accepted", "stale" -> new AcceptResult(AcceptKind.NEW, outcome);
                case "repeat:accepted", "repeat:stale" -> new AcceptResult(AcceptKind.REPEAT, outcome.substring(7));
                case "conflict" -> new AcceptResult(AcceptKind.CONFLICT, null);
                default -> throw new SQLException("unknown intake outcome", "XX000");
            };
        });
    }

    /** After a failed publish: the event's pending row is removed, and the POST's audit entry (503) written. */
    public void abandon(CaseEvent event, AuditEntry audit) {
        inTransaction("abandoning an event", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(ABANDON_EVENT)) {
                statement.setString(1, event.hospitalId());
                statement.setObject(2, event.eventId());
                statement.setString(3, event.bodySha256());
                statement.executeUpdate();
            }
            AccessAudit.insert(connection, audit.withOutcome(503));
            return null;
        });
    }

    /** An intake function's call with the audit entry its outcome may need (the statement sets the outcome). */
    private static String call(Connection connection, String sql, CaseEvent event, AuditEntry audit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, event.hospitalId());
            statement.setObject(2, event.eventId());
            statement.setString(3, event.caseId());
            statement.setObject(4, timestamp(event.occurredAt()));
            statement.setString(5, event.bodySha256());
            statement.setString(6, event.canonicalJson());
            AccessAudit.bind(statement, 7, audit);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One statement in auto-commit: its own transaction, committed when it returns. */
    private <T> T inStatement(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw UnstorableValueException.of(operation, e);
        }
    }

    private <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw UnstorableValueException.of(operation, e);
        }
    }

    // ------------------------------------------------------------------------------------------ projector

    /**
     * Stores stage results in the history and advances each case's view when a result belongs to its current event;
     * one outcome per result, in the given order, as if they had been written one by one in that order. The whole batch
     * is one call, so one statement and one commit (one WAL flush) however many results it holds. The cases' locks are
     * taken first (by the function), all at once, in one fixed order, so that two batches holding cases in common never
     * wait for each other crosswise (a POST holds only its own case's lock).
     */
    public List<ProjectionOutcome> project(List<StageResult> results) {
        int size = results.size();
        String[] hospitals = new String[size];
        UUID[] events = new UUID[size];
        String[] cases = new String[size];
        String[] stages = new String[size];
        String[] sections = new String[size];
        String[] knowledgeVersions = new String[size];
        String[] conclusions = new String[size];
        String[] recommendations = new String[size];
        for (int i = 0; i < size; i++) {
            StageResult result = results.get(i);
            hospitals[i] = result.hospitalId();
            events[i] = result.eventId();
            cases[i] = result.caseId();
            stages[i] = result.stage().value();
            // Only the section the result's own stage owns is written (CONTRACT 1.1): the record's other sections, and
            // a conclusion or recommendation read from them, are ignored.
            sections[i] = result.ownSection();
            knowledgeVersions[i] = result.knowledgeVersion();
            conclusions[i] = result.stage() == Stage.ASSESSED ? result.conclusion() : null;
            recommendations[i] = result.stage() == Stage.PLANNED ? result.recommendation() : null;
        }
        try (Connection connection = dataSource.getConnection()) {
            // One statement: its own transaction.
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(PROJECT)) {
                statement.setArray(1, connection.createArrayOf("text", hospitals));
                statement.setArray(2, connection.createArrayOf("uuid", events));
                statement.setArray(3, connection.createArrayOf("text", cases));
                statement.setArray(4, connection.createArrayOf("text", stages));
                statement.setArray(5, connection.createArrayOf("text", sections));
                statement.setArray(6, connection.createArrayOf("text", knowledgeVersions));
                statement.setArray(7, connection.createArrayOf("text", conclusions));
                statement.setArray(8, connection.createArrayOf("text", recommendations));
                List<ProjectionOutcome> outcomes = new ArrayList<>(size);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        outcomes.add(outcome(rows.getString(1)));
                    }
                }
                if (outcomes.size() != size) {
                    throw new SQLException("projection answered " + outcomes.size() + " outcomes for " + size, "XX000");
                }
                return outcomes;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("projecting stage results", e);
        }
    }

    private static ProjectionOutcome outcome(String value) throws SQLException {
        return switch (value) {
            case "applied" -> ProjectionOutcome.APPLIED;
            case "recorded" -> ProjectionOutcome.RECORDED;
            case "duplicate" -> ProjectionOutcome.DUPLICATE;
            case "unknown-event" -> ProjectionOutcome.UNKNOWN_EVENT;
            case "mismatch" -> ProjectionOutcome.MISMATCH;
            default -> throw new SQLException("unknown projection outcome", "XX000");
        };
    }

    // ------------------------------------------------------------------------------------------ reads

    /**
     * A view GET and its audit entry in one statement (see VIEW_AUDITED): the status to answer, which is the entry's
     * outcome, and the view unless it is 404. {@code audit} is the entry without its outcome.
     */
    public AuditedView viewAudited(String hospitalId, String caseId, ViewCondition condition, AuditEntry audit) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(VIEW_AUDITED)) {
                statement.setString(1, hospitalId);
                statement.setString(2, caseId);
                statement.setBoolean(3, condition.anyVersion());
                statement.setArray(4, connection.createArrayOf("bigint", condition.versions()));
                AccessAudit.bind(statement, 5, audit);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        throw new SQLException("the view statement answered no row", "XX000");
                    }
                    int outcome = rows.getInt("outcome");
                    return new AuditedView(outcome, outcome == 404 ? Optional.empty() : Optional.of(viewRow(rows)));
                }
            }
        } catch (SQLException e) {
            throw UnstorableValueException.of("reading a case with its audit entry", e);
        }
    }

    private static ViewRow viewRow(ResultSet rows) throws SQLException {
        return new ViewRow(
                rows.getString("case_id"),
                rows.getString("hospital_id"),
                rows.getObject("event_id", UUID.class),
                instant(rows, "occurred_at"),
                instant(rows, "updated_at"),
                stage(rows.getString("stage")),
                rows.getString("symptom_assessment"),
                rows.getString("cause_assessment"),
                rows.getString("treatment_plan"),
                rows.getLong("version"));
    }

    /**
     * One page of a hospital's cases in (updated_at, hospital_id, case_id) order, after {@code after} if given, and
     * the list GET's audit entry (outcome 200) in the same statement (LIST_AUDIT): the page comes back only with its
     * entry committed. Rows updated within {@code visibilityDelay} are left out: see
     * GatewayConfig.Listing#visibilityDelay. {@code audit} is the entry without its outcome.
     */
    public List<SummaryRow> listAudited(String hospitalId, ListFilter filter, Position after, int limit,
            Duration visibilityDelay, AuditEntry audit) {
        StringBuilder sql = new StringBuilder(LIST_AUDIT).append("""
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
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                AccessAudit.bind(statement, 1, audit);
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1 + AUDIT_PARAMETERS, parameters.get(i));
                }
                return summaries(statement);
            }
        } catch (SQLException e) {
            throw UnstorableValueException.of("listing cases with the audit entry", e);
        }
    }

    private static List<SummaryRow> summaries(PreparedStatement statement) throws SQLException {
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
    }

    /**
     * One page of a case's trail (accepted events and stage results), oldest first, after {@code after} if given, and
     * the history GET's audit entry in the same statement (HISTORY_AUDITED): 404 and no rows when the hospital has no
     * such case (a case exists once one of its events is settled: it has a view), else 200 and the page. {@code audit}
     * is the entry without its outcome.
     */
    public AuditedHistory historyAudited(String hospitalId, String caseId, HistoryPosition after, int limit,
            AuditEntry audit) {
        String page = HISTORY_PAGE.formatted(after == null ? "" : AFTER_EVENT, after == null ? "" : AFTER_RESULT);
        String sql = HISTORY_AUDITED.formatted(page, AccessAudit.INTO, AccessAudit.PARAMETERS);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 0;
                for (String branch : new String[] { "event", "result" }) {
                    statement.setString(++i, hospitalId);
                    statement.setString(++i, caseId);
                    if (after != null) {
                        statement.setObject(++i, timestamp(after.at()));
                        statement.setObject(++i, timestamp(after.at()));
                        statement.setInt(++i, after.kind());
                        statement.setString(++i, after.key());
                    }
                    statement.setInt(++i, limit);
                }
                statement.setInt(++i, limit);
                statement.setString(++i, hospitalId);
                statement.setString(++i, caseId);
                AccessAudit.bind(statement, i + 1, audit);
                int outcome = 0;
                List<HistoryRow> trail = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        outcome = rows.getInt("outcome");
                        String kind = rows.getString("kind");
                        if (kind == null) {
                            // The outcome's own row: the page is empty.
                            continue;
                        }
                        String stage = rows.getString("stage");
                        Instant at = instant(rows, "at");
                        trail.add(new HistoryRow(
                                kind,
                                at,
                                rows.getObject("event_id", UUID.class),
                                instant(rows, "occurred_at"),
                                rows.getString("status"),
                                stage == null ? null : stage(stage),
                                rows.getString("section"),
                                tree(rows.getString("content")),
                                rows.getString("knowledge_version"),
                                new HistoryPosition(at, rows.getInt("sort_kind"), rows.getString("sort_key"))));
                    }
                }
                if (outcome == 0) {
                    throw new SQLException("the history statement answered no row", "XX000");
                }
                return new AuditedHistory(outcome, outcome == 404 ? List.of() : trail);
            }
        } catch (SQLException e) {
            throw UnstorableValueException.of("reading a case history with the audit entry", e);
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
        return Stage.of(value).orElseThrow(() -> new SQLException("unknown stage in the database", "XX000"));
    }

    private JsonNode tree(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot decode a stored JSON value", "XX000");
        }
    }
}
