package io.smtpy.store.embedded;

import static io.smtpy.core.store.AliasRepositoryContract.EXAMPLE;
import static io.smtpy.core.store.AliasRepositoryContract.address;
import static io.smtpy.core.store.AliasRepositoryContract.alias;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.core.model.Alias;

class EmbeddedStoreTest {
    @TempDir
    Path directory;

    @Test
    void openShouldCreateTheFileAndItsMissingDirectories() {
        Path file = directory.resolve("var/smtpy/smtpy.db");

        EmbeddedStore.open(file).close();

        assertThat(file).isRegularFile();
    }

    @Test
    void fileShouldBeInWalModeWithFullSynchronousWritesAndForeignKeys() throws Exception {
        Path file = directory.resolve("smtpy.db");
        try (SqliteConnections connections = SqliteConnections.openWriter(file)) {
            List<String> settings = connections.write(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return List.of(pragma(statement, "journal_mode"), pragma(statement, "synchronous"),
                        pragma(statement, "foreign_keys"), pragma(statement, "busy_timeout"));
                }
            });

            // synchronous 2 is FULL
            assertThat(settings).containsExactly("wal", "2", "1", "10000");
        }
        assertThat(RawDatabase.strings(file, "PRAGMA journal_mode")).containsExactly("wal");
    }

    private static String pragma(Statement statement, String name) throws java.sql.SQLException {
        try (ResultSet value = statement.executeQuery("PRAGMA " + name)) {
            return value.getString(1);
        }
    }

    @Test
    void readsShouldSeeTheLastCommitWhileAWriteIsUnderWay() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(directory.resolve("smtpy.db"))) {
            Alias committed = alias(EXAMPLE, "committed", "a@dest.example");
            store.aliases().create(committed);
            EmbeddedAliasRepository sameFile = new EmbeddedAliasRepository(connectionsOf(store));

            connectionsOf(store).write(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("DELETE FROM aliases");
                }
                // Another thread reads while this write transaction holds the writer.
                Optional<Alias> seen = onAnotherThread(() -> sameFile.find(address(EXAMPLE, "committed")));
                assertThat(seen).contains(committed);
                return null;
            });

            assertThat(store.aliases().find(address(EXAMPLE, "committed"))).isEmpty();
        }
    }

    private static <T> T onAnotherThread(Supplier<T> read) {
        try {
            return CompletableFuture.supplyAsync(read).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the read did not complete while the write was under way", e);
        }
    }

    private static SqliteConnections connectionsOf(EmbeddedStore store) {
        return store.connections();
    }

    @Test
    void closedStoreShouldRefuseReadsAndWrites() {
        EmbeddedStore store = EmbeddedStore.open(directory.resolve("smtpy.db"));
        store.close();

        assertThatThrownBy(() -> store.aliases().find(address(EXAMPLE, "info")))
            .isInstanceOf(EmbeddedStoreException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.domains().delete(EXAMPLE))
            .isInstanceOf(EmbeddedStoreException.class).hasMessageContaining("closed");
    }

    @Test
    void aFileThatIsNotADatabaseShouldBeRefusedWithItsName() throws Exception {
        Path file = directory.resolve("smtpy.db");
        Files.writeString(file, "not a database, just text long enough to fill a header.........................................");

        assertThatThrownBy(() -> EmbeddedStore.open(file))
            .isInstanceOf(EmbeddedStoreException.class)
            .hasMessageContaining(file.toString());
    }
}
