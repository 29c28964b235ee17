package org.coppipeline.gateway.replay;

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
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.replay.ReplayRecords.Claimed;
import org.coppipeline.gateway.replay.ReplayRecords.CompleteOutcome;
import org.coppipeline.gateway.replay.ReplayRecords.ImpactItem;
import org.coppipeline.gateway.replay.ReplayRecords.ImpactRow;
import org.coppipeline.gateway.replay.ReplayRecords.Outcome;
import org.coppipeline.gateway.replay.ReplayRecords.ReplayResult;
import org.coppipeline.gateway.replay.ReplayRecords.RequestKind;
import org.coppipeline.gateway.replay.ReplayRecords.Requested;
import org.coppipeline.gateway.replay.ReplayRecords.RunRow;
import org.coppipeline.gateway.replay.ReplayRecords.Sections;
import org.coppipeline.gateway.replay.ReplayRecords.Status;
import org.coppipeline.gateway.store.StoreUnavailableException;
import org.coppipeline.gateway.store.UnstorableValueException;

/**
 * Every SQL statement of replay and knowledge impact (V4__replays.sql; events named by (hospital_id, event_id) since
 * V5 and V6). It reads case_view, accepted_event and stage_result and never writes them, and replays settled events
 * only (the view's current one, or a named accepted or stale one), never a pending one. A request for a replay or an
 * impact run is one transaction under the hospital's replay lock, so that two requests at once cannot both take the
 * last free slot of the hospital's bound; the request's access audit entry is written in that transaction.
 */
@ApplicationScoped
public class ReplayStore {

    /** The hospital's replay lock (the key differs from every case lock's "hospital/case" by its prefix). */
    private static final String LOCK_HOSPITAL = "SELECT pg_advisory_xact_lock(hashtextextended('replay:' || ?, 0))";

    /** Running case replays plus impact runs with a running replay: what the per-hospital bound counts. */
    private static final String RUNNING = """
            SELECT count(DISTINCT COALESCE(impact_id, replay_id)) FROM replay_run
            WHERE hospital_id = ? AND status = 'running'""";

    private static final String CURRENT_EVENT = "SELECT event_id FROM case_view WHERE hospital_id = ? AND case_id = ?";

    /** A settled event of the case: a pending one (V5) is not in the case's trail yet, and may never be. */
    private static final String CASE_EVENT = """
            SELECT 1 FROM accepted_event WHERE hospital_id = ? AND event_id = ? AND case_id = ? AND status <> 'pending'""";

    /** The current event's baseline is the view's sections as they stand. */
    private static final String INSERT_CURRENT = """
            INSERT INTO replay_run (replay_id, hospital_id, case_id, event_id, knowledge_version,
                                    baseline_symptom_assessment, baseline_cause_assessment, baseline_treatment_plan)
            SELECT ?, hospital_id, case_id, event_id, ?, symptom_assessment, cause_assessment, treatment_plan
            FROM case_view WHERE hospital_id = ? AND case_id = ?""";

    /** An earlier (or stale) event's baseline is what its stages returned for it: its stage results. */
    private static final String INSERT_EARLIER = """
            INSERT INTO replay_run (replay_id, hospital_id, case_id, event_id, knowledge_version,
                                    baseline_symptom_assessment, baseline_cause_assessment, baseline_treatment_plan)
            VALUES (?, ?, ?, ?, ?,
                    (SELECT result FROM stage_result WHERE hospital_id = ? AND event_id = ? AND stage = 'scored'),
                    (SELECT result FROM stage_result WHERE hospital_id = ? AND event_id = ? AND stage = 'assessed'),
                    (SELECT result FROM stage_result WHERE hospital_id = ? AND event_id = ? AND stage = 'planned'))""";

    private static final String IMPACT_CASES = """
            SELECT count(*) FROM case_view
            WHERE hospital_id = ? AND (CAST(? AS timestamptz) IS NULL OR updated_at > CAST(? AS timestamptz))""";

    private static final String INSERT_IMPACT = """
            INSERT INTO knowledge_impact (impact_id, hospital_id, from_version, to_version, updated_after, cases)
            VALUES (?, ?, ?, ?, ?, 0)""";

