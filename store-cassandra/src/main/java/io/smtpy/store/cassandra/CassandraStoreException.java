package io.smtpy.store.cassandra;

/**
 * A failure the storage ports have no word for: Cassandra unreachable or timing out, a schema written by a newer
 * smtpy, a closed store. Callers on the mail path answer it with a temporary failure, never a permanent one.
 */
public class CassandraStoreException extends RuntimeException {
    public CassandraStoreException(String message) {
        super(message);
    }

    public CassandraStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
