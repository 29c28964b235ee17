package org.coppipeline.gateway.store;

import java.sql.SQLException;

/** The database could not do its part. The message carries the SQLState only: driver messages can quote values. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String operation, SQLException cause) {
        super(operation + " failed (SQLState " + cause.getSQLState() + ")", null, false, false);
    }
}
