package io.smtpy.guice;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Singleton;

import io.smtpy.core.cluster.JobLeases;

/**
 * The wiring's background jobs (purges, expiries, rotations, digests), each run by one node of the cluster, not by
 * every node. Before each run a node takes the job's lease ({@link JobLeases}) for the job's period; a node that does
 * not get it skips that run, and one that dies holding it frees it when the period ends. A run that fails gives the
 * lease back, so the next node to try runs it instead of waiting a period.
 *
 * <p>A job names the {@link StorageConcern} whose data it works on, and the lease comes from the flavour keeping that
 * concern: on a store shared by the nodes (Cassandra) a job runs on one node; on a store each node keeps alone
 * (embedded, memory: {@link JobLeases#SINGLE_NODE}) it runs on every node, each working on its own data. That is
 * what {@code storage=cassandra} with each node's mail events in its embedded store needs.
 *
 * <p>The node's holder name ({@code pid@host/random}) is new at each start: a restarted node does not take up the
 * lease of its earlier life, which ends with its period.
 */
@Singleton
final class ClusterJobs {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClusterJobs.class);

    private final Function<StorageConcern, JobLeases> leases;
    private final String node;

    @Inject
    ClusterJobs(StorageFlavour storage) {
        this(concern -> storage instanceof PerConcernStorage
            ? ((PerConcernStorage) storage).flavour(concern).jobLeases() : storage.jobLeases(), nodeName());
    }

    /**
     * @param leases the leases of the flavour keeping each concern
     * @param node this node's holder name, which no other node uses
     */
    ClusterJobs(Function<StorageConcern, JobLeases> leases, String node) {
        this.leases = leases;
        this.node = node;
    }

    /** Every job on this node runs, with nobody to share with (tests of one schedule). */
    static ClusterJobs singleNode() {
        return new ClusterJobs(concern -> JobLeases.SINGLE_NODE, nodeName());
    }

    /**
     * Runs {@code task} as {@code job} on a daemon thread ({@code smtpy-<job>}), first after {@code first}, then
     * {@code every} after each run ends, each time on the node that holds the job's lease for {@code every}.
     *
     * @param job the job's name, the same on every node and distinct from every other job's (its lease)
     * @param concern the data it works on
     */
    PeriodicTask schedule(String job, StorageConcern concern, Duration first, Duration every, Runnable task) {
        return new PeriodicTask("smtpy-" + job, first, every, leased(job, concern, every, task));
    }

    /** {@code task} as one run of {@code job}: it runs when this node gets the lease for {@code hold}, else not. */
    Runnable leased(String job, StorageConcern concern, Duration hold, Runnable task) {
        JobLeases jobLeases = leases.apply(concern);
        return () -> {
            if (!jobLeases.tryAcquire(job, node, hold)) {
                LOGGER.debug("{}: another node runs it this time", job);
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                try {
                    jobLeases.release(job, node);
                } catch (RuntimeException releasing) {
                    e.addSuppressed(releasing);
                }
                throw e;
            }
        };
    }

    String node() {
        return node;
    }

    private static String nodeName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
