package io.smtpy.store.cassandra;

import java.time.Duration;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

import io.smtpy.core.cluster.JobLeases;

/**
 * The cluster's job leases in the {@code job_leases} table: one row per job naming its holder, written with a TTL of
 * the hold (whole seconds, rounded up), so a lease frees itself when its holder stops renewing it. Taking a free
 * lease is {@code INSERT ... IF NOT EXISTS}; its holder takes it again with {@code UPDATE ... IF holder = ?} (a new
 * TTL), and releases it with {@code DELETE ... IF holder = ?}: of nodes racing, Paxos lets one win. Conditional writes
 * run at {@code LOCAL_SERIAL} ({@link CassandraStore}): with several data centres a job runs once per data centre.
 *
 * <p>A conditional write that timed out may still have been applied: the lease is then read back at
 * {@code LOCAL_SERIAL}, which finishes the write in progress, and is this holder's or not.
 */
public final class CassandraJobLeases implements JobLeases {
    public static final TableSet TABLES = TableSet.of("job-leases")
        .migration("CREATE TABLE IF NOT EXISTS job_leases (job text PRIMARY KEY, holder text)")
        .build();

    private final CassandraStore store;

    public CassandraJobLeases(CassandraStore store) {
        this.store = store;
    }

    @Override
    public boolean tryAcquire(String job, String holder, Duration hold) {
        JobLeases.checkHold(hold);
        int seconds = (int) Math.min(Integer.MAX_VALUE, (hold.toMillis() + 999) / 1000);
        String doing = "taking the lease of job " + job;
        try {
            ResultSet taken = store.execute(store.prepare("INSERT INTO job_leases (job, holder) VALUES (?, ?)"
                + " IF NOT EXISTS USING TTL ?").bind(job, holder, seconds), doing);
            if (taken.wasApplied()) {
                return true;
            }
            Row current = taken.one();
            if (current == null || !holder.equals(current.getString("holder"))) {
                return false;
            }
            return store.applied(store.prepare("UPDATE job_leases USING TTL ? SET holder = ? WHERE job = ? IF holder = ?")
                .bind(seconds, holder, job, holder), doing);
        } catch (CassandraStoreException e) {
            if (!(e.getCause() instanceof WriteTimeoutException || e.getCause() instanceof CASWriteUnknownException
                || e.getCause() instanceof DriverTimeoutException)) {
                throw e;
            }
            return holder.equals(holder(job));
        }
    }

    @Override
    public void release(String job, String holder) {
        store.execute(store.prepare("DELETE FROM job_leases WHERE job = ? IF holder = ?").bind(job, holder),
            "releasing the lease of job " + job);
    }

    /** The lease's holder as conditional writes see it; null when the lease is free. */
    private String holder(String job) {
        Row row = store.execute(store.prepare("SELECT holder FROM job_leases WHERE job = ?").bind(job)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL), "reading the lease of job " + job).one();
        return row == null ? null : row.getString("holder");
    }
}
