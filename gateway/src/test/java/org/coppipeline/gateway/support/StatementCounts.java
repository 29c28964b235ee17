package org.coppipeline.gateway.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statements the gateway's own account ran, from pg_stat_statements (preloaded by {@link GatewayTestResources},
 * in schema {@link #SCHEMA}, read as the owner): top-level statements by normalised text, with their calls. A
 * statement's counters are updated before its result goes back to the client, so a snapshot taken after an answer
 * arrived counts that answer's statements. The replay dispatcher's background statements (replay_run,
 * knowledge_impact) are left out, and so is transaction control (BEGIN, COMMIT, ROLLBACK): the dispatcher's
 * transactions cannot be told from others' (the reads counted run in auto-commit and send none). Every other statement
 * of the account is counted.
 */
public final class StatementCounts {

    public static final String SCHEMA = "test_stats";

    private static final String CALLS = """
            SELECT s.query, sum(s.calls) FROM %s.pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
            WHERE r.rolname = ? AND s.toplevel
              AND s.query NOT LIKE '%%replay_run%%' AND s.query NOT LIKE '%%knowledge_impact%%'
              AND upper(s.query) NOT IN ('BEGIN', 'COMMIT', 'ROLLBACK')
            GROUP BY s.query""".formatted(SCHEMA);

    private StatementCounts() {
    }

    /** Calls so far per statement text. */
    public static Map<String, Long> snapshot(String jdbcUrl) {
        try (Connection owner = GatewayTestResources.ownerConnection(jdbcUrl);
                PreparedStatement statement = owner.prepareStatement(CALLS)) {
            statement.setString(1, GatewayTestResources.APP_ROLE);
            Map<String, Long> calls = new TreeMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    calls.put(rows.getString(1), rows.getLong(2));
                }
            }
            return calls;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The calls since {@code before}, per statement text that ran meanwhile. */
    public static Map<String, Long> since(Map<String, Long> before, String jdbcUrl) {
        Map<String, Long> delta = new TreeMap<>();
        snapshot(jdbcUrl).forEach((query, calls) -> {
            long ran = calls - before.getOrDefault(query, 0L);
            if (ran > 0) {
                delta.put(query, ran);
            }
        });
        return delta;
    }

    public static long total(Map<String, Long> delta) {
        return delta.values().stream().mapToLong(Long::longValue).sum();
    }
}
