package org.coppipeline.gateway.store;

import java.sql.SQLException;

/** The database could not do its part. The message carries the SQLState only: driver messages can quote values. */
public class StoreUnavailableException extends RuntimeException {

    private final boolean transientFailure;

    public StoreUnavailableException(String operation, SQLException cause) {
        super(operation + " failed (SQLState " + cause.getSQLState() + ")", null, false, false);
        this.transientFailure = isTransient(cause.getSQLState());
    }

    /** True when the same statement may well succeed later: no connection, no resources, a deadlock, a shutdown. */
    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * SQLState classes 08 (connection), 40 (transaction rollback: serialization, deadlock), 53 (insufficient
     * resources), 57 (operator intervention, e.g. shutdown), 55P03 (lock not available); no state at all is how
     * the pool reports an acquisition timeout.
     */
    static boolean isTransient(String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return true;
        }
        String kind = sqlState.substring(0, 2);
        return kind.equals("08") || kind.equals("40") || kind.equals("53") || kind.equals("57") || sqlState.equals("55P03");
    }
}
