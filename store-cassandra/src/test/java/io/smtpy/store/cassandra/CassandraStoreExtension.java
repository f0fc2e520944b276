package io.smtpy.store.cassandra;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * A {@link CassandraStore} on a keyspace of the suite's own on the shared server ({@link CassandraServer#shared()}),
 * with the given concerns' tables migrated once per suite and emptied before each test. Register it as a
 * {@code static} field: the keyspace lives from the first test of the class to the last, and is dropped then.
 */
public final class CassandraStoreExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final List<TableSet> concerns;
    private CassandraStore store;

    public CassandraStoreExtension(TableSet... concerns) {
        this.concerns = List.of(concerns);
    }

    public CassandraStore store() {
        if (store == null) {
            throw new IllegalStateException("the extension must be a static field (@RegisterExtension static)");
        }
        return store;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String keyspace = ("t_" + context.getRequiredTestClass().getSimpleName() + "_"
            + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (keyspace.length() > 48) {
            keyspace = "t_" + UUID.randomUUID().toString().replace("-", "");
        }
        store = CassandraStore.open(CassandraServer.shared().settings(keyspace));
        concerns.forEach(store::migrate);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        concerns.forEach(store()::truncate);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (store != null) {
            try {
                store.session().execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + store.keyspace())
                    .setTimeout(Duration.ofSeconds(60)));
            } finally {
                store.close();
                store = null;
            }
        }
    }
}
