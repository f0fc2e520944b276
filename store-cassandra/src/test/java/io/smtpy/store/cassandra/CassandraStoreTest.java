package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/** One keyspace for the class (a keyspace per test cost Cassandra seconds of schema work); each test its own concern. */
class CassandraStoreTest {
    private static final String KEYSPACE = "t_store_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private final List<CassandraStore> opened = new ArrayList<>();
    private String name;

    @BeforeEach
    void concern() {
        name = "notes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @AfterEach
    void close() {
        opened.forEach(CassandraStore::close);
    }

    private CassandraStore open() {
        CassandraStore store = CassandraStore.open(CassandraServer.shared().settings(KEYSPACE));
        opened.add(store);
        return store;
    }

    private TableSet notes(int versions) {
        TableSet.Builder builder = TableSet.of(name)
            .migration("CREATE TABLE IF NOT EXISTS " + name + " (id text PRIMARY KEY, body text)");
        if (versions > 1) {
            builder.migration("ALTER TABLE " + name + " ADD author text");
        }
        return builder.build();
    }

    @Test
    void migrateShouldCreateTheTablesAndRecordTheVersion() {
        CassandraStore store = open();

        store.migrate(notes(1));

        assertThat(store.appliedVersion(name)).isEqualTo(1);
        store.execute(SimpleStatement.newInstance("INSERT INTO " + name + " (id, body) VALUES ('a', 'b')"), "writing");
        assertThat(store.execute(SimpleStatement.newInstance("SELECT body FROM " + name + " WHERE id = 'a'"), "reading")
            .one().getString("body")).isEqualTo("b");
    }

    @Test
    void migrateShouldApplyOnlyTheNewerMigrations() {
        CassandraStore store = open();
        store.migrate(notes(1));

        store.migrate(notes(2));

        assertThat(store.appliedVersion(name)).isEqualTo(2);
        store.execute(SimpleStatement.newInstance("INSERT INTO " + name + " (id, body, author) VALUES ('a', 'b', 'c')"), "writing");
        assertThat(store.execute(SimpleStatement.newInstance("SELECT count(*) FROM schema_versions WHERE concern = '" + name + "'"),
            "counting").one().getLong(0)).isEqualTo(2);
    }

    @Test
    void nodesStartingTogetherShouldMigrateOnce() throws Exception {
        open();
        List<CassandraStore> nodes = List.of(open(), open(), open());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> migrations = new ArrayList<>();
        for (CassandraStore node : nodes) {
            migrations.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                node.migrate(notes(2));
            }));
        }
        start.countDown();
        CompletableFuture.allOf(migrations.toArray(CompletableFuture[]::new)).get();

        for (CassandraStore node : nodes) {
            assertThat(node.appliedVersion(name)).isEqualTo(2);
        }
        assertThat(nodes.get(0).execute(SimpleStatement.newInstance(
            "SELECT count(*) FROM schema_versions WHERE concern = '" + name + "'"), "counting").one().getLong(0)).isEqualTo(2);
    }

    @Test
    void aKeyspaceMigratedByANewerSmtpyShouldBeRefused() {
        CassandraStore store = open();
        store.migrate(notes(2));

        assertThatThrownBy(() -> store.migrate(notes(1)))
            .isInstanceOf(CassandraStoreException.class)
            .hasMessageContaining(name + " tables are at version 2, newer than this smtpy knows (1)");
    }

    @Test
    void aClosedStoreShouldRefuseEveryCall() {
        CassandraStore store = open();
        opened.remove(store);
        store.close();

        assertThatThrownBy(() -> store.prepare("SELECT * FROM schema_versions"))
            .isInstanceOf(CassandraStoreException.class)
            .hasMessage("the Cassandra store is closed");
    }

    @Test
    void anUnreachableServerShouldBeNamedInTheFailure() {
        CassandraSettings nowhere = CassandraSettings.parse(java.util.Map.of(CassandraSettings.CONTACT_POINTS, "127.0.0.1:1",
            CassandraSettings.KEYSPACE, KEYSPACE));

        assertThatThrownBy(() -> CassandraStore.open(nowhere))
            .isInstanceOf(CassandraStoreException.class)
            .hasMessageContaining("could not connect to Cassandra at 127.0.0.1:1");
    }

    @Test
    void creatingARowShouldWriteNoTombstoneForAColumnWithoutValue() {
        CassandraStore store = open();
        store.migrate(notes(1));
        String insert = "INSERT INTO " + name + " (id, body) VALUES (?, ?) IF NOT EXISTS";

        store.execute(store.prepare(insert).bind("created", null), "creating");
        store.session().execute(store.prepare(insert).bind("raw", null));

        assertThat(tombstonesReading("created")).isZero();
        assertThat(tombstonesReading("raw")).as("the driver alone writes one").isEqualTo(1);
    }

    /** What Cassandra's trace of a read of the row says it stepped over. */
    private long tombstonesReading(String id) {
        CassandraStore store = opened.get(0);
        com.datastax.oss.driver.api.core.cql.ResultSet read = store.session().execute(
            SimpleStatement.newInstance("SELECT body FROM " + name + " WHERE id = ?", id).setTracing(true));
        assertThat(read.one().isNull("body")).isTrue();
        return read.getExecutionInfo().getQueryTrace().getEvents().stream()
            .map(com.datastax.oss.driver.api.core.cql.TraceEvent::getActivity)
            .map(activity -> java.util.regex.Pattern.compile("Read \\d+ live rows and (\\d+) tombstone cells").matcher(activity))
            .filter(java.util.regex.Matcher::find)
            .mapToLong(matcher -> Long.parseLong(matcher.group(1)))
            .sum();
    }
}