    private static final String INSERT_IMPACT_RUNS = """
            INSERT INTO replay_run (replay_id, hospital_id, case_id, event_id, knowledge_version, impact_id, impact_side)
            SELECT gen_random_uuid(), v.hospital_id, v.case_id, v.event_id, s.version, ?, s.side
            FROM case_view v CROSS JOIN (VALUES (CAST(? AS text), 'from'), (CAST(? AS text), 'to')) AS s (version, side)
            WHERE v.hospital_id = ? AND (CAST(? AS timestamptz) IS NULL OR v.updated_at > CAST(? AS timestamptz))
            ORDER BY v.updated_at, v.case_id, s.side""";

    private static final String SET_IMPACT_CASES = "UPDATE knowledge_impact SET cases = ? WHERE impact_id = ?";

    private static final String FIND_RUN = """
            SELECT replay_id, case_id, event_id, knowledge_version, status, failure_reason,
                   baseline_symptom_assessment, baseline_cause_assessment, baseline_treatment_plan,
                   candidate_symptom_assessment, candidate_cause_assessment, candidate_treatment_plan,
                   created_at, completed_at
            FROM replay_run WHERE replay_id = ? AND hospital_id = ? AND case_id = ? AND impact_id IS NULL""";

    /**
     * The next queued replays, taken in turns across hospitals (each hospital's oldest first), so that one hospital's
     * impact run does not hold back another's single replay; marked dispatched in the same statement.
     */
    private static final String CLAIM = """
            WITH queued AS (
                SELECT replay_id, created_at,
                       row_number() OVER (PARTITION BY hospital_id ORDER BY created_at, replay_id) AS turn
                FROM replay_run WHERE status = 'running' AND dispatched_at IS NULL),
            claimed AS (
                UPDATE replay_run r SET dispatched_at = clock_timestamp()
                FROM (SELECT replay_id, created_at, turn FROM queued ORDER BY turn, created_at, replay_id LIMIT ?) c
                WHERE r.replay_id = c.replay_id AND r.status = 'running' AND r.dispatched_at IS NULL
                RETURNING r.replay_id, r.hospital_id, r.case_id, r.event_id, r.knowledge_version, c.turn, c.created_at)
            SELECT c.replay_id, c.hospital_id, c.case_id, c.event_id, c.knowledge_version, e.body
            FROM claimed c JOIN accepted_event e ON e.hospital_id = c.hospital_id AND e.event_id = c.event_id
            ORDER BY c.turn, c.created_at, c.replay_id""";

    private static final String REQUEUE = """
            UPDATE replay_run SET dispatched_at = NULL WHERE replay_id = ? AND status = 'running'""";

    private static final String FAIL_UNANSWERED = """
            UPDATE replay_run SET status = 'failed', completed_at = clock_timestamp(), failure_reason = ?
            WHERE status = 'running' AND dispatched_at < clock_timestamp() - make_interval(secs => ?)""";

    private static final String FAIL_UNDISPATCHED = """
            UPDATE replay_run SET status = 'failed', completed_at = clock_timestamp(), failure_reason = ?
            WHERE status = 'running' AND dispatched_at IS NULL AND created_at < clock_timestamp() - make_interval(secs => ?)""";

    private static final String PURGE_RUNS = """
            DELETE FROM replay_run
            WHERE impact_id IS NULL AND status <> 'running' AND completed_at < clock_timestamp() - make_interval(secs => ?)""";

    private static final String PURGE_IMPACTS = """
            DELETE FROM knowledge_impact i WHERE created_at < clock_timestamp() - make_interval(secs => ?)
              AND NOT EXISTS (SELECT 1 FROM replay_run r WHERE r.impact_id = i.impact_id AND r.status = 'running')""";

    private static final String COMPLETE = "SELECT complete_replay(?, ?, ?, ?, ?, ?, ?)";

    /** Outcome fields that make a case an impact item when they differ between the two versions. */
    private static final String DIFFERS = """
            (f.conclusion IS DISTINCT FROM t.conclusion OR f.recommendation IS DISTINCT FROM t.recommendation
             OR f.glucocorticoid_recommended IS DISTINCT FROM t.glucocorticoid_recommended
             OR f.critical_warning IS DISTINCT FROM t.critical_warning OR f.severity IS DISTINCT FROM t.severity)""";

