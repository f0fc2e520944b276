package io.smtpy.store.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.cluster.TaskLedger;
import io.smtpy.core.cluster.TaskRecord;
import io.smtpy.core.model.DomainName;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Task records in {@code task_records}, one row per task, every write the whole row {@code USING TTL} of the keeping
 * time ({@link TaskLedger#KEPT}, 7 days): the heartbeat's rewrites push the end further, and a finished task's row
 * goes by itself a week after its last write. Plain writes (no Paxos): only the node running a task writes its row.
 * Instants are {@link StoredInstant} text, exact to the nanosecond; the details are the JSON of the task's details
 * module (at most some hundreds of kilobytes: an import reports its first 1,000 line errors).
 */
public final class CassandraTaskLedger implements TaskLedger {
    public static final TableSet TABLES = TableSet.of("task-records")
        .migration("CREATE TABLE IF NOT EXISTS task_records (id text PRIMARY KEY, type text, account text, domain text,"
            + " status text, node text, submitted_at text, started_at text, finished_at text, heartbeat_at text,"
            + " details text)")
        .build();

    private final CassandraStore store;
    private final int keptSeconds;

    public CassandraTaskLedger(CassandraStore store) {
        this(store, KEPT);
    }

    /** @param kept how long a record lasts after its last write (whole seconds, rounded up) */
    public CassandraTaskLedger(CassandraStore store, Duration kept) {
        this.store = store;
        this.keptSeconds = (int) Math.min(Ttls.MAX_SECONDS, (kept.toMillis() + 999) / 1000);
    }

    @Override
    public void record(TaskRecord record) {
        store.execute(store.prepare("INSERT INTO task_records (id, type, account, domain, status, node, submitted_at,"
            + " started_at, finished_at, heartbeat_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?")
            .bind(record.id(), record.type(), record.account(), record.domain().map(DomainName::asString).orElse(null),
                record.status().value(), record.node(), StoredInstant.format(record.submittedAt()),
                record.startedAt().map(StoredInstant::format).orElse(null),
                record.finishedAt().map(StoredInstant::format).orElse(null), StoredInstant.format(record.heartbeatAt()),
                record.details().orElse(null), keptSeconds), "recording task " + record.id());
    }

    @Override
    public Optional<TaskRecord> find(String taskId) {
        Row row = store.execute(store.prepare("SELECT * FROM task_records WHERE id = ?").bind(taskId),
            "reading the record of task " + taskId).one();
        return Optional.ofNullable(row).map(CassandraTaskLedger::record);
    }

    private static TaskRecord record(Row row) {
        return TaskRecord.builder(row.getString("id"), row.getString("type"), row.getString("account"))
            .domain(Optional.ofNullable(row.getString("domain")).map(DomainName::of))
            .status(TaskRecord.Status.of(row.getString("status")))
            .node(row.getString("node"))
            .submittedAt(StoredInstant.parse(row.getString("submitted_at")))
            .startedAt(instant(row, "started_at"))
            .finishedAt(instant(row, "finished_at"))
            .heartbeatAt(StoredInstant.parse(row.getString("heartbeat_at")))
            .details(Optional.ofNullable(row.getString("details")))
            .build();
    }

    private static Optional<Instant> instant(Row row, String column) {
        return Optional.ofNullable(row.getString(column)).map(StoredInstant::parse);
    }
}
