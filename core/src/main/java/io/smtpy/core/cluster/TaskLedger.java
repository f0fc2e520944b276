package io.smtpy.core.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * The records of the tasks the nodes run, so that a task started on one node can be followed from any other (a client
 * behind a load balancer asks whichever node it reaches). The node running a task writes its whole record when it
 * takes it, at least every {@link #HEARTBEAT} until it ends (its progress, and that the node still lives), and once
 * more when it ends; a record lasts {@link #KEPT} after its last write. A reader takes an unfinished record its node
 * has not written for {@link #SILENCE} as failed ({@link TaskRecord#asSeenAt}): a node that stopped never leaves a task
 * "in progress" forever.
 *
 * <p>Only the node running a task writes its record, so writes never race across nodes. Implementations:
 * {@link MemoryTaskLedger} (one node, or the nodes of one JVM), Cassandra's (a row per task with a TTL). Every
 * implementation passes {@code TaskLedgerContract}.
 */
public interface TaskLedger {
    /** How long a record lasts after its last write. */
    Duration KEPT = Duration.ofDays(7);
    /** How often the node running a task writes its record at least, while the task is unfinished. */
    Duration HEARTBEAT = Duration.ofSeconds(1);
    /**
     * How long a record may go unwritten before a reader takes its task as failed: thirty heartbeats, room for a slow
     * store and some clock skew between the nodes.
     */
    Duration SILENCE = HEARTBEAT.multipliedBy(30);

    /** Writes {@code record}, replacing the task's earlier one whole; it lasts {@link #KEPT} from now. */
    void record(TaskRecord record);

    /** The last record written for the task {@code taskId}; empty when there is none, or it has expired. */
    Optional<TaskRecord> find(String taskId);
}