    private static final String IMPACT = """
            SELECT i.impact_id, i.from_version, i.to_version, i.updated_after, i.cases, i.created_at,
                   count(*) FILTER (WHERE f.status = 'running' OR t.status = 'running') AS running,
                   count(*) FILTER (WHERE f.status = 'failed' OR t.status = 'failed') AS failed,
                   count(*) FILTER (WHERE f.status = 'done' AND t.status = 'done') AS compared,
                   count(*) FILTER (WHERE f.status = 'done' AND t.status = 'done'
                                    AND f.conclusion IS DISTINCT FROM t.conclusion) AS conclusion,
                   count(*) FILTER (WHERE f.status = 'done' AND t.status = 'done'
                                    AND f.recommendation IS DISTINCT FROM t.recommendation) AS recommendation,
                   count(*) FILTER (WHERE f.status = 'done' AND t.status = 'done'
                                    AND f.glucocorticoid_recommended IS DISTINCT FROM t.glucocorticoid_recommended)
                       AS glucocorticoid_recommended,
                   count(*) FILTER (WHERE f.status = 'done' AND t.status = 'done'
                                    AND f.critical_warning IS DISTINCT FROM t.critical_warning) AS critical_warning,
                   count(*) FILTER (WHERE f.status = 'done' AND t.status = 'done'
                                    AND f.severity IS DISTINCT FROM t.severity) AS severity
            FROM knowledge_impact i
            LEFT JOIN replay_run f ON f.impact_id = i.impact_id AND f.impact_side = 'from'
            LEFT JOIN replay_run t ON t.impact_id = i.impact_id AND t.impact_side = 'to' AND t.case_id = f.case_id
            WHERE i.impact_id = ? AND i.hospital_id = ?
            GROUP BY i.impact_id""";

    private static final String IMPACT_ITEMS = """
            SELECT f.case_id,
                   f.suspicion AS f_suspicion, f.conclusion AS f_conclusion, f.severity AS f_severity,
                   f.recommendation AS f_recommendation, f.glucocorticoid_recommended AS f_gc,
                   f.critical_warning AS f_critical,
                   t.suspicion AS t_suspicion, t.conclusion AS t_conclusion, t.severity AS t_severity,
                   t.recommendation AS t_recommendation, t.glucocorticoid_recommended AS t_gc,
                   t.critical_warning AS t_critical
            FROM replay_run f
            JOIN replay_run t ON t.impact_id = f.impact_id AND t.case_id = f.case_id AND t.impact_side = 'to'
            WHERE f.impact_id = ? AND f.impact_side = 'from' AND f.status = 'done' AND t.status = 'done'
              AND f.case_id > ? AND """ + DIFFERS + """

            ORDER BY f.case_id LIMIT ?""";

    private final AgroalDataSource dataSource;

    public ReplayStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ------------------------------------------------------------------------------------------ requests

