package io.smtpy.core.cluster;

import java.util.List;

/**
 * How nodes sharing one store tell each other what to read again. A node {@link #publish}es each change it made; every
 * node {@link #poll}s the feed often (a few times a second) and reloads what changed. Delivery is at least once:
 * a change may be seen twice, so the reaction must be idempotent (a reload is). A change can still be missed (a node
 * paused longer than the feed keeps changes), which is why each node also reconciles everything now and then.
 *
 * <p>Implementations: {@link #SINGLE_NODE} (nothing to tell), a memory feed shared by the nodes of one JVM (tests),
 * Cassandra's (a time-bucketed table every node tails). Every implementation passes {@code ChangeFeedContract}.
 */
public interface ChangeFeed {
    /** A server alone: publishing tells nobody, polling finds nothing. */
    ChangeFeed SINGLE_NODE = new ChangeFeed() {
        @Override
        public void publish(Change change) {
        }

        @Override
        public List<Change> poll() {
            return List.of();
        }
    };

    /** Tells every node, this one included, that {@code change} happened. */
    void publish(Change change);

    /**
     * The changes published (by any node) since this feed's previous poll, oldest first, each distinct change once per
     * call. The first poll returns what was published since this feed was made.
     */
    List<Change> poll();
}
