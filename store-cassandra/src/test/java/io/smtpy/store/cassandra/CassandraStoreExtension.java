package io.smtpy.store.cassandra;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link CassandraStore} on the shared server ({@link CassandraServer#shared()}) with the given concerns' tables
 * migrated and emptied before each test. Register it as a {@code static} field.
 *
 * <p>Every suite of a JVM shares one store on one keyspace of the JVM's own (suites run one after the other in a
 * JVM, and each empties its tables before each test): creating and dropping a keyspace per suite cost Cassandra
 * about ten seconds of schema work each time. Other JVMs (other modules, other runs) take keyspaces of their own.
 */
public final class CassandraStoreExtension implements BeforeAllCallback, BeforeEachCallback {
    private static CassandraStore shared;

    private final List<TableSet> concerns;

    public CassandraStoreExtension(TableSet... concerns) {
        this.concerns = List.of(concerns);
    }

    /** The store of this JVM's keyspace, opened on first use and closed when the JVM ends. */
    public static synchronized CassandraStore sharedStore() {
        if (shared == null) {
            String keyspace = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            shared = CassandraStore.open(CassandraServer.shared().settings(keyspace));
            CassandraStore opened = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(opened::close, "smtpy-test-cassandra-store-close"));
        }
        return shared;
    }

    public CassandraStore store() {
        return sharedStore();
    }

    /** Lets {@code duration} pass for the store: Cassandra's TTLs follow the real time, so this waits it out. */
    public static void elapse(java.time.Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        concerns.forEach(sharedStore()::migrate);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        concerns.forEach(sharedStore()::truncate);
    }
}