    /**
     * A replay of the case's current event (eventId null) or of one of its settled events, unless the bound is reached;
     * {@code audit} (with the event and the answer's status) is appended in the same transaction, whatever the outcome.
     */
    public Requested requestReplay(UUID replayId, String hospitalId, String caseId, UUID eventId, String version,
            int maxRunning, AuditEntry audit) {
        return inTransaction("requesting a replay", UnstorableValueException::of, connection -> {
            lockHospital(connection, hospitalId);
            UUID current;
            try (PreparedStatement statement = connection.prepareStatement(CURRENT_EVENT)) {
                statement.setString(1, hospitalId);
                statement.setString(2, caseId);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return audited(connection, audit, Requested.of(RequestKind.NO_CASE));
                    }
                    current = rows.getObject(1, UUID.class);
                }
            }
            UUID target = eventId == null ? current : eventId;
            AuditEntry entry = audit.withEvent(caseId, target);
            if (!target.equals(current) && !exists(connection, CASE_EVENT, hospitalId, target, caseId)) {
                return audited(connection, entry, Requested.of(RequestKind.NO_EVENT));
            }
            if (running(connection, hospitalId) >= maxRunning) {
                return audited(connection, entry, Requested.of(RequestKind.BUSY));
            }
            if (target.equals(current)) {
                update(connection, INSERT_CURRENT, replayId, version, hospitalId, caseId);
            } else {
                update(connection, INSERT_EARLIER, replayId, hospitalId, caseId, target, version, hospitalId, target,
                        hospitalId, target, hospitalId, target);
            }
            return audited(connection, entry.withQuery(created("replayId=" + replayId, entry.query())),
                    Requested.of(RequestKind.CREATED));
        });
    }

    /**
     * An impact run: two replays (from, to) of the current event of every case selected, unless a bound is reached;
     * {@code audit} (with the answer's status) is appended in the same transaction, whatever the outcome.
     */
    public Requested requestImpact(UUID impactId, String hospitalId, String from, String to, Instant updatedAfter,
            int maxRunning, int maxCases, AuditEntry audit) {
        return inTransaction("requesting a knowledge impact run", UnstorableValueException::of, connection -> {
            lockHospital(connection, hospitalId);
            if (running(connection, hospitalId) >= maxRunning) {
                return audited(connection, audit, Requested.of(RequestKind.BUSY));
            }
            OffsetDateTime after = updatedAfter == null ? null : timestamp(updatedAfter);
            long cases;
            try (PreparedStatement statement = connection.prepareStatement(IMPACT_CASES)) {
                statement.setString(1, hospitalId);
                statement.setObject(2, after);
                statement.setObject(3, after);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    cases = rows.getLong(1);
                }
            }
            if (cases > maxCases) {
                return audited(connection, audit,
                        new Requested(RequestKind.TOO_MANY_CASES, (int) Math.min(cases, Integer.MAX_VALUE)));
            }
            update(connection, INSERT_IMPACT, impactId, hospitalId, from, to, after);
            int runs = update(connection, INSERT_IMPACT_RUNS, impactId, from, to, hospitalId, after, after);
            update(connection, SET_IMPACT_CASES, runs / 2, impactId);
            return audited(connection, audit.withQuery(created("impactId=" + impactId, audit.query())),
                    new Requested(RequestKind.CREATED, runs / 2));
        });
    }

    /** Appends the request's audit entry with the status its outcome is answered with. */
    private static Requested audited(Connection connection, AuditEntry audit, Requested requested) throws SQLException {
        AccessAudit.insert(connection, audit.withOutcome(requested.kind().status()));
        return requested;
    }

    /** A created run's audit query starts with its id, which the entries of its report reads carry too. */
    private static String created(String id, String query) {
        return query == null ? id : id + "&" + query;
    }

    // ------------------------------------------------------------------------------------------ dispatcher

    /** Takes up to {@code limit} queued replays (marking them dispatched) with the bodies of their events. */
    public List<Claimed> claim(int limit) {
        return inTransaction("claiming queued replays", connection -> {
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
                statement.setInt(1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new Claimed(rows.getObject("replay_id", UUID.class), rows.getString("hospital_id"),
                                rows.getString("case_id"), rows.getObject("event_id", UUID.class),
                                rows.getString("knowledge_version"), rows.getString("body")));
                    }
                }
            }
            return claimed;
        });
    }

    /** Puts a replay whose record Kafka did not take back in the queue. */
    public void requeue(UUID replayId) {
        inTransaction("requeueing a replay", connection -> update(connection, REQUEUE, replayId));
    }

    /** Marks replays failed that waited too long for their result or their turn; returns how many. */
    public int failOverdue(Duration resultTimeout, Duration queueTimeout) {
        return inTransaction("failing overdue replays", connection ->
                update(connection, FAIL_UNANSWERED, "no result from the stages within " + resultTimeout
                        + " of dispatch (a stage may have dead-lettered the record)", seconds(resultTimeout))
                        + update(connection, FAIL_UNDISPATCHED, "not dispatched to the stages within " + queueTimeout,
                                seconds(queueTimeout)));
    }

    /** Deletes finished case replays and impact runs older than {@code retention}; returns how many rows went. */
    public int purge(Duration retention) {
        return inTransaction("purging old replays", connection ->
                update(connection, PURGE_RUNS, seconds(retention)) + update(connection, PURGE_IMPACTS, seconds(retention)));
    }

    // ------------------------------------------------------------------------------------------ projector

    /** Stores replayed planned records; one outcome per result, in order, in one transaction. */
    public List<CompleteOutcome> complete(List<ReplayResult> results) {
        return inTransaction("storing replay results", connection -> {
            List<CompleteOutcome> outcomes = new ArrayList<>(results.size());
            try (PreparedStatement statement = connection.prepareStatement(COMPLETE)) {
                for (ReplayResult result : results) {
                    statement.setObject(1, result.replayId());
                    statement.setString(2, result.hospitalId());
                    statement.setString(3, result.caseId());
                    statement.setObject(4, result.eventId());
                    statement.setString(5, result.sections().symptomAssessment());
                    statement.setString(6, result.sections().causeAssessment());
                    statement.setString(7, result.sections().treatmentPlan());
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        outcomes.add(CompleteOutcome.valueOf(rows.getString(1).replace('-', '_').toUpperCase()));
                    }
                }
            }
            return outcomes;
        });
    }

    // ------------------------------------------------------------------------------------------ reads

    public Optional<RunRow> findRun(String hospitalId, String caseId, UUID replayId) {
        return read("reading a replay", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(FIND_RUN)) {
                statement.setObject(1, replayId);
                statement.setString(2, hospitalId);
                statement.setString(3, caseId);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RunRow(rows.getObject("replay_id", UUID.class), rows.getString("case_id"),
                            rows.getObject("event_id", UUID.class), rows.getString("knowledge_version"),
                            Status.of(rows.getString("status")), rows.getString("failure_reason"),
                            new Sections(rows.getString("baseline_symptom_assessment"),
                                    rows.getString("baseline_cause_assessment"), rows.getString("baseline_treatment_plan")),
                            new Sections(rows.getString("candidate_symptom_assessment"),
                                    rows.getString("candidate_cause_assessment"), rows.getString("candidate_treatment_plan")),
                            instant(rows, "created_at"), instant(rows, "completed_at")));
                }
            }
        });
    }

    public Optional<ImpactRow> findImpact(String hospitalId, UUID impactId) {
        return read("reading a knowledge impact run", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(IMPACT)) {
                statement.setObject(1, impactId);
                statement.setString(2, hospitalId);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ImpactRow(rows.getObject("impact_id", UUID.class), rows.getString("from_version"),
                            rows.getString("to_version"), instant(rows, "updated_after"), rows.getInt("cases"),
                            instant(rows, "created_at"), rows.getInt("running"), rows.getInt("failed"),
                            rows.getInt("compared"), rows.getInt("conclusion"), rows.getInt("recommendation"),
                            rows.getInt("glucocorticoid_recommended"), rows.getInt("critical_warning"),
                            rows.getInt("severity")));
                }
            }
        });
    }

    /** Cases of an impact run whose outcome differs between the versions, in case id order, after {@code afterCaseId}. */
    public List<ImpactItem> impactItems(UUID impactId, String afterCaseId, int limit) {
        return read("reading knowledge impact items", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(IMPACT_ITEMS)) {
                statement.setObject(1, impactId);
                statement.setString(2, afterCaseId == null ? "" : afterCaseId);
                statement.setInt(3, limit);
                List<ImpactItem> items = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        items.add(new ImpactItem(rows.getString("case_id"), outcome(rows, "f_"), outcome(rows, "t_")));
                    }
                }
                return items;
            }
        });
    }

    // ------------------------------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(String operation, Work<T> work) {
        return inTransaction(operation, StoreUnavailableException::new, work);
    }

    /**
     * As {@link #inTransaction(String, Work)}, with the exception a failed statement becomes made by {@code failure}: in
     * a request's own transaction a value the database refuses (SQLState class 22) is the caller's, a 400, not a 503.
     */
    private <T> T inTransaction(String operation, BiFunction<String, SQLException, RuntimeException> failure, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // The connection is closed next; the pool discards it if it is broken.
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure.apply(operation, e);
        }
    }

    private <T> T read(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreUnavailableException(operation, e);
        }
    }

    private static void lockHospital(Connection connection, String hospitalId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK_HOSPITAL)) {
            statement.setString(1, hospitalId);
            statement.execute();
        }
    }

    private static long running(Connection connection, String hospitalId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RUNNING)) {
            statement.setString(1, hospitalId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static Outcome outcome(ResultSet rows, String prefix) throws SQLException {
        return new Outcome(rows.getString(prefix + "suspicion"), rows.getString(prefix + "conclusion"),
                rows.getString(prefix + "severity"), rows.getString(prefix + "recommendation"),
                (Boolean) rows.getObject(prefix + "gc"), (Boolean) rows.getObject(prefix + "critical"));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
