package org.coppipeline.gateway.store;

import java.sql.SQLException;

/**
 * The database refused a value the request itself carried (SQLState class 22, data exception: a date or number out of
 * its range, text it cannot hold): the caller's mistake, answered 400, never a 503 that would invite retries of the
 * same request. The message carries the SQLState only: driver messages can quote values.
 */
public class UnstorableValueException extends RuntimeException {

    public UnstorableValueException(String operation, SQLException cause) {
        super(operation + " refused a value of the request (SQLState " + cause.getSQLState() + ")", null, false, false);
    }

    /** What a statement run for a request failed with: the request's own values (class 22), or the store. */
    public static RuntimeException of(String operation, SQLException cause) {
        String state = cause.getSQLState();
        if (state != null && state.startsWith("22")) {
            return new UnstorableValueException(operation, cause);
        }
        return new StoreUnavailableException(operation, cause);
    }
}
