package io.smtpy.store.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections to one SQLite file: a single writer behind a lock and a few read-only readers.
 *
 * <p>SQLite lets one connection write at a time. Serialising writers on a Java lock, rather than letting several
 * connections race for the file lock, means an in-process writer never sees {@code SQLITE_BUSY}; in WAL mode the
 * readers read the last committed state without waiting for the writer, so a long import does not stall lookups.
 */
final class SqliteConnections implements AutoCloseable {
    /** Work done on a connection inside one transaction. */
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /*
     * synchronous=FULL: in WAL mode it syncs the WAL at every commit, so a write the API has answered survives
     * a crash of the machine, not only of the JVM (NORMAL would lose the last commits on power loss). The cost
     * is one fsync per transaction; a bulk import is one transaction, so it pays one fsync, not one per alias.
     */
    private static final SQLiteConfig.SynchronousMode SYNCHRONOUS = SQLiteConfig.SynchronousMode.FULL;
    /** Waits out file locks held by another process (a backup, the sqlite3 shell) instead of failing at once. */
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** After a checkpoint, truncate the WAL left by a big import back to this size rather than keep it on disk. */
    private static final int JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
    /** Negative: in KiB. A larger cache for the writer keeps a large import's index pages in memory. */
    private static final int WRITER_CACHE_KIB = -32 * 1024;
    private static final int READERS = 4;

    private final Path file;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private volatile int openedReaders;
    private volatile boolean closed;

    private SqliteConnections(Path file, Connection writer) {
        this.file = file;
        this.writer = writer;
    }

    /** Opens the writer only: the schema must be in place before readers may open (see {@link #openReaders()}). */
    static SqliteConnections openWriter(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SYNCHRONOUS);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT_BYTES);
        config.setCacheSize(WRITER_CACHE_KIB);
        // Otherwise the driver runs a "SELECT last_insert_rowid()" of its own after every INSERT, wanted or not: a
        // quarter of the events writer's time. Nothing here reads generated keys.
        config.setGetGeneratedKeys(false);
        try {
            return new SqliteConnections(file, dataSource(file, config).getConnection());
        } catch (SQLException e) {
            throw new EmbeddedStoreException("cannot open the smtpy database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Brings the schema up to date on the writer, outside the write transactions of {@link #write(SqlWork)}. */
    void migrate(SchemaMigrations migrations) {
        writeLock.lock();
        try {
            ensureOpen();
            migrations.migrate(writer, file.toString());
        } finally {
            writeLock.unlock();
        }
    }

    void openReaders() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        SQLiteDataSource readOnly = dataSource(file, config);
        try {
            for (int i = 0; i < READERS; i++) {
                readers.add(readOnly.getConnection());
                openedReaders++;
            }
        } catch (SQLException e) {
            throw new EmbeddedStoreException("cannot open the smtpy database " + file + " for reading: " + e.getMessage(), e);
        }
    }

    // A DataSource rather than DriverManager: inside James the driver jar sits in the extension class loader,
    // which DriverManager does not search.
    private static SQLiteDataSource dataSource(Path file, SQLiteConfig config) {
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    Path file() {
        return file;
    }

    /** Runs the work in one write transaction ({@code BEGIN IMMEDIATE}), rolled back if it throws. */
    <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(writer, "BEGIN IMMEDIATE", work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs the work in one read transaction, so that several queries see the same committed state. */
    <T> T read(SqlWork<T> work) {
        ensureOpen();
        Connection reader = takeReader();
        try {
            return inTransaction(reader, "BEGIN DEFERRED", work);
        } finally {
            readers.add(reader);
        }
    }

    private Connection takeReader() {
        try {
            Connection reader = readers.poll(BUSY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (reader == null) {
                ensureOpen();
                throw new EmbeddedStoreException("no reader of " + file + " came free within " + BUSY_TIMEOUT_MILLIS + " ms");
            }
            return reader;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStoreException("interrupted while waiting for a reader of " + file, e);
        }
    }

    // Transactions are begun and ended with SQL on auto-commit connections: the JDBC auto-commit switch of the
    // driver would hold a transaction open between calls, and with it the write lock.
    private <T> T inTransaction(Connection connection, String begin, SqlWork<T> work) {
        try {
            execute(connection, begin);
        } catch (SQLException e) {
            throw failure(e);
        }
        T result;
        try {
            result = work.run(connection);
        } catch (SQLException e) {
            throw rolledBack(connection, failure(e));
        } catch (RuntimeException e) {
            throw rolledBack(connection, e);
        } catch (Error e) {
            throw rolledBack(connection, e);
        }
        try {
            execute(connection, "COMMIT");
        } catch (SQLException e) {
            throw rolledBack(connection, failure(e));
        }
        return result;
    }

    private static <E extends Throwable> E rolledBack(Connection connection, E cause) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException rollbackFailure) {
            // SQLite rolls back by itself on some errors (a full disk); then there is nothing left to roll back.
            if (!isNoTransaction(rollbackFailure)) {
                cause.addSuppressed(rollbackFailure);
            }
        }
        return cause;
    }

    private static boolean isNoTransaction(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("no transaction is active");
    }

    private EmbeddedStoreException failure(SQLException e) {
        return new EmbeddedStoreException("smtpy database " + file + ": " + e.getMessage(), e);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new EmbeddedStoreException("the smtpy database " + file + " is closed");
        }
    }

    /**
     * Closes the readers (waiting for reads under way), then the writer: the last connection to close checkpoints
     * the WAL into the database file.
     */
    @Override
    public void close() {
        closed = true;
        List<SQLException> failures = new ArrayList<>();
        for (int i = 0; i < openedReaders; i++) {
            Connection reader;
            try {
                reader = readers.poll(BUSY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (reader == null) {
                break;
            }
            closeQuietly(reader, failures);
        }
        writeLock.lock();
        try {
            closeQuietly(writer, failures);
        } finally {
            writeLock.unlock();
        }
        if (!failures.isEmpty()) {
            EmbeddedStoreException failure = new EmbeddedStoreException("closing the smtpy database " + file + " failed", failures.get(0));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void closeQuietly(Connection connection, List<SQLException> failures) {
        try {
            connection.close();
        } catch (SQLException e) {
            failures.add(e);
        }
    }
}
