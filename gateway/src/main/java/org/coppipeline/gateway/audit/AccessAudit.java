package org.coppipeline.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

import org.coppipeline.gateway.store.UnstorableValueException;

/**
 * The access audit (CONTRACT 1.1) in the gateway's PostgreSQL: table access_audit (Flyway V5), to which the service
 * can only append. A write's entry goes into the write's own transaction ({@link #insert(Connection, AuditEntry)},
 * or the write's own statement through {@link #INTO}, {@link #PARAMETERS} and {@link #bind}, used by CaseStore), as
 * does a view's, a list's and a history's (CaseStore#viewAudited, #listAudited, #historyAudited); any other entry is
 * appended on its own, before the answer it records is sent.
 */
@ApplicationScoped
public class AccessAudit {

    /** The table and its columns, for an INSERT INTO ... SELECT whose values are {@link #PARAMETERS}, then the outcome. */
    public static final String INTO = "access_audit (actor, hospital_id, action, case_id, event_id, query, outcome)";

    /**
     * An entry's values but its outcome, as parameters bound by {@link #bind}; typed, as nothing else in a SELECT list
     * tells the server their types (a null event id).
     */
    public static final String PARAMETERS = "CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), "
            + "CAST(? AS uuid), CAST(? AS text)";

    private static final String INSERT = "INSERT INTO " + INTO + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** One stored entry; {@code id} orders entries stamped in the same microsecond. */
    public record AuditRow(long id, Instant at, String actor, String hospitalId, String action, String caseId,
            UUID eventId, String query, int outcome) {
    }

    /** Filters of GET /api/v1/audit-events; null means any. */
    public record AuditFilter(String caseId, String actor, Instant after) {
    }

    /** Keyset position in the order (at, id). */
    public record AuditPosition(Instant at, long id) {
    }

    private final AgroalDataSource dataSource;

    public AccessAudit(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends one entry in its own (auto-committed) statement. */
    public void append(AuditEntry entry) {
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, entry);
        } catch (SQLException e) {
            throw UnstorableValueException.of("appending an audit entry", e);
        }
    }

    /** Appends one entry on the caller's connection, inside whatever transaction it has open. */
    public static void insert(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            bind(statement, 1, entry);
            statement.setInt(7, entry.outcome());
            statement.executeUpdate();
        }
    }

    /** Binds the entry's values but its outcome to the six parameters from {@code first} on ({@link #PARAMETERS}). */
    public static void bind(PreparedStatement statement, int first, AuditEntry entry) throws SQLException {
        statement.setString(first, entry.actor());
        statement.setString(first + 1, entry.hospitalId());
        statement.setString(first + 2, entry.action());
        statement.setString(first + 3, entry.caseId());
        statement.setObject(first + 4, entry.eventId(), Types.OTHER);
        statement.setString(first + 5, entry.query());
    }

    /**
     * One page of a hospital's entries in (at, id) order, after {@code position} if given. Entries younger than
     * {@code visibilityDelay} are left for the next read, as in the case list: an entry is stamped a moment before its
     * transaction commits, and a reader resuming from a cursor must never step over one that commits late.
     */
    public List<AuditRow> read(String hospitalId, AuditFilter filter, AuditPosition position, int limit,
            Duration visibilityDelay) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, at, actor, hospital_id, action, case_id, event_id, query, outcome FROM access_audit
                WHERE hospital_id = ? AND at <= clock_timestamp() - make_interval(secs => ?)""");
        List<Object> parameters = new ArrayList<>();
        parameters.add(hospitalId);
        parameters.add(visibilityDelay.toNanos() / 1e9);
        if (filter.caseId() != null) {
            sql.append(" AND case_id = ?");
            parameters.add(filter.caseId());
        }
        if (filter.actor() != null) {
            sql.append(" AND actor = ?");
            parameters.add(filter.actor());
        }
        if (filter.after() != null) {
            sql.append(" AND at > ?");
            parameters.add(timestamp(filter.after()));
        }
        if (position != null) {
            sql.append(" AND at >= ? AND (at, id) > (?, ?)");
            parameters.add(timestamp(position.at()));
            parameters.add(timestamp(position.at()));
            parameters.add(position.id());
        }
        sql.append(" ORDER BY at, id LIMIT ?");
        parameters.add(limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<AuditRow> page = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(new AuditRow(
                            rows.getLong("id"),
                            rows.getObject("at", OffsetDateTime.class).toInstant(),
                            rows.getString("actor"),
                            rows.getString("hospital_id"),
                            rows.getString("action"),
                            rows.getString("case_id"),
                            rows.getObject("event_id", UUID.class),
                            rows.getString("query"),
                            rows.getInt("outcome")));
                }
            }
            return page;
        } catch (SQLException e) {
            throw UnstorableValueException.of("reading the access audit", e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
