package io.smtpy.store.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A fresh store in its own temporary directory for each test, closed after it; tests may close and reopen it. */
class EmbeddedStoreExtension implements BeforeEachCallback, AfterEachCallback {
    private Path directory;
    private EmbeddedStore store;
    private boolean open;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("smtpy-store");
        store = EmbeddedStore.open(file());
        open = true;
    }

    Path file() {
        return directory.resolve("smtpy.db");
    }

    void close() {
        if (open) {
            store.close();
            open = false;
        }
    }

    /** Closes the store and opens a new one on the same file. */
    EmbeddedStore reopen() {
        close();
        store = EmbeddedStore.open(file());
        open = true;
        return store;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    EmbeddedStore store() {
        return store;
    }

    /** The steps of SQLite's plan for a query (the detail column of EXPLAIN QUERY PLAN), one per line. */
    String queryPlan(String query) {
        return store.connections().read(connection -> {
            StringBuilder plan = new StringBuilder();
            try (Statement statement = connection.createStatement();
                 ResultSet steps = statement.executeQuery("EXPLAIN QUERY PLAN " + query)) {
                while (steps.next()) {
                    plan.append(steps.getString("detail")).append('\n');
                }
            }
            return plan.toString();
        });
    }
}
