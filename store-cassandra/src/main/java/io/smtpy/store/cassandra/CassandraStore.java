package io.smtpy.store.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

/**
 * smtpy's keyspace on Cassandra: one session per node, shared by every Cassandra storage port. {@link #open} connects,
 * creates the keyspace when told to, and keeps the schema bookkeeping; each concern's ports bring their own tables
 * ({@link TableSet}) and have them applied with {@link #migrate(TableSet)}, so a concern can be stored here while
 * another stays elsewhere. Thread-safe. After {@link #close()} every call fails with {@link CassandraStoreException}.
 *
 * <p>Reads and writes are made at {@code LOCAL_QUORUM}; conditional writes ({@code IF NOT EXISTS}, {@code IF ...})
 * at {@code LOCAL_SERIAL}, which is how uniqueness is kept across nodes. Every driver failure becomes a
 * {@link CassandraStoreException} naming what was being done.
 */
public final class CassandraStore implements AutoCloseable {
    private static final Duration LEASE_WAIT = Duration.ofMinutes(2);
    private static final int LEASE_SECONDS = 120;

    private final CqlSession session;
    private final String keyspace;
    private final Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private CassandraStore(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    /** Connects, creates the keyspace if the settings say so, and readies the schema bookkeeping. */
    public static CassandraStore open(CassandraSettings settings) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.requestTimeout())
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, ConsistencyLevel.LOCAL_QUORUM.name())
            .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, ConsistencyLevel.LOCAL_SERIAL.name())
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, settings.requestTimeout())
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, settings.requestTimeout())
            .withBoolean(DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE, false)
            // A node that went away is tried again every second or so (the default backs off to a minute): the RCPT
            // decision defers mail while the store does not answer, and should not wait long once it does.
            .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofSeconds(1))
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(4))
            .build();
        CqlSession session;
        try {
            // The driver reads its reference configuration through a class loader: inside James that must be the
            // extension's, not the thread's.
            session = CqlSession.builder()
                .addContactPoints(settings.contactPoints())
                .withLocalDatacenter(settings.localDatacenter())
                .withConfigLoader(config)
                .withClassLoader(CassandraStore.class.getClassLoader())
                .build();
        } catch (DriverException e) {
            throw new CassandraStoreException("could not connect to Cassandra at " + settings.contactPointsText(), e);
        }
        try {
            if (settings.createKeyspace()) {
                session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + settings.keyspace()
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
                    + settings.replicationFactor() + "}"));
            }
            session.execute("USE " + settings.keyspace());
            CassandraStore store = new CassandraStore(session, settings.keyspace());
            store.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS schema_versions ("
                + "concern text, version int, applied_at timestamp, applied_by text, PRIMARY KEY (concern, version))"),
                "creating schema_versions");
            store.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS schema_leases ("
                + "concern text PRIMARY KEY, holder text)"), "creating schema_leases");
            return store;
        } catch (RuntimeException e) {
            session.close();
            if (e instanceof CassandraStoreException) {
                throw e;
            }
            throw new CassandraStoreException("could not open keyspace " + settings.keyspace(), e);
        }
    }

    public String keyspace() {
        return keyspace;
    }

    /** The session, for what this class does not wrap (paging, asynchronous calls). */
    public CqlSession session() {
        checkOpen();
        return session;
    }

    /** The statement, prepared once per store. */
    public PreparedStatement prepare(String cql) {
        checkOpen();
        return prepared.computeIfAbsent(cql, text -> {
            try {
                return session.prepare(text);
            } catch (DriverException e) {
                throw new CassandraStoreException("could not prepare: " + text, e);
            }
        });
    }

    /**
     * Runs a statement; a driver failure becomes a {@link CassandraStoreException} saying what was being done. An
     * {@code INSERT ... IF NOT EXISTS} writes no null: a column without a value is left unset, as a new row has nothing
     * to clear, so creating rows leaves no tombstones for every later read of their partition to step over.
     */
    public ResultSet execute(Statement<?> statement, String doing) {
        checkOpen();
        try {
            if (statement instanceof BoundStatement && creates((BoundStatement) statement)) {
                return session.execute(withoutNulls((BoundStatement) statement));
            }
            return session.execute(statement);
        } catch (DriverException e) {
            throw new CassandraStoreException("Cassandra failed " + doing + ": " + e.getMessage(), e);
        }
    }

    private static boolean creates(BoundStatement statement) {
        String query = statement.getPreparedStatement().getQuery();
        String condition = "IF NOT EXISTS";
        return query.regionMatches(true, 0, "INSERT", 0, 6)
            && query.regionMatches(true, query.length() - condition.length(), condition, 0, condition.length());
    }

    /**
     * The statement with its null values unset: for a row that does not exist yet (a null would write a tombstone, an
     * unset value writes nothing). Never for a write that replaces a row, where a null clears an old value.
     */
    public static BoundStatement withoutNulls(BoundStatement statement) {
        BoundStatement unset = statement;
        for (int i = 0; i < statement.size(); i++) {
            if (statement.isSet(i) && statement.isNull(i)) {
                unset = unset.unset(i);
            }
        }
        return unset;
    }

    /** Runs a conditional write ({@code IF ...}): whether it was applied. */
    public boolean applied(Statement<?> statement, String doing) {
        return execute(statement, doing).wasApplied();
    }

    /** Runs a logged batch: all of it is applied or, after a failure, it is retried by Cassandra until it is. */
    public void executeLogged(BatchStatement batch, String doing) {
        execute(batch, doing);
    }

    /**
     * Brings a concern's tables up to date: applies the migrations the keyspace lacks, under a lease in Cassandra so
     * that nodes starting together do not run them at once (the others wait for the holder). Refuses a keyspace whose
     * version of the concern is newer than this smtpy knows.
     */
    public void migrate(TableSet tables) {
        String concern = tables.concern();
        int applied = appliedVersion(concern);
        checkNotNewer(tables, applied);
        if (applied == tables.version()) {
            return;
        }
        String holder = UUID.randomUUID().toString();
        Instant deadline = Instant.now().plus(LEASE_WAIT);
        while (!applied(prepare("INSERT INTO schema_leases (concern, holder) VALUES (?, ?) IF NOT EXISTS USING TTL "
            + LEASE_SECONDS).bind(concern, holder), "taking the schema lease of " + concern)) {
            if (appliedVersion(concern) == tables.version()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CassandraStoreException("another node has held the schema lease of " + concern
                    + " for over " + LEASE_WAIT.toSeconds() + " s");
            }
            sleep(200);
        }
        try {
            applied = appliedVersion(concern);
            checkNotNewer(tables, applied);
            for (int version = applied + 1; version <= tables.version(); version++) {
                for (String statement : tables.statements(version)) {
                    execute(SimpleStatement.newInstance(statement).setTimeout(Duration.ofSeconds(60)),
                        "migrating " + concern + " to version " + version);
                }
                execute(prepare("INSERT INTO schema_versions (concern, version, applied_at, applied_by) VALUES (?, ?, ?, ?)")
                    .bind(concern, version, Instant.now(), holder), "recording " + concern + " version " + version);
            }
        } finally {
            execute(prepare("DELETE FROM schema_leases WHERE concern = ? IF holder = ?").bind(concern, holder),
                "releasing the schema lease of " + concern);
        }
    }

    /** The version of a concern's tables in this keyspace; 0 when none was applied. */
    public int appliedVersion(String concern) {
        Row newest = execute(prepare("SELECT version FROM schema_versions WHERE concern = ? ORDER BY version DESC LIMIT 1")
            .bind(concern), "reading the schema version of " + concern).one();
        return newest == null ? 0 : newest.getInt("version");
    }

    /** Empties a concern's tables (tests). */
    public void truncate(TableSet tables) {
        for (String table : tables.tables()) {
            execute(SimpleStatement.newInstance("TRUNCATE " + table).setTimeout(Duration.ofSeconds(60)),
                "truncating " + table);
        }
    }

    private static void checkNotNewer(TableSet tables, int applied) {
        if (applied > tables.version()) {
            throw new CassandraStoreException("the " + tables.concern() + " tables are at version " + applied
                + ", newer than this smtpy knows (" + tables.version() + "): a newer smtpy wrote them");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CassandraStoreException("interrupted waiting for the schema lease", e);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new CassandraStoreException("the Cassandra store is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.close();
        }
    }
}
